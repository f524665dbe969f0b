import type { ru } from './messages';

/** The module's English strings, loaded when the panel switches to English. */
export const en: typeof ru = {
  support: {
    users: {
      fields: {
        displayName: 'Name',
        phone: 'Phone',
        roles: 'Roles',
        createdAt: 'Signed up',
      },
      filters: {
        text: 'Name or phone',
        role: 'Role',
      },
      role: {
        CUSTOMER: 'Customer',
        SELLER: 'Seller',
        AGENT: 'Support agent',
        SENIOR_AGENT: 'Senior agent',
        ADMIN: 'Administrator',
      },
      roles_title: 'Roles',
      roles_hint:
        "Roles take effect when the user's session next refreshes (within 10 minutes) or at their next login.",
      has_role: 'yes',
      no_role: 'no',
      you: 'you',
      grant: 'Grant',
      revoke: 'Revoke',
      confirm_grant_title: 'Grant the role “%{role}”?',
      confirm_grant: '%{name} (%{phone}) will get the role “%{role}”.',
      confirm_revoke_title: 'Revoke the role “%{role}”?',
      confirm_revoke: '%{name} (%{phone}) will no longer have the role “%{role}”.',
      granted: 'Role “%{role}” granted',
      revoked: 'Role “%{role}” revoked',
      refused: 'The server refused',
    },
  },
  resources: { users: { name: 'User |||| Users' } },
};
