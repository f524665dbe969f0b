/** Opens the embedded database in DATA_DIR and holds it until killed (for the data-folder lock test). */
import 'reflect-metadata';
import { initORM } from '../../src/orm.js';

await initORM({ dataDir: process.env['DATA_DIR'] });
process.stdout.write('ready\n');
setInterval(() => undefined, 60_000);
