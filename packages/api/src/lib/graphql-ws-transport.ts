import type { IncomingMessage } from 'node:http';
import {
  CloseCode,
  handleProtocols,
  makeServer,
  MessageType,
  type ConnectionInitMessage,
  type ServerOptions,
} from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from './logger.js';
import { traceGraphqlWs, withGraphqlWsSpan } from './tracing.js';

/** What the protocol core's `ctx.extra` holds for a socket of this transport. */
export interface WsExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

/**
 * The identity of operations on one socket. graphql-ws's protocol core keys an operation's state by the id the
 * client chose, so an id reused after `complete` shares that state with the operation it ended: the old
 * operation's last `next`, its `complete` and its clean-up land on the new one (seen: `next#a` twice, then a
 * `complete#a` that made the client drop a live subscription). Here each operation gets its own id for the core,
 * and messages of an operation that has ended for the client are dropped, as the graphql-transport-ws protocol
 * requires: after `complete` (from either side) nothing more for that id, and a reused id is a new, independent
 * operation.
 */
export class OperationIds {
  private sequence = 0;
  private readonly serverIdOf = new Map<string, string>();
  private readonly clientIdOf = new Map<string, string>();

  /** Operations the client has open. */
  get size(): number {
    return this.serverIdOf.size;
  }

  /**
   * A client message, rewritten for the core: `{ forward }` with the message to hand on, `{ drop: true }` for a
   * `complete` of an operation that has already ended, `{ duplicate: id }` for a `subscribe` whose id is in use.
   */
  inbound(data: string): { forward: string } | { drop: true } | { duplicate: string } {
    let message: { type?: unknown; id?: unknown };
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      return { forward: data }; // the core answers malformed messages (4400)
    }
    if (typeof message !== 'object' || message === null || typeof message.id !== 'string') return { forward: data };
    const clientId = message.id;
    if (message.type === MessageType.Subscribe) {
      if (this.serverIdOf.has(clientId)) return { duplicate: clientId };
      const serverId = String((this.sequence += 1));
      this.serverIdOf.set(clientId, serverId);
      this.clientIdOf.set(serverId, clientId);
      return { forward: JSON.stringify({ ...message, id: serverId }) };
    }
    if (message.type === MessageType.Complete) {
      const serverId = this.serverIdOf.get(clientId);
      if (serverId === undefined) return { drop: true };
      this.end(serverId, clientId);
      return { forward: JSON.stringify({ ...message, id: serverId }) };
    }
    return { forward: data };
  }

  /**
   * A message from the core, with the client's id put back; null when its operation has ended for the client.
   * The core writes `{"id":"<id>","type":...}` with the id first; ids given out here are digits only.
   */
  outbound(data: string): string | null {
    const prefix = '{"id":"';
    if (!data.startsWith(prefix)) return data; // connection_ack, ping, pong
    const end = data.indexOf('"', prefix.length);
    const serverId = data.slice(prefix.length, end);
    const clientId = this.clientIdOf.get(serverId);
    if (clientId === undefined) return null;
    const rest = data.slice(end + 1);
    if (rest.startsWith(`,"type":"${MessageType.Complete}"`) || rest.startsWith(`,"type":"${MessageType.Error}"`)) {
      this.end(serverId, clientId);
    }
    return `{"id":${JSON.stringify(clientId)}${rest}`;
  }

  private end(serverId: string, clientId: string): void {
    this.clientIdOf.delete(serverId);
    this.serverIdOf.delete(clientId);
  }
}

/** Bytes a socket may have queued before `send` waits for its messages to be written. */
const SEND_HIGH_WATER = 64 * 1024;

/** A failed write closes the socket ('close' then ends its operations); nothing to do per message. */
const ignoreWriteError = () => undefined;

/**
 * Gathers the messages one socket is sent in one run of the event loop's callbacks and microtasks into one write:
 * the first `batch()` corks the socket and a `process.nextTick` (which runs once the microtask queue is empty)
 * uncorks it. A fan-out that hands a subscriber several events at once then costs one writev, not one per event:
 * the system call per message and socket was the largest cost of a fan-out (bench/README.md, fanout).
 */
