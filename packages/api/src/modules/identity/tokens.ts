import { createHash, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Role } from '../../lib/roles.js';

/** Keys for each use, derived from one server secret so that no key serves two purposes. */
export interface Keys {
  accessToken: Uint8Array;
  loginCode: Buffer;
}

export function deriveKeys(secret: string): Keys {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'support-platform', purpose, 32));
  return { accessToken: new Uint8Array(derive('access-token')), loginCode: derive('login-code') };
}

export const CODE_LENGTH = 6;

/** A uniformly random 6-digit code. */
export const generateCode = (): string =>
  randomInt(0, 10 ** CODE_LENGTH)
    .toString()
    .padStart(CODE_LENGTH, '0');

/** The keyed hash stored instead of a code; bound to its challenge so a hash cannot be replayed elsewhere. */
export const hashCode = (key: Buffer, challengeId: string, code: string): string =>
  createHmac('sha256', key).update(`${challengeId}:${code}`).digest('hex');

/** Constant-time comparison of a presented code with the stored hash. */
export function codeMatches(key: Buffer, challengeId: string, code: string, storedHash: string): boolean {
  const presented = Buffer.from(hashCode(key, challengeId, code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** A refresh token: 256 random bits, base64url. Only its SHA-256 is stored. */
export const generateRefreshToken = (): string => randomBytes(32).toString('base64url');
export const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface AccessClaims {
  userId: string;
  sessionId: string;
  roles: Role[];
}

export interface VerifiedClaims extends AccessClaims {
  expiresAt: Date;
}

const ISSUER = 'support-platform';
const AUDIENCE = 'support-api';

export async function signAccessToken(key: Uint8Array, claims: AccessClaims, ttlSeconds: number) {
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const token = await new SignJWT({ sid: claims.sessionId, roles: claims.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
  return { token, expiresAt };
}

/** Verifies signature, issuer, audience and expiry; returns null for any token that does not hold. */
/**
 * Access tokens whose signature and claims were verified (oldest dropped first): an HMAC check through WebCrypto was
 * about 5% of a list request's CPU (bench read profile), and a client sends one token many times.
 */
const verified = new Map<string, { key: Uint8Array; claims: VerifiedClaims }>();
const VERIFIED_TOKENS = 10_000;

export async function verifyAccessToken(key: Uint8Array, token: string): Promise<VerifiedClaims | null> {
  // A token verified before is not verified again while it lasts (its signature cannot change); revocation and role
  // changes are checked by the caller on every request, after this.
  const known = verified.get(token);
  if (known && known.key === key) {
    if (known.claims.expiresAt.getTime() > Date.now()) return known.claims;
    verified.delete(token);
    return null;
  }
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    if (
      typeof payload.sub !== 'string' ||
      typeof payload['sid'] !== 'string' ||
      !Array.isArray(payload['roles']) ||
      typeof payload.exp !== 'number'
    ) {
      return null;
    }
    const claims: VerifiedClaims = {
      userId: payload.sub,
      sessionId: payload['sid'],
      roles: payload['roles'] as Role[],
      expiresAt: new Date(payload.exp * 1000),
    };
    if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
    verified.set(token, { key, claims });
    return claims;
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return null;
    throw error;
  }
}
