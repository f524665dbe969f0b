import { LockMode } from '@mikro-orm/core';
import { messages } from '../notify/messages.js';
import type { Em, Orm } from '../../db/orm.js';
import { isUuid, newId } from '../../lib/ids.js';
import type { Viewer } from '../../lib/context.js';
import type { Role } from '../../lib/roles.js';
import { DomainError, notFound, unauthenticated } from '../../lib/errors.js';
import type { PubSub } from '../../lib/pubsub.js';
import type { NotifyService } from '../notify/notify.service.js';
import { approximateLocation } from './geo.js';
import { RefreshToken, Session, User } from './identity.entity.js';
import { generateRefreshToken, hashRefreshToken, signAccessToken, verifyAccessToken, type Keys } from './tokens.js';

/**
 * How long after a refresh the same refresh token may be presented again when the pair it was exchanged for has
 * not been used: the first answer was lost on the way (the OAuth "reuse interval"). Later, or once the newer pair
 * is in use, presenting it again ends the session.
 */
export const LOST_ANSWER_GRACE_MS = 30_000;

export interface ClientMeta {
  ip: string;
  userAgent: string | null;
  platform?: string | null;
}

export interface IssuedSession {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  user: User;
  sessionId: string;
}

export interface SessionServiceOptions {
  orm: Orm;
  keys: Keys;
  pubsub: PubSub;
  notify: NotifyService;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
}

type RefreshOutcome =
  { kind: 'ok'; issued: IssuedSession } | { kind: 'reused'; sessionId: string } | { kind: 'invalid' };

/** Sessions, access tokens and rotating refresh tokens. */
export class SessionService {
  /**
   * Sessions ended within the last access-token lifetime, with when their last token expires: access tokens are
   * checked against it, so a revoked session stops working at once on every instance without a database read
   * per request (revocations arrive over pub/sub; a starting instance loads the recent ones).
   */
  private readonly revoked = new Map<string, number>();
  /**
   * Users whose roles an admin changed within the last access-token lifetime, with their roles now: a token issued
   * before the change is judged by these, so a granted or revoked role takes effect at once on every instance.
   */
  private readonly currentRoles = new Map<string, { roles: Role[]; until: number }>();
  private stopWatching: Array<() => void> = [];

  constructor(private readonly options: SessionServiceOptions) {}

  async watchRevocations(): Promise<void> {
    const { pubsub, orm } = this.options;
    this.stopWatching = [
      pubsub.listen('identity/sessions_revoked', ({ sessionIds }) => this.forget(sessionIds)),
      pubsub.listen('identity/roles_changed', ({ userId, roles }) => this.rememberRoles(userId, roles as Role[])),
    ];
    const since = new Date(Date.now() - this.options.accessTokenTtlSeconds * 1000);
    const em = orm.em.fork();
    const recent = await em.find(Session, { revokedAt: { $gte: since } }, { fields: ['id'] });
    this.forget(recent.map((session) => session.id));
    const changed = await em.find(User, { rolesChangedAt: { $gte: since } }, { fields: ['id', 'roles'] });
    for (const user of changed) this.rememberRoles(user.id, user.roles as Role[]);
  }

  stopWatchingRevocations(): void {
    for (const stop of this.stopWatching) stop();
    this.stopWatching = [];
  }

  private rememberRoles(userId: string, roles: Role[]): void {
    const now = Date.now();
    this.currentRoles.set(userId, { roles, until: now + this.options.accessTokenTtlSeconds * 1000 });
    if (this.currentRoles.size > 1000) {
      for (const [id, entry] of this.currentRoles) if (entry.until < now) this.currentRoles.delete(id);
    }
  }

  /**
   * An admin changed a user's roles (already committed): live access tokens carry the new roles from now on, on
   * every instance, and the user's open sockets close (4403) so that they reconnect under the new roles.
   */
  async announceRolesChanged(userId: string, roles: Role[]): Promise<void> {
    this.rememberRoles(userId, roles);
    await this.options.pubsub.publish('identity/roles_changed', { userId, roles });
  }

