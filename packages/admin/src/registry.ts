import type { AdminModule } from './modules';
import dashboard from './dashboard';
import tickets from './tickets';
import chats from './chats';
import catalog from './catalog';
import hotline from './hotline';
import cards from './cards';
import payouts from './payouts';
import help from './help';
import users from './users';
import integrations from './integrations';
import outbox from './outbox';

/** Every area of the panel, in menu order. A new area is a folder with an index.ts default-exporting its module. */
export const modules: readonly AdminModule[] = [
  dashboard,
  tickets,
  chats,
  catalog,
  hotline,
  cards,
  payouts,
  help,
  users,
  integrations,
  outbox,
];
