import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateApiKeyDocument,
  CreateTicketDocument,
  CreateWebhookDocument,
  CreditWalletDocument,
  RequestWithdrawalDocument,
  SupportCategoriesDocument,
  TicketEventsDocument,
  type CreateTicketInput,
} from '@support/schema';
import { loadConfig } from '../src/config.js';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { execute, openTestDatabase, wsClient, type TestDatabase, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

/**
 * Three API instances (the built API, as separate processes) on one PostgreSQL database and one Redis; integrators
 * follow ticket events on all three while customers file tickets through all three; one instance is killed with
 * SIGKILL. Its clients reconnect to the others and resume with `after`; writers retry their request on another
 * instance with the same idempotency key. Every committed event reaches every client once, in order, and every
 * ticket exists once; the outbound messages of the tickets are all delivered by the surviving instances.
 *
 * Webhooks and payouts are in flight when the instance dies: a slow receiver keeps the instances' webhook POSTs open,
 * and every customer asks for a withdrawal (paid by the sandbox bank after PAYOUT_DELAY_MS) with each ticket. The
 * receiver gets every event's delivery, each under one delivery id (a delivery the victim had claimed may come again
 * under the same id: at-least-once, deduplicated on x-webhook-delivery-id as README says), and every withdrawal is
 * paid once by the bank and settled once in the ledger, whoever re-drives it.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Instance {
  process: ChildProcess;
  httpUrl: string;
  graphqlUrl: string;
  wsUrl: string;
  alive: boolean;
}

let db: TestDatabase;
const instances: Instance[] = [];
const env = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'info',
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_PREFIX: `test-cluster-${randomUUID()}:`,
  EVENT_RELAY_POLL_MS: '200',
  EVENT_FANOUT_POLL_MS: '200',
  DELIVERY_POLL_MS: '200',
  WEBHOOK_POLL_MS: '200',
  // Held POSTs must not time out before the kill.
  WEBHOOK_TIMEOUT_MS: '60000',
  PAYOUT_POLL_MS: '200',
  // A slow bank: each instance's payouts are at the bank for two seconds (the victim's: see VICTIM_ENV).
  PAYOUT_DELAY_MS: '2000',
  SHUTDOWN_GRACE_SECONDS: '1',
};

/** The instance killed mid-run. */
const VICTIM = 1;
/**
 * Its bank never answers before the kill, so it dies with a payout at the bank whatever the machine's load: with two
 * seconds for all, its claim could finish between the check that every instance is busy and the kill (a busy machine,
 * two suites at once, saw it).
 */
const VICTIM_ENV = { PAYOUT_DELAY_MS: '600000' };

/** What the webhook receiver got: one entry per POST. */
interface Hook {
  deliveryId: string;
  position: string;
}
const hooks: Hook[] = [];
/** Called after each POST the receiver gets (the test waits on it for the deliveries it expects). */
let onHook = () => {};
/**
 * The webhook receiver. Until the kill it holds every POST open (the instances' dispatchers wait on their claims),
 * so the victim dies with deliveries in flight that the receiver has already seen; then it answers them all.
 */
let receiver: Server | undefined;
let holding = true;
const held: ServerResponse[] = [];
const releaseHooks = () => {
  holding = false;
  for (const res of held.splice(0)) if (!res.destroyed) res.writeHead(200).end('ok');
};

/** Starts dist/main.js on an ephemeral port; resolves once it logs that it listens. */
function startInstance(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<Instance> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env, ...extraEnv, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`instance exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: { msg?: string; port?: number } = {};
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return; // not a log line
      }
      if (entry.port && entry.msg?.includes('listening')) {
        resolve({
          process: child,
          httpUrl: `http://127.0.0.1:${entry.port}`,
          graphqlUrl: `http://127.0.0.1:${entry.port}/graphql`,
          wsUrl: `ws://127.0.0.1:${entry.port}/graphql`,
          alive: true,
        });
      }
    });
  });
}

