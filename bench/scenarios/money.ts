import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { graphql, importApi, log, ROOT, round, sleep } from '../lib/common.ts';
import { createBenchDatabase, createEmptyDatabase, type BenchDatabase } from '../lib/db.ts';
import { body, CREDIT_WALLET, REQUEST_WITHDRAWAL } from '../lib/documents.ts';
import { measuredLoad, type LoadResult } from '../lib/load.ts';
import { postgresCpuMs } from '../lib/cpu.ts';
import { startApi } from '../lib/proc.ts';
import { mintTokens } from '../lib/tokens.ts';
import type { Profile } from '../profile.ts';

const run = promisify(execFile);
const CLIENTS = 16;
const WALLETS = 200;

/** pgbench's built-in TPC-B transaction (3 updates, 1 select, 1 insert) on a scratch database. */
async function pgbench(scale: number, seconds: number) {
  const db = await createEmptyDatabase();
  try {
    const url = new URL(db.url);
    const args = ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres'];
    await run('pgbench', [...args, '-i', '-q', '-s', String(scale), db.name]);
    const postgresBefore = await postgresCpuMs();
    const { stdout } = await run('pgbench', [
      ...args,
      '-n',
      '-c',
      String(CLIENTS),
      '-j',
      '2',
      '-T',
      String(seconds),
      db.name,
    ]);
    const postgresCpu = await postgresCpuMs();
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1]);
    const latency = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1]);
    const postgresCpuMsPerTransaction = round((postgresCpu - postgresBefore) / Math.max(transactions, 1), 3);
    return {
      scale,
      clients: CLIENTS,
      seconds,
      tps: round(tps, 1),
      latencyAverageMs: latency,
      postgresCpuMsPerTransaction,
    };
  } finally {
    await db.drop();
  }
}

