import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { newId } from '../../lib/ids.js';

export const LOGIN_CHANNELS = ['SMS', 'CALL', 'PUSH', 'SECURITY_CHAT'] as const;
export const DEVICE_PLATFORMS = ['IOS', 'ANDROID', 'WEB'] as const;

/** One account per phone number across all services. */
export const User = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    phone: p.string().length(16).unique(),
    displayName: p.string().length(120),
    email: p.string().length(254).nullable(),
    roles: p
      .array()
      .$type<string[]>()
      .onCreate(() => ['CUSTOMER']),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    /** When an admin last granted or revoked a role: instances starting up apply recent changes to live tokens. */
    rolesChangedAt: p.datetime().nullable().index(),
  },
  // The admins' list filters by role (`roles @> '{AGENT}'`): staff are few among millions of customers.
  indexes: [{ properties: ['roles'], type: 'gin' }],
});
export type User = InferEntity<typeof User>;

/**
 * A one-time login code sent to a phone. Only an HMAC of the code is stored; `attempts` counts wrong tries.
 * `phone` is where the code went, whether or not an account exists yet.
 */
export const LoginChallenge = defineEntity({
  name: 'LoginChallenge',
  tableName: 'login_challenge',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    phone: p.string().length(16),
    channel: p.enum(LOGIN_CHANNELS),
    codeHash: p.string().length(64),
    attempts: p.integer().onCreate(() => 0),
    ip: p.string().length(64),
    expiresAt: p.datetime(),
    resendAvailableAt: p.datetime(),
    consumedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['phone', 'createdAt'] }],
});
export type LoginChallenge = InferEntity<typeof LoginChallenge>;

/** A logged-in device. Its refresh tokens form one family: reuse of a spent one ends the session. */
export const Session = defineEntity({
  name: 'Session',
  tableName: 'auth_session',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    userId: p.uuid().index(),
    platform: p.string().length(20).nullable(),
    userAgent: p.string().length(400).nullable(),
    ip: p.string().length(64),
    location: p.string().length(120).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastSeenAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    revokedReason: p.string().length(40).nullable(),
  },
});
export type Session = InferEntity<typeof Session>;

/** A refresh token, stored as a SHA-256 hash (it is 256 random bits, so a fast hash is enough). */
export const RefreshToken = defineEntity({
  name: 'RefreshToken',
  tableName: 'refresh_token',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    sessionId: p.uuid().index(),
    tokenHash: p.string().length(64).unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    /** Set when a retry of its predecessor (a lost answer) replaced it: presenting it again ends the family. */
    voidedAt: p.datetime().nullable(),
  },
});
export type RefreshToken = InferEntity<typeof RefreshToken>;

/** A device registered for push notifications. */
export const PushDevice = defineEntity({
  name: 'PushDevice',
  tableName: 'push_device',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    userId: p.uuid().index(),
    token: p.string().length(512).unique(),
    platform: p.enum(DEVICE_PLATFORMS),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastSeenAt: p.datetime().onCreate(() => new Date()),
  },
});
export type PushDevice = InferEntity<typeof PushDevice>;