class WriteBatch {
  private corked = false;

  constructor(private readonly raw: { cork(): void; uncork(): void }) {}

  batch(): void {
    if (this.corked) return;
    this.corked = true;
    this.raw.cork();
    process.nextTick(() => {
      this.corked = false;
      this.raw.uncork();
    });
  }
}

export interface TransportOptions {
  logger: Logger;
  /** Interval of the keep-alive pings; a socket that misses a pong for as long is terminated. */
  keepAliveMs?: number;
  /** In production, close reasons never carry an error's text. */
  isProduction: boolean;
}

/**
 * graphql-ws on a `ws` server: the protocol core (`makeServer`) with this transport's own socket adapter, in the
 * manner of graphql-ws's `use/ws`, plus operation identity (`OperationIds`) and a span per operation while tracing
 * is on (lib/tracing.ts). Returns `dispose`, which closes every socket with 1001 and the server.
 */
export function useGraphqlWs<P extends ConnectionInitMessage['payload'], E extends Record<PropertyKey, unknown>>(
  options: ServerOptions<P, WsExtra & Partial<E>>,
  ws: WebSocketServer,
  { logger, keepAliveMs = 12_000, isProduction }: TransportOptions,
): { dispose(): Promise<void> } {
  const core = makeServer(traceGraphqlWs(options));
  ws.options.handleProtocols = handleProtocols;
  const internalError = (socket: WebSocket, error: unknown, what: string) => {
    logger.error({ err: error }, what);
    const reason = error instanceof Error && !isProduction ? error.message : 'Internal server error';
    socket.close(CloseCode.InternalServerError, reason.length < 124 ? reason : 'Internal server error');
  };

  ws.on('connection', (socket, request) => {
    socket.once('error', (error) => internalError(socket, error, 'graphql-ws socket error'));
    const ids = new OperationIds();
    const writes = new WriteBatch(request.socket);

    let pongWait: NodeJS.Timeout | null = null;
    const pings = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
      socket.once('pong', () => {
        if (pongWait) clearTimeout(pongWait);
        pongWait = null;
      });
      socket.ping();
    }, keepAliveMs);

    const extra = { socket, request } as WsExtra & Partial<E>;
    const closed = core.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          const message = ids.outbound(data);
          if (message === null || socket.readyState !== socket.OPEN) return;
          writes.batch();
          // Below the high-water mark the core may go on at once (the message is queued in order); above it, it
          // waits until the message is written, so a slow reader's backlog stays in its event queue (and its bound).
          if (socket.bufferedAmount < SEND_HIGH_WATER) {
            socket.send(message, ignoreWriteError);
            return;
          }
          return new Promise<void>((resolve, reject) =>
            socket.send(message, (error) => (error ? reject(error) : resolve())),
          );
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (raw) => {
            const text = String(raw);
            const verdict = ids.inbound(text);
            if ('drop' in verdict) return;
            if ('duplicate' in verdict) {
              const reason = `Subscriber for ${verdict.duplicate} already exists`;
              socket.close(
                CloseCode.SubscriberAlreadyExists,
                reason.length < 124 ? reason : 'Subscriber already exists',
              );
              return;
            }
            try {
              // The socket's request id is set by the server's onConnect (server/graphql-ws.ts).
              await withGraphqlWsSpan(text, (extra as { requestId?: unknown }).requestId, () =>
                handle(verdict.forward),
              );
            } catch (error) {
              internalError(socket, error, 'graphql-ws message handling failed');
            }
          }),
      },
      extra,
    );

    socket.once('close', (code, reason) => {
      if (pongWait) clearTimeout(pongWait);
      clearInterval(pings);
      void closed(code, String(reason));
    });
  });

  return {
    dispose: async () => {
      for (const client of ws.clients) client.close(1001, 'Going away');
      ws.removeAllListeners();
      await new Promise<void>((resolve, reject) => ws.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
