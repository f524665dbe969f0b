import type { PubSub } from './pubsub.js';

/** What a graphql-ws socket was opened with. */
export interface SocketCredential {
  userId?: string;
  sessionId?: string;
  /** When the access token presented expires: the socket closes then (4401). */
  expiresAt?: Date;
  apiKeyId?: string;
}

type Kind = 'sessionId' | 'userId' | 'apiKeyId';

/** The part of a socket this needs (ws's WebSocket). */
export interface ClosableSocket {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** graphql-ws's own close codes (no new ones): the credential ended, or it expired. */
export const CLOSE_FORBIDDEN = 4403;
export const CLOSE_UNAUTHORIZED = 4401;

/** Timers longer than this overflow setTimeout; a token never lives that long here anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Sockets live no longer than their credential. Every open socket is indexed by the session, user and API key it
 * was opened with; a revocation published on any instance (session ended, roles changed, key revoked or re-scoped)
 * closes the affected sockets here with 4403, and a socket whose access token expires closes with 4401. Clients
 * reconnect with a fresh credential and resume with `after`.
 */
export class SocketCredentials {
  private readonly index: Record<Kind, Map<string, Set<ClosableSocket>>> = {
    sessionId: new Map(),
    userId: new Map(),
    apiKeyId: new Map(),
  };
  private readonly stops: Array<() => void>;

  constructor(pubsub: PubSub) {
    this.stops = [
      pubsub.listen('identity/sessions_revoked', ({ sessionIds }) =>
        this.closeAll('sessionId', sessionIds, 'Forbidden: the session has ended'),
      ),
      pubsub.listen('identity/roles_changed', ({ userId }) =>
        this.closeAll('userId', [userId], 'Forbidden: your roles changed; reconnect'),
      ),
      pubsub.listen('integrations/api_key_changed', ({ apiKeyId }) =>
        this.closeAll('apiKeyId', [apiKeyId], 'Forbidden: the API key was revoked or re-scoped'),
      ),
    ];
  }

  /** Tracks a socket that has just been authenticated, until it closes. */
  track(socket: ClosableSocket, credential: SocketCredential): void {
    const keys = (['sessionId', 'userId', 'apiKeyId'] satisfies Kind[]).filter((kind) => credential[kind]);
    for (const kind of keys) {
      const id = credential[kind]!;
      const sockets = this.index[kind].get(id) ?? new Set();
      sockets.add(socket);
      this.index[kind].set(id, sockets);
    }
    let expiry: NodeJS.Timeout | undefined;
    if (credential.expiresAt) {
      const ms = Math.max(0, Math.min(credential.expiresAt.getTime() - Date.now(), MAX_TIMER_MS));
      expiry = setTimeout(() => socket.close(CLOSE_UNAUTHORIZED, 'Unauthorized: the access token expired'), ms);
      expiry.unref();
    }
    socket.once('close', () => {
      clearTimeout(expiry);
      for (const kind of keys) {
        const id = credential[kind]!;
        const sockets = this.index[kind].get(id);
        sockets?.delete(socket);
        if (sockets?.size === 0) this.index[kind].delete(id);
      }
    });
  }

  private closeAll(kind: Kind, ids: readonly string[], reason: string): void {
    for (const id of ids) {
      for (const socket of this.index[kind].get(id) ?? []) socket.close(CLOSE_FORBIDDEN, reason);
    }
  }

  dispose(): void {
    for (const stop of this.stops) stop();
  }
}
