import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateApiKeyDocument,
  CreateTicketDocument,
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
  SHUTDOWN_GRACE_SECONDS: '1',
};

/** Starts dist/main.js on an ephemeral port; resolves once it logs that it listens. */
function startInstance(databaseUrl: string): Promise<Instance> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1' },
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
  instances.push(...(await Promise.all([0, 1, 2].map(() => startInstance(db.url)))));
}, 600_000);
afterAll(async () => {
  for (const instance of instances) {
    if (instance.process.exitCode === null && instance.process.signalCode === null) {
      const exited = new Promise((resolve) => instance.process.once('exit', resolve));
      instance.process.kill('SIGTERM');
      await exited;
    }
  }
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

    // Two integrators on each instance.
    const feeds = [0, 0, 1, 1, 2, 2].map((index) => follow(secret, index));

    /** The message-delivery claim's lease (notify.service.ts). */
    const MESSAGE_LEASE_MS = 5 * 60_000;
    const TICKETS_PER_WRITER = 12;
    const victim = 1;
    let written = 0;
    let killed: Promise<void> | undefined;
    let killedAt: Date | undefined;
    const keys: string[] = [];
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
        for (let target = index; ; target = (target + 1) % instances.length) {
          const created = await execute(
            instances[target]!.graphqlUrl,
            CreateTicketDocument,
            { input },
            { token: customers[index]!.accessToken },
          ).catch(() => null); // the instance is gone (connection refused or reset)
          if (created?.data) break;
          if (created?.errors) throw new Error(JSON.stringify(created.errors));
        }
        written += 1;
        // A third of the way through, the victim dies without warning.
        if (written === TICKETS_PER_WRITER && !killed) {
          const victimProcess = instances[victim]!.process;
          killed = new Promise((resolve) => victimProcess.once('exit', () => resolve()));
          killedAt = new Date();
          victimProcess.kill('SIGKILL');
          instances[victim]!.alive = false;
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

    await Promise.all(feeds.map((feed) => feed.stop()));
  }, 180_000);
});
