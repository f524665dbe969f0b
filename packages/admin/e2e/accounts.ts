/**
 * Phones the tests log in with. A phone can get a new code only a minute after the last one, so each test uses
 * its own. The demo accounts are seeded by `cli.js seed`; EXTRA_STAFF become ADMIN on first login (ADMIN_PHONES).
 */
export const phones = {
  admin: '+79000000001',
  seniorAgent: '+79000000002',
  agent: '+79000000003',
  customer: '+79000000004',
  extraStaff: ['+79000000011', '+79000000012', '+79000000013', '+79000000014'],
  /** A buyer with no account yet (created on first login), who files tickets from the tickets tests. */
  newCustomer: '+79000000031',
  /** No account: used only to ask for codes. */
  stranger: '+79000000021',
} as const;
