import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, pendingMigrations } from '../src/db/orm.js';
import { initORM } from '../src/orm.js';
import { AuditEntry } from '../src/modules/audit/audit.entity.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/lib/logger.js';
import { createServices } from '../src/services.js';

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

  it('requests a withdrawal in its one statement (request_withdrawal) as on the server', async () => {
    const orm = await initORM({ dataDir });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
    // Background loops stay off: only the request is under test.
    const services = createServices({ config, orm, logger: createLogger({ level: 'silent' }) });
    try {
      await migrate(orm);
      const em = orm.em.fork();
      const [user] = await em.execute<Array<{ id: string }>>(
        `insert into app_user (id, phone, display_name, roles, created_at, updated_at)
         values (gen_random_uuid(), '+79990001122', 'PGlite', '{CUSTOMER}', now(), now()) returning id`,
      );
      const admin = { userId: user!.id, sessionId: 'pglite', roles: ['ADMIN'] as const };
      const customer = { userId: user!.id, sessionId: 'pglite', roles: ['CUSTOMER'] as const };
      await services.wallet.credit(
        orm.em.fork(),
        admin,
        { userId: user!.id, amount: 50_000n, reason: 'test', idempotencyKey: 'pglite-credit' },
        'pglite',
      );
      const input = {
        amount: 20_000n,
        destination: {
          kind: 'BANK_ACCOUNT' as const,
          recipientName: 'Иванов Иван Иванович',
          bik: '049805746',
          accountNumber: '40602810700000000025',
        },
        idempotencyKey: 'pglite-withdrawal',
      };
      const first = await services.withdrawals.requestWithdrawal(orm.em.fork(), customer, input);
      expect(first).toMatchObject({ status: 'PENDING', amount: 20_000n, attempt: 1, userId: user!.id });
      const again = await services.withdrawals.requestWithdrawal(orm.em.fork(), customer, input);
      expect(again.id).toBe(first.id);
      await expect(
        services.withdrawals.requestWithdrawal(orm.em.fork(), customer, { ...input, amount: 10_000n }),
      ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      await expect(
        services.withdrawals.requestWithdrawal(orm.em.fork(), customer, {
          ...input,
          amount: 40_000n,
          idempotencyKey: 'pglite-too-much',
        }),
      ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
      await expect(
        services.withdrawals.requestWithdrawal(orm.em.fork(), customer, {
          ...input,
          destination: { kind: 'CARD' },
          idempotencyKey: 'pglite-card',
        }),
      ).rejects.toMatchObject({ code: 'CARD_REQUIRED' });
      expect((await services.wallet.wallet(orm.em.fork(), user!.id)).available).toBe(30_000n);
      const [rows] = await orm.em.fork().execute<Array<Record<string, string>>>(
        `select (select count(*) from withdrawal) as withdrawals,
                (select count(*) from ledger_entry e join ledger_transfer t on t.id = e.transfer_id
                  where t.kind = 'WITHDRAWAL_HOLD') as hold_entries,
                (select count(*) from audit_entry where action = 'withdrawal.requested') as audits,
                (select count(*) from outbound_message where purpose = 'withdrawal_requested') as notices`,
      );
      expect(Object.values(rows!).map(Number)).toEqual([1, 2, 1, 1]);
    } finally {
      await services.close();
      await orm.close(true);
    }
  }, 120_000);
});
