/**
 * The benchmark suite: `pnpm bench [--quick] [--only=read,write,money,fanout,scale,startup] [--report-only]`.
 * Creates its own databases on the PostgreSQL server (bench_<random>), drops them at the end, and writes
 * bench/results/latest.json and latest.md: every figure next to its baseline, measured in the same run.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { BENCH_DIR, log, loadReflectMetadata, ROOT } from './lib/common.ts';
import { cloneDatabase, createBenchDatabase, dropAllBenchDatabases, generateTickets } from './lib/db.ts';
import { stopAllServers } from './lib/proc.ts';
import { writeReport } from './lib/report.ts';
import { PROFILES } from './profile.ts';
import { runFanout } from './scenarios/fanout.ts';
import { runMoney } from './scenarios/money.ts';
import { runRead } from './scenarios/read.ts';
import { flatness, measureScalePoint, type ScalePoint } from './scenarios/scale.ts';
import { runStartup } from './scenarios/startup.ts';
import { runWrite } from './scenarios/write.ts';

const SCENARIOS = ['read', 'write', 'money', 'fanout', 'scale', 'startup'] as const;
type Scenario = (typeof SCENARIOS)[number];

const args = process.argv.slice(2);
const profile = PROFILES[args.includes('--quick') ? 'quick' : 'full'];
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',') ?? [...SCENARIOS];
const wanted = (scenario: Scenario) => only.includes(scenario);

const git = (...gitArgs: string[]) => {
  try {
    return execFileSync('git', gitArgs, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

const results: Record<string, unknown> = {};
const started = Date.now();

/** Runs one scenario; a failure is recorded in the results and the suite goes on. */
async function scenario(name: Scenario, work: () => Promise<unknown>) {
  if (!wanted(name)) return;
  log(`${name}`);
  const t0 = Date.now();
  try {
    results[name] = { ...((await work()) as object), seconds: Math.round((Date.now() - t0) / 1000) };
  } catch (error) {
    log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    results[name] = { failed: error instanceof Error ? error.message : String(error) };
  } finally {
    await stopAllServers();
  }
}

async function main() {
  await loadReflectMetadata();
  log(`profile ${profile.name}; scenarios: ${only.join(', ')}`);
  const baseTime = new Date();
  const needsData = wanted('read') || wanted('scale') || wanted('write') || wanted('fanout');
  const main = needsData ? await createBenchDatabase() : null;
  const sizes = profile.scaleSizes;
  const points: ScalePoint[] = [];
  let generated = 0;
  const grow = async (tickets: number) => {
    await generateTickets(main!, {
      fromRank: generated,
      toRank: tickets,
      messagesPerTicket: profile.messagesPerTicket,
      baseTime,
    });
    generated = tickets;
  };

  if (main) {
    log(`data: ${sizes[0]} tickets`);
    await grow(sizes[0]!);
    // The write and fan-out scenarios write: each gets its own copy of the smallest data set.
    const writeDb = wanted('write') ? await cloneDatabase(main) : null;
    const fanoutDb = wanted('fanout') ? await cloneDatabase(main) : null;
    for (const size of sizes.filter((s) => s <= Math.max(profile.readTickets, wanted('scale') ? Infinity : 0))) {
      if (size > generated) {
        log(`data: ${size} tickets`);
        await grow(size);
      }
      if (wanted('scale')) {
        await scenario('scale', async () => {
          points.push(await measureScalePoint(main, size, size * profile.messagesPerTicket, profile));
          return { points: [...points], growthP50: flatness(points) };
        });
      }
      if (size === profile.readTickets) {
        await scenario('read', () =>
          runRead(main, profile, `${size} tickets, ${size * profile.messagesPerTicket} messages`),
        );
      }
    }
    if (writeDb) await scenario('write', () => runWrite(writeDb, profile));
    if (fanoutDb) await scenario('fanout', () => runFanout(fanoutDb, profile));
  }
  await scenario('money', () => runMoney(profile));
  await scenario('startup', () => runStartup());

  const report = {
    profile: profile.name,
    startedAt: new Date(started).toISOString(),
    minutes: Math.round((Date.now() - started) / 6000) / 10,
    machine: { cores: cpus().length, node: process.version },
    git: { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain', '--', 'packages') !== '' },
    ...results,
  };
  const written = await writeReport(report);
  log(`wrote ${written.join(' and ')}`);
}

if (args.includes('--report-only')) {
  // Rewrites latest.md from latest.json (after a change to the report's layout).
  const report = JSON.parse(await readFile(`${BENCH_DIR}results/latest.json`, 'utf8')) as Record<string, unknown>;
  log(`wrote ${(await writeReport(report)).join(' and ')}`);
  process.exit(0);
}

try {
  await main();
} finally {
  await stopAllServers();
  await dropAllBenchDatabases();
}
