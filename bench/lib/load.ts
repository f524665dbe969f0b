import autocannon from 'autocannon';
import { round } from './common.ts';
import { postgresCpuMs } from './cpu.ts';

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  /** Transport errors, non-2xx answers and 200s whose body carries GraphQL errors. */
  failures: number;
  firstFailure?: string;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** The i-th request: its JSON body and headers (called once per request, so bodies can be unique). */
  request: (i: number) => { body: string; headers: Record<string, string> };
  /**
   * Read the idle CPU before the warm-up instead of after it: for requests that leave background work behind (a
   * withdrawal's payout and notices), which would still be running after the warm-up and be taken off as "idle";
   * read first, the run is charged for the background work its requests cause, as it is in steady state.
   */
  idleBeforeWarmup?: boolean;
  /** Charge PostgreSQL's CPU of this database's backends only (all of the server's processes otherwise). */
  database?: string;
}

async function run(options: LoadOptions, seconds: number, counter: { i: number }): Promise<LoadResult> {
  let failures = 0;
  let firstFailure: string | undefined;
  const fail = (why: string) => {
    failures += 1;
    firstFailure ??= why.slice(0, 300);
  };
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const { body, headers } = options.request(counter.i++);
          return { ...req, body, headers: { 'content-type': 'application/json', ...headers } };
        },
        onResponse: (status, body) => {
          if (status !== 200) fail(`HTTP ${status}: ${body}`);
          else if (body.includes('"errors":')) fail(body);
        },
      },
    ],
  });
  failures += result.errors + result.timeouts;
  if (result.errors && !firstFailure) firstFailure = `${result.errors} transport errors`;
  return {
    requestsPerSecond: round(result.requests.total / seconds, 1),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    failures,
    ...(firstFailure ? { firstFailure } : {}),
  };
}

/** A warm-up, then a measured run of autocannon at a fixed number of connections. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const counter = { i: 0 };
  if (options.warmupSeconds > 0) await run(options, options.warmupSeconds, counter);
  return run(options, options.seconds, counter);
}

/** A load result with the CPU time each request cost the server process and PostgreSQL. */
export interface MeasuredLoad extends LoadResult {
  serverCpuMsPerRequest: number;
  postgresCpuMsPerRequest: number;
}

/** CPU time of the server process and of PostgreSQL, in milliseconds, read together. */
async function cpuNow(server: { cpuMs(): Promise<number> }, database?: string) {
  const [serverMs, postgresMs] = await Promise.all([server.cpuMs(), postgresCpuMs(database)]);
  return { serverMs, postgresMs, at: performance.now() };
}

/**
 * A warm-up, then a measured run, with the CPU time (user + system) the server process and PostgreSQL's processes
 * spent over the measured run divided by its requests. What both spend while idle (background loops, other
 * databases' autovacuum), read over 2 s before the run, is taken off first, so a slow run is not charged for it.
 * CPU per request holds on a shared machine where requests per second do not.
 */
export async function measuredLoad(options: LoadOptions, server: { cpuMs(): Promise<number> }): Promise<MeasuredLoad> {
  const counter = { i: 0 };
  const idle = async () => {
    const from = await cpuNow(server, options.database);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    return { from, to: await cpuNow(server, options.database) };
  };
  const early = options.idleBeforeWarmup ? await idle() : null;
  if (options.warmupSeconds > 0) await run(options, options.warmupSeconds, counter);
  const { from: idleFrom, to: idleTo } = early ?? (await idle());
  const idleMs = idleTo.at - idleFrom.at;
  const before = await cpuNow(server, options.database);
  const result = await run(options, options.seconds, counter);
  const after = await cpuNow(server, options.database);
  const elapsed = after.at - before.at;
  const perRequest = (used: number, idleUsed: number) =>
    round(Math.max(used - (idleUsed / idleMs) * elapsed, 0) / Math.max(result.requests, 1), 2);
  return {
    ...result,
    serverCpuMsPerRequest: perRequest(after.serverMs - before.serverMs, idleTo.serverMs - idleFrom.serverMs),
    postgresCpuMsPerRequest: perRequest(after.postgresMs - before.postgresMs, idleTo.postgresMs - idleFrom.postgresMs),
  };
}

/** Latency of sequential requests (one at a time): for the scale scenario, where load is not the point. */
export async function sequentialLatency(
  url: string,
  count: number,
  request: (i: number) => { body: string; headers: Record<string, string> },
): Promise<{ p50Ms: number; p99Ms: number; meanMs: number }> {
  const times: number[] = [];
  for (let i = 0; i < count + 10; i += 1) {
    const { body, headers } = request(i);
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"errors":')) throw new Error(`request failed: ${text.slice(0, 300)}`);
    if (i >= 10) times.push(performance.now() - started);
  }
  const sorted = times.sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return {
    p50Ms: round(at(50)),
    p99Ms: round(at(99)),
    meanMs: round(times.reduce((a, b) => a + b, 0) / times.length),
  };
}