/** Whether the wallet is in the contract (it was being built while this bench was written). */
export const walletBuilt = () =>
  /\brequestWithdrawal\s*\(/.test(readFileSync(`${ROOT}packages/schema/schema.graphql`, 'utf8'));

async function sql<T extends pg.QueryResultRow>(db: BenchDatabase, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** A bank account that passes the API's control-key check, for BANK_ACCOUNT withdrawals. */
async function validAccount(bik: string): Promise<string> {
  const { isValidBankAccount } = await importApi<{ isValidBankAccount(bik: string, account: string): boolean }>(
    'modules/wallet/bank-account.js',
  );
  for (let digit = 0; digit < 10; digit += 1) {
    const account = `40817810${digit}00000012345`;
    if (isValidBankAccount(bik, account)) return account;
  }
  throw new Error('no valid account number found');
}

/** The ledger's invariants after the run: each must be 0 (negative wallets, unbalanced transfers, …). */
async function ledgerInvariants(db: BenchDatabase) {
  const [row] = await sql<Record<string, string>>(
    db,
    `select
       (select count(*) from (select transfer_id from ledger_entry group by transfer_id having sum(amount) <> 0) x)
         as unbalanced_transfers,
       (select count(*) from ledger_transfer t where (select count(*) from ledger_entry e where e.transfer_id = t.id) <> 2)
         as transfers_without_two_entries,
       (select count(*) from ledger_account a
         where a.balance <> coalesce((select sum(e.amount) from ledger_entry e where e.account_id = a.id), 0))
         as balances_not_matching_entries,
       (select count(*) from ledger_account where kind = 'USER_WALLET' and balance < 0) as negative_wallets,
       (select coalesce(sum(balance), 0) from ledger_account) as sum_of_all_balances`,
  );
  const violations = Object.fromEntries(Object.entries(row!).map(([key, value]) => [key, Number(value)]));
  return { ...violations, intact: Object.values(violations).every((value) => value === 0) };
}

/**
 * Waits (up to 30 s) until the API has no notice left to deliver, so an idle CPU reading is idle. Payouts are not
 * waited for: they keep up with the requests (batches of 400, PAYOUT_DELAY_MS each at the sandbox bank), but the last
 * batch's settlement and its notices may still run when the next idle reading starts.
 */
async function noticesDelivered(db: BenchDatabase) {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const [row] = await sql<{ busy: boolean }>(
      db,
      `select exists (select 1 from outbound_message where status = 'QUEUED') as busy`,
    );
    if (!row?.busy) return;
    await sleep(200);
  }
}

async function runWithdrawals(profile: Profile) {
  const db = await createBenchDatabase();
  try {
    await sql(
      db,
      `insert into app_user (id, phone, display_name, roles, created_at, updated_at)
       select gen_random_uuid(), '+7952' || lpad(k::text, 7, '0'), 'Кошелёк ' || k, '{CUSTOMER}'::text[], now(), now()
         from generate_series(1, ${WALLETS + 1}) as k
       union all select gen_random_uuid(), '+79529999999', 'Бухгалтер', '{ADMIN}'::text[], now(), now()`,
    );
    const users = await sql<{ id: string; roles: string[] }>(
      db,
      `select id, roles from app_user where phone like '+7952%' order by phone`,
    );
    const admin = users.pop()!;
    const [adminToken] = await mintTokens([{ ...admin, phone: '' }]);
    const tokens = await mintTokens(users.map((user) => ({ ...user, phone: '' })));
    const bik = '044525225';
    const destination = {
      kind: 'BANK_ACCOUNT',
      recipientName: 'Иван Петрович Сидоров',
      bik,
      accountNumber: await validAccount(bik),
    };
    const runId = randomBytes(4).toString('hex');

    const api = await startApi(db.url);
    try {
      // Funds through the API's own staff credit (10 million rubles each), so the ledger is the API's.
      for (const [index, user] of users.entries()) {
        const credited = await graphql(
          `${api.url}/graphql`,
          {
            query: CREDIT_WALLET,
            variables: {
              input: {
                userId: user.id,
                amount: '1000000000',
                reason: 'Пополнение для замера',
                idempotencyKey: `fund-${runId}-${index}`,
              },
            },
          },
          { authorization: adminToken! },
        );
        if (credited.body.errors) throw new Error(`creditWallet: ${JSON.stringify(credited.body.errors)}`);
      }
      const withdraw = (walletTokens: string[], label: string) => (i: number) => ({
        body: body(REQUEST_WITHDRAWAL, 'RequestWithdrawal', {
          input: { amount: '10000', destination, idempotencyKey: `bench-${runId}-${label}-${i}` },
        }),
        headers: { authorization: walletTokens[i % walletTokens.length]! },
      });
      const options = {
        url: `${api.url}/graphql`,
        connections: CLIENTS,
        seconds: profile.moneySeconds,
        warmupSeconds: profile.warmupSeconds,
        // CPU per withdrawal includes its payout and notices (the payout worker and the dispatcher run in the API).
        idleBeforeWarmup: true,
        // Other helpers' tests share the PostgreSQL server: only this database's backends count.
        database: db.name,
      };
      await noticesDelivered(db);
      const spread = await measuredLoad({ ...options, request: withdraw(tokens.slice(0, WALLETS), 'spread') }, api);
      log(
        `  requestWithdrawal over ${WALLETS} wallets: ${spread.requestsPerSecond} req/s, ${spread.failures} failures, ` +
          `CPU per request: server ${spread.serverCpuMsPerRequest} ms, PostgreSQL ${spread.postgresCpuMsPerRequest} ms`,
      );
      await noticesDelivered(db);
      const concentrated = await measuredLoad({ ...options, request: withdraw(tokens.slice(WALLETS), 'one') }, api);
      log(
        `  requestWithdrawal on one wallet: ${concentrated.requestsPerSecond} req/s, ${concentrated.failures} failures, ` +
          `CPU per request: server ${concentrated.serverCpuMsPerRequest} ms, ` +
          `PostgreSQL ${concentrated.postgresCpuMsPerRequest} ms`,
      );
      await sleep(3000); // let the simulated bank settle what it has claimed
      return { spread, concentrated, ledger: await ledgerInvariants(db) };
    } finally {
      await api.stop();
    }
  } finally {
    await db.drop();
  }
}

export async function runMoney(profile: Profile) {
  // TPC-B over 16 branches (one per client) and on one branch row: the analogues of many wallets and of one.
  const spread = await pgbench(profile.pgbenchScale, profile.moneySeconds);
  log(`  pgbench TPC-B, scale ${spread.scale}, ${CLIENTS} clients: ${spread.tps} tps`);
  const concentrated = await pgbench(1, profile.moneySeconds);
  log(`  pgbench TPC-B, scale 1 (one branch row), ${CLIENTS} clients: ${concentrated.tps} tps`);
  const baseline = { spread, concentrated };
  if (!walletBuilt()) {
    return { baseline, withdrawals: { skipped: 'wallet not built: requestWithdrawal is not in the contract yet' } };
  }
  const withdrawals = await runWithdrawals(profile);
  const ratio = (result: LoadResult, tps: number) => round(result.requestsPerSecond / tps);
  return {
    baseline,
    withdrawals: {
      ...withdrawals,
      spreadVsTpcb: ratio(withdrawals.spread, spread.tps),
      concentratedVsTpcb: ratio(withdrawals.concentrated, concentrated.tps),
    },
  };
}
