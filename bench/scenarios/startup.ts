import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { API_DIST, log, round, sleep } from '../lib/common.ts';

/** Runs `node <file> <args>` to completion; resolves with its wall time in ms. */
function runNode(file: string, args: string[], env: Record<string, string>): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`${file} ${args.join(' ')}: ${stderr}`)),
    );
  });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Starts main.js and polls /readyz until 200; returns the time to ready and stops the server (SIGTERM). */
async function serveUntilReady(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(API_DIST, 'main.js')], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`main.js exited: ${stderr}`);
      if (performance.now() - started > 120_000) throw new Error('not ready in 120 s');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ready) return performance.now() - started;
      await sleep(20);
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * scripts/start without its build step, on the embedded database (PGlite) in a temporary DATA_DIR: migrate, seed,
 * then the server until /readyz answers 200. Cold: an empty data folder; warm: the same folder again.
 */
export async function runStartup() {
  const dataDir = await mkdtemp(join(tmpdir(), 'support-bench-pglite-'));
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development', DATABASE_URL: '', REDIS_URL: '' };
  const cli = join(API_DIST, 'cli.js');
  const once = async () => {
    const migrate = await runNode(cli, ['migrate'], env);
    const seed = await runNode(cli, ['seed'], env);
    const ready = await serveUntilReady(env);
    return {
      migrateMs: round(migrate, 0),
      seedMs: round(seed, 0),
      startToReadyMs: round(ready, 0),
      totalMs: round(migrate + seed + ready, 0),
    };
  };
  try {
    const cold = await once();
    log(
      `  cold start: ${cold.totalMs} ms (migrate ${cold.migrateMs}, seed ${cold.seedMs}, ready ${cold.startToReadyMs})`,
    );
    const warm = await once();
    log(
      `  warm start: ${warm.totalMs} ms (migrate ${warm.migrateMs}, seed ${warm.seedMs}, ready ${warm.startToReadyMs})`,
    );
    return { database: 'PGlite (embedded)', cold, warm };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
