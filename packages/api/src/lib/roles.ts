/** Staff and user roles; integrators authenticate with API keys instead. */
export const ROLES = ['CUSTOMER', 'SELLER', 'AGENT', 'SENIOR_AGENT', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];
/** The roles of support staff. */
export const STAFF_ROLES = ['AGENT', 'SENIOR_AGENT', 'ADMIN'] as const satisfies readonly Role[];
