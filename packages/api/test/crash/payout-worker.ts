/**
 * A second API instance for the crash test: the API's services on the database in DATABASE_URL, with its
 * background work running. It reports each payout the bank has paid on stdout ("paid <key>"); after the bank pays
 * the third one it stops answering (as a process does in the instant before it is killed), holding its claims.
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
let paid = 0;
const payoutProvider: PayoutProvider = {
  async payout(request) {
    const result = await bank.payout(request);
    paid += 1;
    process.stdout.write(`paid ${request.idempotencyKey}\n`);
    if (paid >= 3) await new Promise(() => undefined);
    return result;
  },
};
const services = createServices({ config, orm, logger: createLogger({ level: 'silent' }), payoutProvider });
await services.start();
process.stdout.write('started\n');
