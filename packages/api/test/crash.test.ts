import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { Viewer } from '../src/lib/context.js';
import { createLogger } from '../src/lib/logger.js';
import { User } from '../src/modules/identity/identity.entity.js';
import { createServices, type Services } from '../src/services.js';
import { openTestDatabase, type TestDatabase } from './harness.js';

/**
 * A second process claims payouts and message deliveries and is killed with SIGKILL in the middle of its batch
 * (the bank has paid some of its payouts, not yet settled, and not seen the others); once its leases run out,
 * another instance finishes the work: nothing is paid twice, nothing is lost.
 */
const apiDir = fileURLToPath(new URL('..', import.meta.url));
const LEASE_PASSED = () => new Date(Date.now() + 10 * 60_000);

let db: TestDatabase;
let services: Services;
let gateway: Server;
let gatewayUrl: string;
const events = new EventEmitter();
/** Idempotency keys the SMS gateway received, in order. */
const gatewayKeys: string[] = [];
/** While true, the gateway holds requests open (the dying instance never gets an answer). */
let holdGateway = true;
const held: ServerResponse[] = [];
let child: ChildProcess | undefined;

let childExit: string | undefined;

/** Resolves when `test` holds, re-checked on every event (no polling); rejects if the other process ends first. */
function when(test: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (test()) resolve();
      else if (childExit) reject(new Error(`the other instance ended early: ${childExit}`));
      else return;
      events.off('change', check);
    };
    events.on('change', check);
    check();
  });
}

beforeAll(async () => {
  db = await openTestDatabase();
  gateway = createServer((request, response) => {
    gatewayKeys.push(String(request.headers['idempotency-key']));
    request.resume();
    events.emit('change');
    if (holdGateway) held.push(response);
    else response.writeHead(200).end('{}');
  });
  gateway.listen(0, '127.0.0.1');
  await once(gateway, 'listening');
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.url,
    SMS_GATEWAY_URL: gatewayUrl,
    PAYOUT_DELAY_MS: '0',
  });
  // This instance's background loops stay off: the test runs its passes when the dead instance's leases are over.
  services = createServices({ config, orm: db.orm, logger: createLogger({ level: 'silent' }) });
});

afterAll(async () => {
  child?.kill('SIGKILL');
  for (const response of held) response.destroy();
  gateway?.close();
  await services?.close();
  await db?.dispose();
});

