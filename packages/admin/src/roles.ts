import { usePermissions } from 'react-admin';
import type { Role } from '@support/schema';

/**
 * The panel's one place for roles: every role in the order the panel lists them, and the groups that see or may do
 * something (the API enforces the same groups on every operation; the panel only hides what a role cannot use).
 */
export const ROLES: readonly Role[] = ['CUSTOMER', 'SELLER', 'AGENT', 'SENIOR_AGENT', 'ADMIN'];
/** Who may use the panel at all. */
export const STAFF_ROLES: readonly Role[] = ['AGENT', 'SENIOR_AGENT', 'ADMIN'];
/** Who decides card applications, resets code words and edits help articles. */
export const SENIOR_AND_ADMIN: readonly Role[] = ['SENIOR_AGENT', 'ADMIN'];
/** Who changes the catalog, the hotline, roles, payouts and integrations. */
export const ADMIN_ONLY: readonly Role[] = ['ADMIN'];

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);
export const hasAnyRole = (roles: readonly Role[], allowed: readonly Role[]): boolean =>
  roles.some((role) => allowed.includes(role));
export const isStaff = (roles: readonly Role[]): boolean => hasAnyRole(roles, STAFF_ROLES);

/** Whether the logged-in staff member holds one of `allowed` (and whether that is still being read). */
export function useHasRole(allowed: readonly Role[]): { allowed: boolean; isPending: boolean } {
  const { permissions, isPending } = usePermissions<Role[]>();
  return { allowed: hasAnyRole(permissions ?? [], allowed), isPending };
}
