import type { AdminModule } from './modules';
import tickets from './tickets';
import chats from './chats';
import cards from './cards';
import payouts from './payouts';

/** Every area of the panel, in menu order. A new area is a folder with an index.ts default-exporting its module. */
export const modules: readonly AdminModule[] = [tickets, chats, cards, payouts];
