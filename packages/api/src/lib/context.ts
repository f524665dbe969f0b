import type { Em } from '../db/orm.js';
import type { Logger } from './logger.js';
import { unauthenticated } from './errors.js';
import type { Locale } from './locale.js';
import { STAFF_ROLES, type Role } from './roles.js';

/**
 * The domain services resolvers reach through the context. lib/ names no module: the composition root
 * (services.ts) fills this interface in by declaration merging.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ContextServices {}

/** An integrator calling with an API key. */
export interface Integrator {
  apiKeyId: string;
  name: string;
  scopes: readonly string[];
}

/** Who is calling: a logged-in user's session. Null for anonymous callers. */
export interface Viewer {
  userId: string;
  sessionId: string;
  roles: readonly Role[];
  /** When the access token presented expires (sockets close then, 4401). */
  tokenExpiresAt?: Date;
}

/** Per request (HTTP) or per operation (graphql-ws): a forked EntityManager and the caller's identity. */
export interface Context {
  em: Em;
  viewer: Viewer | null;
  requestId: string;
  ip: string;
  userAgent: string | null;
  /** From Accept-Language: 'ru' (default) or 'en'. */
  locale: Locale;
  log: Logger;
  services: ContextServices;
  /** An integrator calling with an API key (x-api-key), instead of or besides a user. */
  integrator: Integrator | null;
}

/** Whether the viewer is support staff (agent, senior agent or admin). */
export const isStaff = (viewer: Viewer | null): boolean =>
  Boolean(viewer?.roles.some((role) => (STAFF_ROLES as readonly string[]).includes(role)));

/** The logged-in viewer, for resolvers that need one; anonymous callers get UNAUTHENTICATED. */
export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}
