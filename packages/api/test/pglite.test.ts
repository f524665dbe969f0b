import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, pendingMigrations } from '../src/db/orm.js';
import { initORM } from '../src/orm.js';
import { AuditEntry } from '../src/modules/audit/audit.entity.js';

const dataDir = await mkdtemp(join(tmpdir(), 'support-pglite-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('the embedded database (PGlite)', () => {
  it('runs the same migrations as the server and keeps data across a restart', async () => {
    const first = await initORM({ dataDir });
    expect((await migrate(first)).length).toBeGreaterThan(0);
    const em = first.em.fork();
    em.create(AuditEntry, { action: 'test.persisted', subjectType: 'test' });
    await em.flush();
    await first.close(true);

    const second = await initORM({ dataDir });
    try {
      expect(await pendingMigrations(second)).toEqual([]);
      const rows = await second.em.fork().find(AuditEntry, { action: 'test.persisted' });
      expect(rows).toHaveLength(1);
    } finally {
      await second.close(true);
    }
    // Two PGlite starts and every migration: seconds on a quiet machine, up to a minute on a loaded one.
  }, 120_000);
});
