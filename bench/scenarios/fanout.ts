import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { BurstResult, ClientCommand, Trigger } from '../clients/fanout-clients.ts';
import { log, REDIS_URL, round } from '../lib/common.ts';
import { benchUsers, type BenchDatabase } from '../lib/db.ts';
import { startApi, startServer, type ServerProcess } from '../lib/proc.ts';
import { mintTokens } from '../lib/tokens.ts';
import type { Profile } from '../profile.ts';

/** An integrator's API key with tickets:read, inserted as ApiKeyService.create stores it (prefix + SHA-256). */
async function createApiKey(db: BenchDatabase, createdBy: string): Promise<string> {
  const prefix = randomBytes(6).toString('hex');
  const secret = `sk_${prefix}_${randomBytes(32).toString('base64url')}`;
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(
      `insert into api_key (id, name, prefix, secret_hash, scopes, created_by, created_at)
       values (gen_random_uuid(), 'bench', $1, $2, '{tickets:read}', $3, now())`,
      [prefix, createHash('sha256').update(secret).digest('hex'), createdBy],
    );
  } finally {
    await client.end();
  }
  return secret;
}

async function inProgressTickets(db: BenchDatabase, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `select id from ticket where status = 'IN_PROGRESS' order by id desc limit $1`,
      [count],
    );
    return rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}

/** The clients' process, with a request/answer helper over IPC. */
async function startClients() {
  const child = fork(fileURLToPath(new URL('../clients/fanout-clients.ts', import.meta.url)), [], {
    execArgv: ['--disable-warning=ExperimentalWarning'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const answers: Array<(message: { ok: boolean; value?: unknown; error?: string }) => void> = [];
  child.on('message', (message: { ok: boolean; value?: unknown; error?: string }) => answers.shift()?.(message));
  await new Promise((resolve) => answers.push(resolve));
  const ask = <T>(command: ClientCommand) =>
    new Promise<T>((resolve, reject) => {
      answers.push((message) => (message.ok ? resolve(message.value as T) : reject(new Error(message.error))));
      child.send(command);
    });
  return { ask, kill: () => child.kill('SIGKILL') };
}

interface FanoutRun {
  target: string;
  connected: number;
  connectErrors: number;
  listening: number;
  burst: BurstResult;
  memoryPerSubscription: { rssKiB: number; heapKiB: number };
}

async function run(
  target: string,
  servers: ServerProcess[],
  urls: string[],
  connectionParams: Record<string, string>,
  trigger: Trigger,
  tickets: string[],
  profile: Profile,
): Promise<FanoutRun> {
  const memory = async () => {
    const reports = await Promise.all(servers.map((server) => server.memory()));
    return {
      rss: reports.reduce((sum, r) => sum + r.rss, 0),
      heap: reports.reduce((sum, r) => sum + r.heapUsed + r.external, 0),
    };
  };
  const clients = await startClients();
  try {
    const before = await memory();
    const connect = await clients.ask<{ connected: number; errors: number; firstError?: string }>({
      type: 'connect',
      urls,
      count: profile.fanoutClients,
      connectionParams,
    });
    if (connect.errors) log(`  ${target}: ${connect.errors} subscription errors, first: ${connect.firstError}`);
    const warm = await clients.ask<{ listening: number }>({
      type: 'warmup',
      trigger,
      ticketId: tickets[0]!,
      timeoutMs: 60_000,
    });
    const after = await memory();
    const burst = await clients.ask<BurstResult>({
      type: 'burst',
      trigger,
      ticketIds: tickets.slice(1, profile.fanoutEvents + 1),
      concurrency: 10,
      timeoutMs: 30_000 + (profile.fanoutClients * profile.fanoutEvents) / 2,
    });
    log(
      `  ${target}: ${burst.delivered}/${burst.expected} delivered, p50 ${burst.p50Ms} ms, p99 ${burst.p99Ms} ms, ` +
        `burst ${burst.burstMs} ms` +
        (Object.keys(burst.closed).length ? `, sockets closed by code ${JSON.stringify(burst.closed)}` : ''),
    );
    await clients.ask({ type: 'close' });
    const n = profile.fanoutClients;
    return {
      target,
      connected: connect.connected,
      connectErrors: connect.errors,
      listening: warm.listening,
      burst,
      memoryPerSubscription: {
        rssKiB: round((after.rss - before.rss) / n / 1024),
        heapKiB: round((after.heap - before.heap) / n / 1024),
      },
    };
  } finally {
    clients.kill();
  }
}

/**
 * Every subscriber connects from 127.0.0.1, where a deployment's would come from many addresses: the per-address
 * socket bound (WS_MAX_SOCKETS_PER_ADDRESS, 1,000 by default) would refuse all but the first thousand.
 */
const SOCKETS = { WS_MAX_SOCKETS_PER_ADDRESS: '100000' };

export async function runFanout(db: BenchDatabase, profile: Profile) {
  const users = await benchUsers(db, 1);
  const [staffToken] = await mintTokens(users.staff.slice(0, 1));
  const apiKey = await createApiKey(db, users.staff[0]!.id);
  const tickets = await inProgressTickets(db, profile.fanoutEvents + 1);
  if (tickets.length < profile.fanoutEvents + 1) throw new Error('not enough IN_PROGRESS tickets for the burst');
  const runs: FanoutRun[] = [];

  const bare = await startServer('bare-ws.ts', {}, 'bare graphql-ws');
  try {
    runs.push(
      await run(
        'bare graphql-ws (baseline)',
        [bare],
        [`ws://127.0.0.1:${bare.port}/graphql`],
        {},
        { kind: 'bare', url: `${bare.url}/emit` },
        tickets,
        profile,
      ),
    );
  } finally {
    await bare.stop();
  }

  const api = await startApi(db.url, SOCKETS);
  try {
    runs.push(
      await run(
        'API, 1 instance',
        [api],
        [`ws://127.0.0.1:${api.port}/graphql`],
        { 'x-api-key': apiKey },
        { kind: 'api', url: `${api.url}/graphql`, token: staffToken! },
        tickets,
        profile,
      ),
    );
  } finally {
    await api.stop();
  }

  const redis = { ...SOCKETS, REDIS_URL, REDIS_PREFIX: `bench_${randomBytes(4).toString('hex')}:` };
  const a = await startApi(db.url, redis, 'api A (redis)');
  const b = await startApi(db.url, redis, 'api B (redis)');
  try {
    runs.push(
      await run(
        'API, 2 instances + Redis',
        [a, b],
        [`ws://127.0.0.1:${a.port}/graphql`, `ws://127.0.0.1:${b.port}/graphql`],
        { 'x-api-key': apiKey },
        { kind: 'api', url: `${a.url}/graphql`, token: staffToken! },
        tickets,
        profile,
      ),
    );
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }

  const baseline = runs[0]!.burst.p99Ms;
  return {
    clients: profile.fanoutClients,
    events: profile.fanoutEvents,
    runs: runs.map((r) => ({ ...r, p99VsBaseline: round(r.burst.p99Ms / baseline) })),
  };
}