  private forget(sessionIds: string[]): void {
    const until = Date.now() + this.options.accessTokenTtlSeconds * 1000;
    for (const id of sessionIds) this.revoked.set(id, until);
    if (this.revoked.size > 1000) {
      const now = Date.now();
      for (const [id, expires] of this.revoked) if (expires < now) this.revoked.delete(id);
    }
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.options.refreshTokenTtlDays * 86_400_000);
  }

  private async issue(em: Em, user: User, session: Session): Promise<IssuedSession> {
    const refreshToken = generateRefreshToken();
    em.create(RefreshToken, {
      sessionId: session.id,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: session.expiresAt,
      usedAt: null,
      voidedAt: null,
    });
    const { token, expiresAt } = await signAccessToken(
      this.options.keys.accessToken,
      { userId: user.id, sessionId: session.id, roles: user.roles as Role[] },
      this.options.accessTokenTtlSeconds,
    );
    return { accessToken: token, refreshToken, expiresAt, user, sessionId: session.id };
  }

  /** Opens a session for a user who has just proved their phone, inside the caller's transaction. */
  async open(em: Em, user: User, meta: ClientMeta): Promise<IssuedSession> {
    const session = em.create(Session, {
      id: newId(),
      userId: user.id,
      platform: meta.platform ?? null,
      userAgent: meta.userAgent?.slice(0, 400) ?? null,
      ip: meta.ip,
      location: approximateLocation(meta.ip),
      expiresAt: this.refreshExpiry(),
      revokedAt: null,
      revokedReason: null,
    });
    return this.issue(em, user, session);
  }

  /** Whether the account has a live session (used to allow the Security chat channel). */
  async hasActiveSession(em: Em, userId: string): Promise<boolean> {
    const count = await em.count(Session, { userId, revokedAt: null, expiresAt: { $gt: new Date() } });
    return count > 0;
  }

  /**
   * Exchanges a refresh token for a new pair. A token can be used once: presenting a spent one means it was
   * copied, so the whole session (the token family) is revoked.
   */
  async refresh(em: Em, refreshToken: string, meta: ClientMeta): Promise<IssuedSession> {
    const outcome = await em.transactional(async (tx): Promise<RefreshOutcome> => {
      const token = await tx.findOne(
        RefreshToken,
        { tokenHash: hashRefreshToken(refreshToken) },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!token) return { kind: 'invalid' };
      const session = await tx.findOne(Session, { id: token.sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const now = new Date();
      if (!session || session.revokedAt || session.expiresAt <= now) return { kind: 'invalid' };
      if (token.voidedAt) {
        // A retry of its predecessor replaced this token: two holders of one family. Neither goes on.
        const owner = await tx.findOneOrFail(User, { id: session.userId });
        this.markRevoked(tx, owner, [session], 'refresh_token_replay');
        return { kind: 'reused', sessionId: session.id };
      }
      if (token.usedAt) {
        // Spent before. If that refresh's answer never reached the client (a tab closed or a connection dropped
        // mid-request) the pair it issued was never used: a retry soon after gets a new pair and the lost one is
        // voided. Otherwise the token was copied, and the whole session ends.
        const issuedSince = await tx.find(RefreshToken, { sessionId: session.id, createdAt: { $gte: token.usedAt } });
        const answerLost =
          now.getTime() - token.usedAt.getTime() <= LOST_ANSWER_GRACE_MS &&
          issuedSince.length > 0 &&
          issuedSince.every((successor) => !successor.usedAt);
        if (!answerLost) {
          const owner = await tx.findOneOrFail(User, { id: session.userId });
          this.markRevoked(tx, owner, [session], 'refresh_token_reuse');
          return { kind: 'reused', sessionId: session.id };
        }
        // The lost pair is voided: if it turns up after all, the token was copied and the family ends then.
        for (const successor of issuedSince) {
          successor.voidedAt = now;
          successor.expiresAt = now;
        }
      } else if (token.expiresAt <= now) return { kind: 'invalid' };
      token.usedAt ??= now;
      session.lastSeenAt = now;
      session.ip = meta.ip;
      session.location = approximateLocation(meta.ip);
      session.expiresAt = this.refreshExpiry();
      const user = await tx.findOneOrFail(User, { id: session.userId });
      return { kind: 'ok', issued: await this.issue(tx, user, session) };
    });
    if (outcome.kind === 'reused') {
      await this.announceRevoked([outcome.sessionId]);
      throw unauthenticated('This refresh token was already used; the session has been ended for safety');
    }
    if (outcome.kind === 'invalid') throw unauthenticated('The refresh token is invalid or expired; log in again');
    return outcome.issued;
  }

  /** Ends sessions of `userId`: one (`sessionId`) or all. Returns how many were live. */
  async revoke(em: Em, userId: string, reason: string, sessionId?: string): Promise<number> {
    const revoked = await em.transactional(async (tx) => {
      const sessions = await tx.find(
        Session,
        { userId, revokedAt: null, ...(sessionId ? { id: sessionId } : {}) },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (sessions.length > 0) this.markRevoked(tx, await tx.findOneOrFail(User, { id: userId }), sessions, reason);
      return sessions.map((session) => session.id);
    });
    await this.announceRevoked(revoked);
    return revoked.length;
  }

  /** Revokes one of the viewer's own sessions; another user's session is NOT_FOUND. */
  async revokeOwn(em: Em, viewer: Viewer, sessionId: string): Promise<void> {
    if (!isUuid(sessionId)) throw notFound('Session');
    const found = await this.revoke(em, viewer.userId, 'revoked_by_user', sessionId);
    if (found === 0) throw notFound('Session');
  }

  /** Marks sessions revoked and tells the owner in their Security chat. */
  private markRevoked(em: Em, owner: User, sessions: Session[], reason: string): void {
    const now = new Date();
    for (const session of sessions) {
      session.revokedAt = now;
      session.revokedReason = reason;
      this.options.notify.enqueue(em, {
        channel: 'SECURITY_CHAT',
        to: owner.phone,
        userId: owner.id,
        purpose:
          reason === 'refresh_token_replay' || reason === 'refresh_token_reuse'
            ? 'session_hijack_suspected'
            : 'session_revoked',
        text: messages.sessionRevoked(
          device(session),
          reason === 'refresh_token_replay' || reason === 'refresh_token_reuse',
        ),
      });
    }
  }

  private async announceRevoked(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    this.forget(sessionIds);
    this.options.notify.wake();
    await this.options.pubsub.publish('identity/sessions_revoked', { sessionIds });
  }

  /** The live sessions of a user, most recently used first. */
  async list(em: Em, userId: string): Promise<Session[]> {
    return em.find(
      Session,
      { userId, revokedAt: null, expiresAt: { $gt: new Date() } },
      { orderBy: { lastSeenAt: 'desc', id: 'desc' } },
    );
  }

  /** Turns a bearer token into a viewer (with the user's current roles, if an admin changed them since); null when there is none, UNAUTHENTICATED when it does not verify. */
  async authenticate(authorization: string | undefined | null): Promise<Viewer | null> {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1])
      throw new DomainError('UNAUTHENTICATED', 'Send the access token as "Authorization: Bearer <token>"');
    const claims = await verifyAccessToken(this.options.keys.accessToken, match[1]);
    if (!claims) throw new DomainError('UNAUTHENTICATED', 'The access token is invalid or expired; refresh it');
    if (this.revoked.has(claims.sessionId))
      throw new DomainError('UNAUTHENTICATED', 'This session has ended; log in again');
    const roles = this.currentRoles.get(claims.userId)?.roles ?? claims.roles;
    return { userId: claims.userId, sessionId: claims.sessionId, roles, tokenExpiresAt: claims.expiresAt };
  }
}

const device = (session: Session) => session.userAgent ?? session.platform ?? 'неизвестное устройство';
