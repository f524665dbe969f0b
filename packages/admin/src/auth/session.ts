import { RefreshSessionDocument, type Role } from '@support/schema/identity';
import { ApiError, execute, isApiError } from '../api/client';

/** The staff member's session as kept in localStorage (the one source of truth, shared by every tab). */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (ms since the epoch). */
  expiresAt: number;
  /** When this pair was stored (ms since the epoch): a request sent before it used an older token. */
  obtainedAt: number;
  user: { id: string; roles: Role[]; displayName: string };
}

/** What verifyLoginCode and refreshSession return. */
export interface IssuedSession {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { id: string; roles: Role[]; displayName?: string };
}

const STORAGE_KEY = 'support.session';
/** Refresh this long before the access token expires, so that no request goes out with a dying token. */
const REFRESH_MARGIN_MS = 60_000;
const REFRESH_LOCK = 'support.session.refresh';

const unauthenticated = () => new ApiError('Not logged in', 'UNAUTHENTICATED', {}, 401);

/**
 * Runs `task` holding a Web Lock, so that two tabs never spend the same refresh token (falls back to no lock).
 * `task` learns whether it had to wait for another tab that held the lock.
 */
async function withLock<T>(name: string, task: (waited: boolean) => Promise<T>): Promise<T> {
  if (typeof navigator === 'undefined' || !navigator.locks) return task(false);
  // The lock is held until the task's promise settles, and request() resolves with its value.
  const first = (await navigator.locks.request(name, { ifAvailable: true }, async (lock) =>
    lock ? { value: await task(false) } : null,
  )) as { value: T } | null;
  if (first) return first.value;
  return navigator.locks.request(name, () => task(true));
}

/** Another tab's write to localStorage reaches this tab a moment later (browsers propagate it asynchronously). */
const STORAGE_PROPAGATION_MS = 500;

/**
 * The tokens of the logged-in staff member. Refresh tokens are single-use (spending one twice revokes the
 * session), so refreshes are serialised: concurrent callers in a tab share one request, and a tab that waited for
 * another tab's refresh takes the pair that tab stored instead of spending the old token again.
 */
export class SessionStore {
  private refreshing: Promise<StoredSession> | null = null;

  constructor(
    private readonly storage: Storage = localStorage,
    private readonly url = '/graphql',
  ) {}

  read(): StoredSession | null {
    const raw = this.storage.getItem(STORAGE_KEY);
    if (!raw) return null;
    try {
      const session = JSON.parse(raw) as StoredSession;
      return typeof session.accessToken === 'string' && typeof session.refreshToken === 'string' ? session : null;
    } catch {
      return null;
    }
  }

  save(issued: IssuedSession): StoredSession {
    const previous = this.read();
    const session: StoredSession = {
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      expiresAt: Date.parse(issued.expiresAt),
      obtainedAt: Date.now(),
      user: {
        id: issued.user.id,
        roles: issued.user.roles,
        displayName: issued.user.displayName ?? previous?.user.displayName ?? '',
      },
    };
    this.storage.setItem(STORAGE_KEY, JSON.stringify(session));
    return session;
  }

  clear(): void {
    this.storage.removeItem(STORAGE_KEY);
  }

  /** A usable access token, refreshed first if it is about to expire; null when nobody is logged in. */
  async getAccessToken(): Promise<string | null> {
    const session = this.read();
    if (!session) return null;
    if (session.expiresAt - Date.now() > REFRESH_MARGIN_MS) return session.accessToken;
    return (await this.refresh('expiring')).accessToken;
  }

  /**
   * A new access token after the API refused one sent at `sentAt`: the pair stored since then if there is one,
   * otherwise a refreshed pair. Null when the session cannot be renewed (it has been cleared).
   */
  async renewAfter(sentAt: number): Promise<string | null> {
    const current = this.read();
    if (!current) return null;
    if (current.obtainedAt > sentAt) return current.accessToken;
    try {
      return (await this.refresh('refused')).accessToken;
    } catch {
      return null;
    }
  }

  /**
   * Exchanges the refresh token for a new pair; callers arriving while a refresh is under way get its result.
   * `expiring`: the token is about to expire (a pair another tab stored meanwhile does); `refused`: the API refused
   * it (only a pair stored since will do). UNAUTHENTICATED (expired, revoked or reused token) clears the session.
   */
  refresh(reason: 'expiring' | 'refused'): Promise<StoredSession> {
    this.refreshing ??= this.refreshNow(reason).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshNow(reason: 'expiring' | 'refused'): Promise<StoredSession> {
    const before = this.read();
    if (!before) throw unauthenticated();
    return withLock(REFRESH_LOCK, async (waited) => {
      let current = this.read();
      // Another tab held the lock, most likely refreshing: give its new pair time to reach this tab's storage.
      for (let slept = 0; waited && current?.refreshToken === before.refreshToken && slept < STORAGE_PROPAGATION_MS;) {
        await new Promise((done) => setTimeout(done, 50));
        slept += 50;
        current = this.read();
      }
      if (!current) throw unauthenticated();
      // Another tab refreshed while this one waited for the lock: its pair is the live one.
      if (current.refreshToken !== before.refreshToken) return current;
      // Due only to expire, and no longer about to: another tab refreshed even before this one looked.
      if (reason === 'expiring' && current.expiresAt - Date.now() > REFRESH_MARGIN_MS) return current;
      try {
        const { refreshSession } = await execute(
          RefreshSessionDocument,
          { refreshToken: current.refreshToken },
          { url: this.url },
        );
        return this.save(refreshSession);
      } catch (error) {
        if (isApiError(error, 'UNAUTHENTICATED')) this.clear();
        throw error;
      }
    });
  }
}
