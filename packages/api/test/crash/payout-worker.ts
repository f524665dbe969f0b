/**
 * A second API instance for the crash test: the API's services on the database in DATABASE_URL, with its
 * background work running. It sends its batch of payouts to the bank at once; the bank pays the first three and
 * each is reported on stdout ("paid <key>"), then nothing answers any more (as a process does in the instant before
 * it is killed): the batch is never settled and the instance holds its claims.
 */
import 'reflect-metadata';
import { loadConfig } from '../../src/config.js';
import { initORM } from '../../src/orm.js';
import { createLogger } from '../../src/lib/logger.js';
import { createServices } from '../../src/services.js';
import type { PayoutProvider } from '../../src/modules/wallet/payout.provider.js';
import { SimulatedBank } from '../../src/modules/wallet/sandbox-bank.js';

const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
const orm = await initORM({ databaseUrl: config.DATABASE_URL });
const bank = new SimulatedBank(orm, 0);
let asked = 0;
const payoutProvider: PayoutProvider = {
  async payout(request) {
    asked += 1;
    if (asked > 3) return new Promise(() => undefined);
    const result = await bank.payout(request);
    process.stdout.write(`paid ${request.idempotencyKey}\n`);
    return result;
  },
};
const services = createServices({ config, orm, logger: createLogger({ level: 'silent' }), payoutProvider });
await services.start();
process.stdout.write('started\n');
