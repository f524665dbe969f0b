import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { Viewer } from '../src/lib/context.js';
import { createLogger } from '../src/lib/logger.js';
import { User } from '../src/modules/identity/identity.entity.js';
import type { PayoutProvider, PayoutRequest, PayoutResult } from '../src/modules/wallet/payout.provider.js';
import { SimulatedBank } from '../src/modules/wallet/sandbox-bank.js';
import { createServices, type Services } from '../src/services.js';
import { openTestDatabase, type TestDatabase } from './harness.js';

/**
 * The payout worker takes a batch to the bank at once and settles it in one transaction: each payout of the batch
 * must come out as it would alone, and a payout whose claim another instance took over is left to that one.
 */
let db: TestDatabase;
let services: Services;
let sandbox: SimulatedBank;
/** While set, the bank's answers wait for it (after the bank has recorded the payment). */
let gate: Promise<void> | null = null;
let asked: Array<() => void> = [];
const bank: PayoutProvider = {
  async payout(request: PayoutRequest): Promise<PayoutResult> {
    if (request.withdrawal.recipientName?.startsWith('NOANSWER')) throw new Error('timeout waiting for the bank');
    const result = await sandbox.payout(request);
    const waitFor = gate;
    for (const heard of asked) heard();
    if (waitFor) await waitFor;
    return result;
  },
};
/** Resolves once the bank has been asked `count` more times. */
function bankAsked(count: number): Promise<void> {
  return new Promise((resolve) => {
    let left = count;
    const heard = () => {
      left -= 1;
      if (left === 0) {
        asked = asked.filter((other) => other !== heard);
        resolve();
      }
    };
    asked.push(heard);
  });
}

beforeAll(async () => {
  db = await openTestDatabase();
  sandbox = new SimulatedBank(db.orm, 0);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, PAYOUT_DELAY_MS: '0' });
  // Background loops stay off: each test runs the worker's passes itself.
  services = createServices({ config, orm: db.orm, logger: createLogger({ level: 'silent' }), payoutProvider: bank });
});
afterAll(async () => {
  await services?.close();
  await db?.dispose();
});

let phones = 0;
const viewer = (user: User): Viewer => ({ userId: user.id, sessionId: '', roles: user.roles as Viewer['roles'] });
async function customerWith(kopecks: bigint): Promise<User> {
  const em = db.orm.em.fork();
  phones += 1;
  const admin = em.create(User, {
    phone: `+7900100${String(phones).padStart(4, '0')}`,
    displayName: 'Админ',
    roles: ['ADMIN'],
  });
  phones += 1;
  const customer = em.create(User, { phone: `+7900100${String(phones).padStart(4, '0')}`, displayName: 'Клиент' });
  await em.flush();
  await services.wallet.credit(
    em.fork(),
    viewer(admin),
    { userId: customer.id, amount: kopecks, reason: 'возврат', idempotencyKey: `credit-${customer.id}` },
    'test',
  );
  return customer;
}
async function withdraw(customer: User, amount: bigint, recipientName = 'Иванов Иван', key = String(amount)) {
  return services.withdrawals.requestWithdrawal(db.orm.em.fork(), viewer(customer), {
    amount,
    destination: { kind: 'BANK_ACCOUNT', recipientName, bik: '049805746', accountNumber: '40602810700000000025' },
    idempotencyKey: `${customer.id}-${key}`,
  });
}
const read = <T>(sql: string, params: unknown[] = []) => db.orm.em.fork().execute<T[]>(sql, params);
async function balances(userId: string) {
  const rows = await read<{ kind: string; balance: string }>(
    `select kind, balance from ledger_account where user_id = ? order by kind`,
    [userId],
  );
  return Object.fromEntries(rows.map((row) => [row.kind, row.balance]));
}
const settledBalance = async () =>
  (await read<{ balance: string }>(`select balance from ledger_account where kind = 'PAYOUTS_SETTLED'`))[0]?.balance ??
  '0';
async function ledgerIntact() {
  const [totals] = await read<{ sum: string; unbalanced: number; drift: number; negative: number }>(
    `select (select coalesce(sum(amount), 0) from ledger_entry) as sum,
            (select count(*)::int from (select transfer_id from ledger_entry group by transfer_id
                                         having sum(amount) <> 0 or count(*) <> 2) t) as unbalanced,
            (select count(*)::int from ledger_account a
              where a.balance <> (select coalesce(sum(amount), 0) from ledger_entry e where e.account_id = a.id)) as drift,
            (select count(*)::int from ledger_account where kind = 'USER_WALLET' and balance < 0) as negative`,
  );
  expect(totals).toEqual({ sum: '0', unbalanced: 0, drift: 0, negative: 0 });
}
/** Per withdrawal: its status and failure code, its settle transfers, audit actions and notices. */
async function outcomes(ids: string[]) {
  const rows = await read<{
    id: string;
    status: string;
    failure_code: string | null;
    lease_token: string | null;
    settles: number;
    releases: number;
    audit: string[];
  }>(
    `select w.id, w.status, w.failure_code, w.lease_token,
            (select count(*)::int from ledger_transfer t where t.reference = w.id::text and t.kind = 'WITHDRAWAL_SETTLE') as settles,
            (select count(*)::int from ledger_transfer t where t.reference = w.id::text and t.kind = 'WITHDRAWAL_RELEASE') as releases,
            array(select a.action from audit_entry a where a.subject_id = w.id::text order by a.created_at, a.id) as audit
       from withdrawal w where w.id in (select unnest(?::uuid[]))`,
    [`{${ids.join(',')}}`],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const { id: _, ...rest } = byId.get(id)!;
    return rest;
  });
}
const notices = async (userId: string) =>
  (
    await read<{ purpose: string }>(
      `select purpose from outbound_message where user_id = ? and purpose like 'withdrawal%' order by purpose`,
      [userId],
    )
  ).map((row) => row.purpose);

