import { log, sleep } from '../lib/common.ts';
import type { BenchDatabase } from '../lib/db.ts';
import { sequentialLatency } from '../lib/load.ts';
import { startApi, startServer } from '../lib/proc.ts';
import type { Profile } from '../profile.ts';
import { readQueries, requestOf } from './read.ts';

export interface ScalePoint {
  tickets: number;
  messages: number;
  latency: Record<string, { api: { p50Ms: number; p99Ms: number }; raw: { p50Ms: number; p99Ms: number } }>;
}

/**
 * The first page of the staff list and of myTickets at one data-set size: sequential requests (no load), so the
 * figure is the cost of one request, which must not grow with the tables. The raw baseline shows what the
 * database alone does at that size.
 */
export async function measureScalePoint(
  db: BenchDatabase,
  tickets: number,
  messages: number,
  profile: Profile,
): Promise<ScalePoint> {
  const queries = await readQueries(db);
  const latency: ScalePoint['latency'] = {};
  const api = await startApi(db.url);
  const raw = await startServer('raw.ts', { DATABASE_URL: db.url }, 'raw');
  try {
    for (const q of queries) {
      const apiLatency = await sequentialLatency(`${api.url}/graphql`, profile.scaleRequests, requestOf(q));
      const rawLatency = await sequentialLatency(`${raw.url}/graphql`, profile.scaleRequests, requestOf(q));
      latency[q.name] = {
        api: { p50Ms: apiLatency.p50Ms, p99Ms: apiLatency.p99Ms },
        raw: { p50Ms: rawLatency.p50Ms, p99Ms: rawLatency.p99Ms },
      };
      log(`  ${tickets} tickets, ${q.name}: api p50 ${apiLatency.p50Ms} ms, raw p50 ${rawLatency.p50Ms} ms`);
    }
    await sleep(200);
  } finally {
    await Promise.all([api.stop(), raw.stop()]);
  }
  return { tickets, messages, latency };
}

/** Growth of p50 from the smallest to the largest size, per query and target (1.0 = perfectly flat). */
export function flatness(points: ScalePoint[]) {
  const first = points[0]!;
  const last = points.at(-1)!;
  return Object.fromEntries(
    Object.keys(first.latency).map((name) => [
      name,
      {
        api: Math.round((last.latency[name]!.api.p50Ms / first.latency[name]!.api.p50Ms) * 100) / 100,
        raw: Math.round((last.latency[name]!.raw.p50Ms / first.latency[name]!.raw.p50Ms) * 100) / 100,
      },
    ]),
  );
}