beforeAll(async () => {
  // The instances run the built API: build it unless its inputs are unchanged since the last build.
  execFileSync('bash', ['-c', 'source scripts/lib/up-to-date.sh && build_api'], { cwd: ROOT, stdio: 'inherit' });
  db = await openTestDatabase();
  await seedCatalog(db.orm, loadConfig({ NODE_ENV: 'test' }));
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const { deliveryId, event } = JSON.parse(body) as { deliveryId: string; event: { position: string } };
      hooks.push({ deliveryId, position: event.position });
      if (holding) held.push(res);
      else res.writeHead(200).end('ok');
      onHook();
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  instances.push(
    ...(await Promise.all([0, 1, 2].map((index) => startInstance(db.url, index === VICTIM ? VICTIM_ENV : {})))),
  );
}, 600_000);
afterAll(async () => {
  for (const instance of instances) {
    if (instance.process.exitCode === null && instance.process.signalCode === null) {
      const exited = new Promise((resolve) => instance.process.once('exit', resolve));
      instance.process.kill('SIGTERM');
      await exited;
    }
  }
  receiver?.closeAllConnections();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  await db?.dispose();
});

/** The harness's helpers take a server: instance `index` over the shared database. */
const serverAt = (index: number) =>
  ({ httpUrl: instances[index]!.httpUrl, graphqlUrl: instances[index]!.graphqlUrl, db }) as unknown as TestServer;

interface Received {
  position: string;
  id: string;
}

/**
 * An integrator's event feed that survives its instance: on a closed socket it reconnects to the next instance and
 * resumes after the last position it saw.
 */
function follow(apiKey: string, startAt: number) {
  const received: Received[] = [];
  let index = startAt;
  let reconnections = 0;
  let stopped = false;
  let client = wsClient(instances[index]!.wsUrl, { 'x-api-key': apiKey });
  const subscribe = () => {
    const after = received.at(-1)?.position ?? '0';
    client.subscribe<{ ticketEvents: Received }>(
      { query: print(TicketEventsDocument), variables: { after } },
      {
        next: (value) => {
          if (value.data) received.push({ position: value.data.ticketEvents.position, id: value.data.ticketEvents.id });
        },
        error: () => reconnect(),
        complete: () => reconnect(),
      },
    );
  };
  const reconnect = () => {
    if (stopped) return;
    void client.dispose();
    index = (index + 1) % instances.length;
    reconnections += 1;
    client = wsClient(instances[index]!.wsUrl, { 'x-api-key': apiKey });
    subscribe();
  };
  subscribe();
  return {
    received,
    get reconnections() {
      return reconnections;
    },
    stop: async () => {
      stopped = true;
      await client.dispose();
    },
  };
}

