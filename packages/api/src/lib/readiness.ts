import { pendingMigrations, type Orm } from '../db/orm.js';

export interface Readiness {
  ready: boolean;
  reason?: string;
}

let migrationsVerified = false;

/** Ready when the database answers and no migration is pending (checked until it first holds). */
export async function checkReadiness(orm: Orm): Promise<Readiness> {
  try {
    await orm.em.fork().execute('select 1');
  } catch {
    return { ready: false, reason: 'database unreachable' };
  }
  if (!migrationsVerified) {
    const pending = await pendingMigrations(orm);
    if (pending.length > 0) return { ready: false, reason: `${pending.length} migration(s) pending` };
    migrationsVerified = true;
  }
  return { ready: true };
}
