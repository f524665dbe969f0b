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
  /** Admins for the area test files, a group per file, so that no two files share a phone. */
  catalogAdmins: ['+79000000041', '+79000000042', '+79000000043', '+79000000044'],
  dashboardAdmins: ['+79000000051', '+79000000052', '+79000000053', '+79000000054'],
  operationsAdmins: ['+79000000061', '+79000000062', '+79000000063', '+79000000064'],
  integrationsAdmins: ['+79000000071', '+79000000072', '+79000000073', '+79000000074'],
  /** Admins of the reading test (what people read), one per language. */
  readingAdmins: ['+79000000095', '+79000000096'],
  /** A buyer who files the reading test's ticket. */
  readingCustomer: '+79000000097',
  /** Accounts an area test makes an AGENT (grantRole through the API) to check what agents are not shown. */
  areaAgents: ['+79000000081', '+79000000082', '+79000000083', '+79000000084'],
  /** A buyer with no account yet (created on first login), who files tickets from the tickets tests. */
  newCustomer: '+79000000031',
  /** No account: used only to ask for codes. */
  stranger: '+79000000021',
} as const;
