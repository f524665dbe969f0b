import type { AdminModule } from './modules';
import tickets from './tickets';
import dashboard from './dashboard';
import users from './users';

/** Every area of the panel, in menu order. A new area is a folder with an index.ts default-exporting its module. */
export const modules: readonly AdminModule[] = [tickets, dashboard, users];
