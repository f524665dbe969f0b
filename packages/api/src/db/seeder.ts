import type { Config } from '../config.js';
import type { Orm } from './orm.js';

/** A module's demo data: must be idempotent (safe to run on every start). Returns a one-line summary. */
export type Seeder = (orm: Orm, config: Config) => Promise<string>;