describe('a payout batch', () => {
  it('settles the paid ones, returns the refused one and holds the unanswered one, each as alone', async () => {
    const first = await customerWith(100_000n);
    const second = await customerWith(100_000n);
    const withdrawals = [
      await withdraw(first, 10_000n),
      await withdraw(first, 20_000n, 'FAIL Получатель'),
      await withdraw(first, 30_000n),
      await withdraw(second, 15_000n),
      await withdraw(second, 25_000n, 'NOANSWER Получатель'),
      await withdraw(second, 12_000n),
    ];
    const settledBefore = BigInt(await settledBalance());
    expect(await services.payouts.processOnce()).toBe(6);

    const completed = { status: 'COMPLETED', failure_code: null, lease_token: null, settles: 1, releases: 0 };
    const audit = ['withdrawal.requested', 'withdrawal.completed'];
    expect(await outcomes(withdrawals.map((w) => w.id))).toEqual([
      { ...completed, audit },
      {
        status: 'FAILED',
        failure_code: 'BANK_REJECTED',
        lease_token: null,
        settles: 0,
        releases: 1,
        audit: ['withdrawal.requested', 'withdrawal.failed'],
      },
      { ...completed, audit },
      { ...completed, audit },
      {
        status: 'UNKNOWN',
        failure_code: 'BANK_NO_ANSWER',
        lease_token: null,
        settles: 0,
        releases: 0,
        audit: ['withdrawal.requested', 'withdrawal.outcome_unknown'],
      },
      { ...completed, audit },
    ]);
    // Each wallet lost what was paid; each clearing account holds only what is still unknown.
    expect(await balances(first.id)).toEqual({ PAYOUT_CLEARING: '0', USER_WALLET: '60000' });
    expect(await balances(second.id)).toEqual({ PAYOUT_CLEARING: '25000', USER_WALLET: '48000' });
    expect(BigInt(await settledBalance()) - settledBefore).toBe(10_000n + 30_000n + 15_000n + 12_000n);
    await ledgerIntact();
    expect(await notices(first.id)).toEqual([
      'withdrawal_completed',
      'withdrawal_completed',
      'withdrawal_failed',
      'withdrawal_requested',
      'withdrawal_requested',
      'withdrawal_requested',
    ]);
    expect(await notices(second.id)).toEqual([
      'withdrawal_completed',
      'withdrawal_completed',
      'withdrawal_requested',
      'withdrawal_requested',
      'withdrawal_requested',
    ]);
    expect(await services.payouts.processOnce()).toBe(0);
  });

  it('leaves a payout whose claim was taken over mid-batch to its new holder, and settles the rest', async () => {
    const customer = await customerWith(100_000n);
    const withdrawals = [
      await withdraw(customer, 10_000n),
      await withdraw(customer, 20_000n),
      await withdraw(customer, 30_000n),
    ];
    const ids = withdrawals.map((w) => w.id);
    const taken = ids[1]!;
    const settledBefore = BigInt(await settledBalance());
    const opener = () => {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return open;
    };
    const openFirst = opener();
    const askedFirst = bankAsked(3);
    const firstPass = services.payouts.processOnce();
    let secondPass: Promise<number> | undefined;
    let openSecond = () => {};
    try {
      await askedFirst;
      openSecond = opener();
      // The first claim's lease runs out for one of its payouts (a stall): another pass takes that one over, and
      // is still waiting for the bank when the first pass settles its batch.
      await read(`update withdrawal set lease_until = now() - interval '1 second' where id = ?`, [taken]);
      const askedSecond = bankAsked(1);
      secondPass = services.payouts.processOnce();
      await askedSecond;
    } finally {
      openFirst();
    }
    expect(await firstPass).toBe(3);
    const [before] = await outcomes([taken]);
    expect(before).toMatchObject({ status: 'PROCESSING', settles: 0, audit: ['withdrawal.requested'] });
    expect(before!.lease_token).not.toBeNull();
    openSecond();
    gate = null;
    expect(await secondPass).toBe(1);

    const completed = {
      status: 'COMPLETED',
      failure_code: null,
      lease_token: null,
      settles: 1,
      releases: 0,
      audit: ['withdrawal.requested', 'withdrawal.completed'],
    };
    expect(await outcomes(ids)).toEqual([completed, completed, completed]);
    const payments = await read<{ withdrawal_id: string; requests: number }>(
      `select withdrawal_id, requests from sandbox_payment where withdrawal_id in (select unnest(?::uuid[]))`,
      [`{${ids.join(',')}}`],
    );
    expect(Object.fromEntries(payments.map((p) => [p.withdrawal_id, p.requests]))).toEqual({
      [ids[0]!]: 1,
      [taken]: 2,
      [ids[2]!]: 1,
    });
    expect(await balances(customer.id)).toEqual({ PAYOUT_CLEARING: '0', USER_WALLET: '40000' });
    expect(BigInt(await settledBalance()) - settledBefore).toBe(60_000n);
    await ledgerIntact();
    expect((await notices(customer.id)).filter((purpose) => purpose === 'withdrawal_completed')).toHaveLength(3);
  });
});
