import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MikroORM, Options } from '@mikro-orm/core';
import { BasePostgreSqlEntityManager, type AbstractSqlDriver } from '@mikro-orm/sql';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import { MikroORM as PgliteORM } from '@mikro-orm/pglite';
import { Migrator } from '@mikro-orm/migrations';
import { onQuery } from './sql-counter.js';
import { lockDataDir } from './data-dir-lock.js';

/** The EntityManager every service takes: the same API on PostgreSQL and on PGlite. */
export type Em = BasePostgreSqlEntityManager<AbstractSqlDriver>;
export type Orm = MikroORM<AbstractSqlDriver, Em>;

/** Migrations sit beside this module: `src/migrations` under vitest, `dist/migrations` when built. */
export const migrationsPath = fileURLToPath(new URL('../migrations', import.meta.url));

export interface DatabaseTarget {
  /** A PostgreSQL server URL; when absent, PGlite runs embedded in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite data folder (created if missing), or `memory://` for a throw-away database. */
  dataDir?: string | undefined;
  /** Most connections open to the PostgreSQL server at once. */
  poolSize?: number | undefined;
}

export function baseOptions(): Partial<Options> {
  return {
    extensions: [Migrator],
    // Schema is owned by migrations; the ORM must not guess at start-up.
    discovery: { warnWhenNoEntities: true },
    ensureDatabase: false,
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: false,
    onQuery,
    // Relations load in the same statement as their owner (a page of tickets with category and problem is one query).
    loadStrategy: 'joined',
    migrations: {
      path: migrationsPath,
      pathTs: migrationsPath,
      glob: '!(*.d|*.test).{js,ts}',
      transactional: true,
      allOrNothing: true,
      // The schema snapshot is committed beside the migrations and changed only by `migration:create`.
      snapshot: true,
      snapshotOnMigrate: false,
      snapshotName: '.schema-snapshot',
      emit: 'ts',
      silent: true,
    },
  };
}

/**
 * Opens an ORM on PostgreSQL when a URL is given, PGlite otherwise, with `baseOptions()` and the given options (the
 * entity list among them: src/orm.ts's initORM passes the application's).
 */
export async function openORM(target: DatabaseTarget, overrides: Partial<Options> = {}): Promise<Orm> {
  const options = { ...baseOptions(), ...overrides };
  if (target.databaseUrl) {
    return (await PostgresORM.init({
      ...options,
      clientUrl: target.databaseUrl,
      pool: { min: 0, max: target.poolSize ?? 10, ...overrides.pool },
    } as Options)) as unknown as Orm;
  }
  const dataDir = target.dataDir ?? 'memory://';
  if (dataDir.startsWith('memory:')) {
    return (await PgliteORM.init({ ...options, dbName: dataDir } as Options)) as unknown as Orm;
  }
  // One process per embedded data folder: a second one (server or CLI) is refused before it opens anything.
  const folder = resolve(dataDir);
  mkdirSync(folder, { recursive: true });
  const release = lockDataDir(folder);
  try {
    const orm = (await PgliteORM.init({ ...options, dbName: folder } as Options)) as unknown as Orm;
    const close = orm.close.bind(orm);
    orm.close = async (force?: boolean) => {
      try {
        await close(force);
      } finally {
        release();
      }
    };
    return orm;
  } catch (error) {
    release();
    throw error;
  }
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((migration) => migration.name);
}

export async function pendingMigrations(orm: Orm): Promise<string[]> {
  const pending = await orm.migrator.getPending();
  return pending.map((migration) => migration.name);
}
