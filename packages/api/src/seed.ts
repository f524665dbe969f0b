import type { Config } from './config.js';
import type { Orm } from './db/orm.js';
import type { Seeder } from './db/seeder.js';
import { seedDemoAccounts } from './modules/identity/identity.seed.js';
import { seedCalendar } from './modules/calendar/calendar.seed.js';
import { seedCatalog } from './modules/catalog/catalog.seed.js';
import { seedWallets } from './modules/wallet/wallet.seed.js';
import { seedHelpArticles } from './modules/help/help.seed.js';

// One line per module that has demo data, in dependency order.
const seeders: Array<[string, Seeder]> = [
  ['accounts', seedDemoAccounts],
  ['calendar', seedCalendar],
  ['catalog', seedCatalog],
  ['wallets', seedWallets],
  ['help', seedHelpArticles],
];

export async function seedDemoData(orm: Orm, config: Config): Promise<string> {
  const lines: string[] = [];
  for (const [name, seed] of seeders) lines.push(`${name}: ${await seed(orm, config)}`);
  return lines.length ? lines.join('; ') : 'nothing to load yet';
}
