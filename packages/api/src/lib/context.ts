import type { Em } from '../db/orm.js';
import type { Logger } from './logger.js';
import { unauthenticated } from './errors.js';
import type { Services } from '../services.js';
import type { Locale } from './locale.js';
import type { Integrator } from '../modules/integrations/api-key.service.js';
import { STAFF_ROLES } from '../modules/identity/identity.entity.js';

/** Staff and user roles; integrators authenticate with API keys instead. */
export type Role = 'CUSTOMER' | 'SELLER' | 'AGENT' | 'SENIOR_AGENT' | 'ADMIN';

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
  services: Services;
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