describe('three instances, one killed', () => {
  it('loses and duplicates nothing: clients resume on the others, writers retry, background work carries on', async () => {
    const admin = await loginAs(serverAt(0), ['ADMIN']);
    const customers = await Promise.all([0, 1, 2].map((index) => loginAs(serverAt(index), ['CUSTOMER'])));
    const key = await execute(
      instances[0]!.graphqlUrl,
      CreateApiKeyDocument,
      { input: { name: `CRM ${randomUUID()}`, scopes: ['tickets:read'] } },
      { token: admin.accessToken },
    );
    const secret = key.data!.createApiKey.secret;
    const tree = (await execute(instances[0]!.graphqlUrl, SupportCategoriesDocument, {})).data!.supportCategories;
    const problemId = tree.flatMap((c) => c.problems).find((p) => p.titleEn === 'My order is late')!.id;

    // A webhook for every ticket event, to the slow receiver.
    const webhook = await execute(
      instances[0]!.graphqlUrl,
      CreateWebhookDocument,
      { input: { url: `http://127.0.0.1:${(receiver!.address() as AddressInfo).port}/hooks` } },
      { token: admin.accessToken },
    );
    if (!webhook.data) throw new Error(JSON.stringify(webhook.errors));
    const webhookId = webhook.data.createWebhook.webhook.id;
    // Money for the withdrawals: each customer withdraws WITHDRAWAL kopecks with each ticket.
    const FUNDS = 1_000_000n;
    const WITHDRAWAL = 10_000n;
    for (const customer of customers) {
      const credited = await execute(
        instances[0]!.graphqlUrl,
        CreditWalletDocument,
        {
          input: {
            userId: customer.user.id,
            amount: String(FUNDS),
            reason: 'Возврат за заказ',
            idempotencyKey: randomUUID(),
          },
        },
        { token: admin.accessToken },
      );
      if (credited.errors) throw new Error(JSON.stringify(credited.errors));
    }

    // Two integrators on each instance.
    const feeds = [0, 0, 1, 1, 2, 2].map((index) => follow(secret, index));

    /** The message-delivery claim's lease (notify.service.ts). */
    const MESSAGE_LEASE_MS = 5 * 60_000;
    const TICKETS_PER_WRITER = 12;
    const victim = VICTIM;
    let written = 0;
    let killed: Promise<void> | undefined;
    let killedAt: Date | undefined;
    const keys: string[] = [];
    const withdrawalKeys: string[] = [];
    /**
     * Waits until each instance holds a webhook claim whose POSTs have all reached the receiver (held there) and a
     * payout claim with a payout at the slow bank (asked, not yet answered): three live lease tokens in each queue,
     * one per instance, since each instance's dispatcher and payout processor work through one claim at a time.
     * Returns the tokens.
     */
    const whenEveryInstanceIsBusy = async () => {
      const busyDeadline = Date.now() + 60_000;
      for (;;) {
        const claims = await db.orm.em.fork().execute<Array<{ queue: string; token: string; rows: string }>>(
          `select 'hook' as queue, lease_token as token, count(*) as rows from webhook_delivery
            where status = 'PENDING' and lease_until > now() group by lease_token
           union all
           select 'payout', w.lease_token, count(*) from withdrawal w
             join sandbox_payment p on p.idempotency_key = w.id || ':' || w.attempt
            where w.status = 'PROCESSING' and w.lease_until > now() group by w.lease_token`,
        );
        const hookClaims = claims.filter((claim) => claim.queue === 'hook');
        const payoutClaims = claims.filter((claim) => claim.queue === 'payout');
        const claimedPosts = hookClaims.reduce((sum, claim) => sum + Number(claim.rows), 0);
        if (
          hookClaims.length >= instances.length &&
          payoutClaims.length >= instances.length &&
          held.filter((res) => !res.destroyed).length >= claimedPosts
        ) {
          return { hooks: hookClaims.map((c) => c.token), payouts: payoutClaims.map((c) => c.token) };
        }
        if (Date.now() > busyDeadline) throw new Error(`instances not all busy: ${JSON.stringify(claims)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    let busyTokens: { hooks: string[]; payouts: string[] } | undefined;
    /** Sends one request to the writer's instance, then to the next ones while an instance is gone. */
    const retried = async <T>(index: number, send: (url: string) => Promise<{ data?: T | null; errors?: unknown }>) => {
      for (let target = index; ; target = (target + 1) % instances.length) {
        const result = await send(instances[target]!.graphqlUrl).catch(() => null); // gone: refused or reset
        if (result?.data) return result.data;
        if (result?.errors) throw new Error(JSON.stringify(result.errors));
      }
    };
    /** One customer's writes, through their own instance; a failed request is retried on the next one. */
    const writer = async (index: number) => {
      for (let n = 0; n < TICKETS_PER_WRITER; n += 1) {
        const input: CreateTicketInput = {
          problemId,
          orderNumber: `${Math.floor(10_000_000 + Math.random() * 89_999_999)}-0001`,
          description: 'Посылка задерживается уже на три дня, прошу помочь.',
          replyChannel: 'SMS',
          idempotencyKey: randomUUID(),
        };
        keys.push(input.idempotencyKey);
        await retried(index, (url) =>
          execute(url, CreateTicketDocument, { input }, { token: customers[index]!.accessToken }),
        );
        const withdrawalKey = randomUUID();
        withdrawalKeys.push(withdrawalKey);
        await retried(index, (url) =>
          execute(
            url,
            RequestWithdrawalDocument,
            {
              input: {
                amount: String(WITHDRAWAL),
                destination: {
                  kind: 'BANK_ACCOUNT',
                  recipientName: 'Иванов Иван Иванович',
                  bik: '049805746',
                  accountNumber: '40602810700000000025',
                },
                idempotencyKey: withdrawalKey,
              },
            },
            { token: customers[index]!.accessToken },
          ),
        );
        written += 1;
        // A third of the way through, the victim dies without warning, once it has work in flight.
        if (written === TICKETS_PER_WRITER && !killed) {
          busyTokens = await whenEveryInstanceIsBusy();
          const victimProcess = instances[victim]!.process;
          killed = new Promise((resolve) => victimProcess.once('exit', () => resolve()));
          killedAt = new Date();
          victimProcess.kill('SIGKILL');
          instances[victim]!.alive = false;
          await killed;
          releaseHooks();
        }
      }
    };
    await Promise.all([0, 1, 2].map((index) => writer(index)));
    await killed;

    // Every ticket exists once.
    const em = db.orm.em.fork();
    const [tickets] = await em.execute<Array<{ count: string; keys: string }>>(
      `select count(*) as count, count(distinct idempotency_key) as keys from ticket where idempotency_key = any(?)`,
      [`{${keys.join(',')}}`],
    );
    expect(Number(tickets!.count)).toBe(3 * TICKETS_PER_WRITER);
    expect(Number(tickets!.keys)).toBe(3 * TICKETS_PER_WRITER);

    // The claims the victim held (webhook POSTs and payouts in flight) would wait out their leases (2 minutes) before
    // a survivor takes them over: end them now instead. Of the three claims held at the kill, the victim's is the one
    // whose rows stay unfinished once the survivors have finished theirs.
    const victimClaim = async (table: string, open: string, tokens: string[]) => {
      const claimDeadline = Date.now() + 60_000;
      for (;;) {
        const unfinished = await em.execute<Array<{ token: string }>>(
          `select distinct lease_token as token from ${table} where status = '${open}' and lease_token = any(?)`,
          [`{${tokens.join(',')}}`],
        );
        if (unfinished.length === 1) return unfinished[0]!.token;
        if (Date.now() > claimDeadline) throw new Error(`${table}: ${unfinished.length} claims left unfinished`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const cutDeliveries = await em.execute<Array<{ id: string }>>(
      `update webhook_delivery set lease_until = now(), next_attempt_at = now()
        where status = 'PENDING' and lease_token = ? returning id`,
      [await victimClaim('webhook_delivery', 'PENDING', busyTokens!.hooks)],
    );
    const cutPayouts = await em.execute<Array<{ id: string }>>(
      `update withdrawal set lease_until = now() where status = 'PROCESSING' and lease_token = ? returning id`,
      [await victimClaim('withdrawal', 'PROCESSING', busyTokens!.payouts)],
    );
    expect(cutDeliveries.length).toBeGreaterThan(0);
    expect(cutPayouts.length).toBeGreaterThan(0);

    // Every committed event gets a position (the survivors' relays), and reaches every feed once, in order.
    const deadline = Date.now() + 60_000;
    let expected: Received[] = [];
    for (;;) {
      expected = await em.execute<Received[]>(
        `select position, id from ticket_outbox where position is not null order by position`,
      );
      const [pending] = await em.execute<Array<{ count: string }>>(
        `select count(*) as count from ticket_outbox where position is null`,
      );
      const caughtUp = feeds.every((feed) => feed.received.length >= expected.length);
      if (Number(pending!.count) === 0 && caughtUp && expected.length >= 3 * TICKETS_PER_WRITER) break;
      if (Date.now() > deadline) {
        throw new Error(
          `not caught up: ${pending!.count} unpositioned, ${expected.length} events, feeds ${feeds.map((f) => f.received.length).join('/')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const feed of feeds) expect(feed.received).toEqual(expected);
    // The victim's clients did move (the others may too, if they were connected to it when it died).
    expect(feeds[2]!.reconnections).toBeGreaterThanOrEqual(1);
    expect(feeds[3]!.reconnections).toBeGreaterThanOrEqual(1);

    // Background work carries on: the tickets' messages are delivered by the survivors. A message the victim had
    // claimed waits for its claim's lease (5 minutes) before another instance takes it: wait for every message to be
    // sent or claimed, then end those leases now instead of waiting, and wait for the survivors to deliver them.
    const queued = async () =>
      (
        await em.execute<Array<{ unclaimed: string; claimed: string }>>(
          `select count(*) filter (where attempts = 0) as unclaimed, count(*) filter (where attempts > 0) as claimed
             from outbound_message where status = 'QUEUED'`,
        )
      )[0]!;
    for (let left = await queued(); Number(left.unclaimed) > 0; left = await queued()) {
      if (Date.now() > deadline) throw new Error(`${left.unclaimed} messages never claimed`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Only the victim's leases (granted before it died; the survivors' end as they deliver) are ended early.
    await em.execute(
      `update outbound_message set next_attempt_at = now(), lease_until = now()
        where status = 'QUEUED' and lease_until < ?`,
      [new Date(killedAt!.getTime() + MESSAGE_LEASE_MS)],
    );
    for (let left = await queued(); Number(left.claimed) > 0; left = await queued()) {
      if (Date.now() > deadline + 30_000) throw new Error(`${left.claimed} claimed messages never delivered`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [failed] = await em.execute<Array<{ count: string }>>(
      `select count(*) as count from outbound_message where status = 'FAILED'`,
    );
    expect(Number(failed!.count)).toBe(0);

    // Webhooks: one delivery per event, each delivered; the receiver saw every event's position under that
    // delivery's id, and saw an id twice only if its claim was cut above (at-least-once, deduplicated on the id).
    // (The relay creates an event's deliveries in the transaction that positions it: one snapshot shows both.)
    const deliveries = await em.execute<Array<{ id: string | null; position: string }>>(
      `select d.id, o.position from ticket_outbox o
         left join webhook_delivery d on d.event_id = o.id and d.webhook_id = ?
        where o.position is not null order by o.position`,
      [webhookId],
    );
    expect(deliveries.length).toBeGreaterThanOrEqual(expected.length);
    expect(deliveries.filter((delivery) => delivery.id === null)).toEqual([]);
    const positionOf = new Map(deliveries.map((delivery) => [delivery.id, delivery.position]));
    const seen = () => new Set(hooks.map((hook) => hook.deliveryId));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`webhooks: ${seen().size} of ${deliveries.length} delivered`)),
        deadline + 30_000 - Date.now(),
      );
      onHook = () => {
        if (deliveries.every((delivery) => seen().has(delivery.id!))) {
          clearTimeout(timer);
          resolve();
        }
      };
      onHook();
    });
    // (Events positioned after the snapshot may have been delivered too; those are not checked here.)
    for (const hook of hooks)
      if (positionOf.has(hook.deliveryId)) expect(hook.position).toBe(positionOf.get(hook.deliveryId));
    // The instance that got the receiver's answer marks the delivery; wait for the last marks.
    for (;;) {
      const [open] = await em.execute<Array<{ count: string }>>(
        `select count(*) as count from webhook_delivery where webhook_id = ? and status <> 'DELIVERED'`,
        [webhookId],
      );
      if (Number(open!.count) === 0) break;
      if (Date.now() > deadline + 30_000) throw new Error(`${open!.count} webhook deliveries never marked`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Exactly the victim's deliveries came twice: seen before it died (held), then from a survivor, under the same
    // delivery ids (a survivor marks a delivery only after the receiver answered it).
    const counts = new Map<string, number>();
    for (const hook of hooks) counts.set(hook.deliveryId, (counts.get(hook.deliveryId) ?? 0) + 1);
    const repeated = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
    const cut = new Set(cutDeliveries.map((row) => row.id));
    expect(repeated.sort()).toEqual([...cut].sort());

    // Payouts: every withdrawal exists once and is completed; the bank paid each once (one payment per idempotency
    // key, whoever asked and how often), the ledger held and settled each once, and its invariants hold.
    const payouts = async () =>
      em.execute<Array<{ id: string; status: string; attempt: number }>>(
        `select id, status, attempt from withdrawal where idempotency_key = any(?)`,
        [`{${withdrawalKeys.join(',')}}`],
      );
    for (let rows = await payouts(); rows.some((row) => row.status !== 'COMPLETED'); rows = await payouts()) {
      const stuck = rows.filter((row) => !['PENDING', 'PROCESSING', 'COMPLETED'].includes(row.status));
      if (stuck.length) throw new Error(`payouts ended otherwise: ${JSON.stringify(stuck)}`);
      if (Date.now() > deadline + 30_000) throw new Error('payouts never completed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const withdrawals = await payouts();
    expect(withdrawals).toHaveLength(3 * TICKETS_PER_WRITER);
    expect(withdrawals.every((row) => row.attempt === 1)).toBe(true);
    const ids = `{${withdrawals.map((row) => row.id).join(',')}}`;
    const payments = await em.execute<
      Array<{ withdrawal_id: string; idempotency_key: string; outcome: string; requests: number }>
    >(`select withdrawal_id, idempotency_key, outcome, requests from sandbox_payment where withdrawal_id = any(?)`, [
      ids,
    ]);
    expect(payments.map((payment) => payment.idempotency_key).sort()).toEqual(
      withdrawals.map((row) => `${row.id}:1`).sort(),
    );
    expect(payments.every((payment) => payment.outcome === 'PAID')).toBe(true);
    // A payment asked for more than once was re-driven after its claim was cut.
    const cutPayoutIds = new Set(cutPayouts.map((row) => row.id));
    // The victim had asked the bank for one of them: a survivor asked again with the same key, and nothing more was paid.
    expect(payments.some((payment) => payment.requests > 1)).toBe(true);
    expect(payments.filter((payment) => payment.requests > 1 && !cutPayoutIds.has(payment.withdrawal_id))).toEqual([]);
    const transfers = await em.execute<Array<{ kind: string; count: string; references: string }>>(
      `select kind, count(*) as count, count(distinct reference) as references from ledger_transfer
        where reference = any(?) group by kind order by kind`,
      [ids],
    );
    expect(transfers.map((row) => [row.kind, Number(row.count), Number(row.references)])).toEqual([
      ['WITHDRAWAL_HOLD', 3 * TICKETS_PER_WRITER, 3 * TICKETS_PER_WRITER],
      ['WITHDRAWAL_SETTLE', 3 * TICKETS_PER_WRITER, 3 * TICKETS_PER_WRITER],
    ]);
    const [total] = await em.execute<Array<{ sum: string }>>(
      'select coalesce(sum(amount), 0) as sum from ledger_entry',
    );
    expect(BigInt(total!.sum)).toBe(0n);
    const drift = await em.execute(
      `select a.id from ledger_account a left join ledger_entry e on e.account_id = a.id
        group by a.id, a.balance having a.balance <> coalesce(sum(e.amount), 0)`,
    );
    expect(drift).toEqual([]);
    const balances = await em.execute<Array<{ kind: string; balance: string }>>(
      `select kind, balance from ledger_account where user_id = any(?) order by kind`,
      [`{${customers.map((customer) => customer.user.id).join(',')}}`],
    );
    const left = FUNDS - WITHDRAWAL * BigInt(TICKETS_PER_WRITER);
    expect(balances.map((row) => [row.kind, BigInt(row.balance)])).toEqual([
      ['PAYOUT_CLEARING', 0n],
      ['PAYOUT_CLEARING', 0n],
      ['PAYOUT_CLEARING', 0n],
      ['USER_WALLET', left],
      ['USER_WALLET', left],
      ['USER_WALLET', left],
    ]);
    console.info(
      `cluster: ${cut.size} webhook deliveries and ${cutPayoutIds.size} payouts taken over after the kill; ` +
        `${repeated.length} deliveries received twice; ${payments.filter((p) => p.requests > 1).length} payments asked twice`,
    );

    await Promise.all(feeds.map((feed) => feed.stop()));
  }, 240_000);
});