describe('a crash in the middle of background work', () => {
  it('is finished by another instance after the lease: each payout paid and settled once, every message sent', async () => {
    const em = db.orm.em.fork();
    const admin = em.create(User, { phone: '+79000009900', displayName: 'Админ', roles: ['ADMIN'] });
    const customers = [1, 2, 3].map((n) => em.create(User, { phone: `+7900000991${n}`, displayName: `Клиент ${n}` }));
    await em.flush();
    const viewer = (user: User): Viewer => ({ userId: user.id, sessionId: '', roles: user.roles as Viewer['roles'] });
    for (const customer of customers) {
      await services.wallet.credit(
        em.fork(),
        viewer(admin),
        { userId: customer.id, amount: 100_000n, reason: 'возврат', idempotencyKey: `credit-${customer.id}` },
        'test',
      );
    }
    const withdrawals = [];
    for (const customer of customers) {
      for (const n of [1, 2]) {
        withdrawals.push(
          await services.withdrawals.requestWithdrawal(em.fork(), viewer(customer), {
            amount: 20_000n * BigInt(n),
            destination: {
              kind: 'BANK_ACCOUNT',
              recipientName: customer.displayName,
              bik: '049805746',
              accountNumber: '40602810700000000025',
            },
            idempotencyKey: `withdraw-${customer.id}-${n}`,
          }),
        );
      }
    }
    const smsEm = em.fork();
    const sms = [1, 2, 3, 4, 5].map((n) =>
      services.notify.enqueue(smsEm, {
        channel: 'SMS',
        to: `+7900000992${n}`,
        purpose: 'test',
        text: `Сообщение ${n}`,
      }),
    );
    await smsEm.flush();

    // The other instance claims everything, gets three payouts of its batch paid and all messages to the gateway,
    // then dies before the bank has answered for the rest of the batch (so before it settles any).
    const paid: string[] = [];
    child = spawn(process.execPath, ['test/crash/run-ts.mjs', 'test/crash/payout-worker.ts'], {
      cwd: apiDir,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        SMS_GATEWAY_URL: gatewayUrl,
        DELIVERY_TIMEOUT_MS: '60000',
        PAYOUT_POLL_MS: '600000',
        DELIVERY_POLL_MS: '600000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('paid ')) paid.push(line.slice(5));
      events.emit('change');
    });
    const exited = once(child, 'exit');
    child.on('exit', (code, signal) => {
      childExit = `code ${code}, signal ${signal}`;
      events.emit('change');
    });
    await when(() => paid.length === 3 && new Set(gatewayKeys).size === sms.length);
    child.kill('SIGKILL');
    await exited;
    for (const response of held) response.destroy();
    holdGateway = false;

    const status = async () =>
      (await db.orm.em.fork().execute<Array<{ status: string }>>(`select status from withdrawal order by id`)).map(
        (row) => row.status,
      );
    expect(await status()).toEqual(Array(6).fill('PROCESSING'));
    // Its leases still run: nobody takes the claims over yet.
    expect(await services.payouts.processOnce(new Date())).toBe(0);
    await services.notify.drain(); // (it may send what the dead instance enqueued, e.g. its payout notices)
    expect(gatewayKeys).toHaveLength(sms.length);

    // After the lease another instance finishes the work.
    while ((await services.payouts.processOnce(LEASE_PASSED())) > 0);
    await services.notify.drain(LEASE_PASSED);

    expect(await status()).toEqual(Array(6).fill('COMPLETED'));
    const read = <T>(sql: string) => db.orm.em.fork().execute<T[]>(sql);
    // The bank: one payment per payout attempt, under the withdrawal's id; the ones it paid before the first
    // instance died were asked again with the same key and not paid again.
    const payments = await read<{ idempotency_key: string; requests: number }>(
      `select idempotency_key, requests from sandbox_payment order by idempotency_key`,
    );
    expect(payments.map((p) => p.idempotency_key)).toEqual(withdrawals.map((w) => `${w.id}:1`).sort());
    expect(paid).toHaveLength(3);
    expect(payments.filter((p) => paid.includes(p.idempotency_key)).every((p) => p.requests === 2)).toBe(true);
    expect(payments.filter((p) => !paid.includes(p.idempotency_key)).every((p) => p.requests === 1)).toBe(true);
    // The ledger: settled once each, every transfer balanced, every balance the sum of its entries.
    const settled = await read<{ reference: string; count: number }>(
      `select reference, count(*)::int as count from ledger_transfer where kind = 'WITHDRAWAL_SETTLE' group by reference`,
    );
    expect(settled).toHaveLength(6);
    expect(settled.every((row) => row.count === 1)).toBe(true);
    const [totals] = await read<{ sum: string; unbalanced: number; drift: number; clearing: string }>(
      `select (select coalesce(sum(amount), 0) from ledger_entry) as sum,
              (select count(*)::int from (select transfer_id from ledger_entry group by transfer_id
                                           having sum(amount) <> 0) t) as unbalanced,
              (select count(*)::int from ledger_account a
                where a.balance <> (select coalesce(sum(amount), 0) from ledger_entry e where e.account_id = a.id)) as drift,
              (select coalesce(sum(balance), 0) from ledger_account where kind = 'PAYOUT_CLEARING') as clearing`,
    );
    expect(totals).toEqual({ sum: '0', unbalanced: 0, drift: 0, clearing: '0' });
    const wallets = await read<{ balance: string }>(`select balance from ledger_account where kind = 'USER_WALLET'`);
    expect(wallets.map((w) => w.balance)).toEqual(['40000', '40000', '40000']);
    // Messages: all sent; each reached the gateway under its own id at most twice (the dead try and the retry).
    const messages = await read<{ id: string; status: string }>(
      `select id, status from outbound_message where channel = 'SMS'`,
    );
    expect(messages.every((m) => m.status === 'SENT')).toBe(true);
    expect(new Set(gatewayKeys)).toEqual(new Set(sms.map((m) => m.id)));
    for (const message of sms) expect(gatewayKeys.filter((key) => key === message.id)).toHaveLength(2);
  }, 120_000);
});
