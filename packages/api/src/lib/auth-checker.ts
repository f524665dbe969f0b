import { AuthenticationError, type AuthChecker } from 'type-graphql';
import type { Context } from './context.js';
import type { Role } from './roles.js';

/**
 * `@Authorized()` needs a logged-in viewer; `@Authorized('AGENT', 'ADMIN')` needs one of those roles.
 * Row-level ownership is checked in services, not here.
 */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const viewer = context.viewer;
  // Anonymous callers are UNAUTHENTICATED (log in), whatever role the resolver needs; others are FORBIDDEN.
  if (!viewer) throw new AuthenticationError();
  if (roles.length === 0) return true;
  return roles.some((role) => viewer.roles.includes(role));
};
