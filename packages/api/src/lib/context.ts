import type { Em } from '../db/orm.js';
import type { Logger } from './logger.js';
import type { Services } from '../services.js';

/** Staff and user roles; integrators authenticate with API keys instead. */
export type Role = 'CUSTOMER' | 'SELLER' | 'AGENT' | 'SENIOR_AGENT' | 'ADMIN';

/** Who is calling: a logged-in user's session. Null for anonymous callers. */
export interface Viewer {
  userId: string;
  sessionId: string;
  roles: readonly Role[];
}

/** Per request (HTTP) or per operation (graphql-ws): a forked EntityManager and the caller's identity. */
export interface Context {
  em: Em;
  viewer: Viewer | null;
  requestId: string;
  ip: string;
  userAgent: string | null;
  log: Logger;
  services: Services;
}
