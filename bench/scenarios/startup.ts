import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { API_DIST, log, round, sleep } from '../lib/common.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Starts main.js and polls /readyz until 200; returns the time to ready and stops the server (SIGTERM). */
async function serveUntilReady(env: Record<string, string>, args: string[]): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(API_DIST, 'main.js'), ...args], {
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
 * scripts/start without its build step, on the embedded database (PGlite) in a temporary DATA_DIR: one process that
 * migrates, loads the demo data and serves (`main.js --migrate --seed`), until /readyz answers 200. Cold: an empty
 * data folder; warm: the same folder again (nothing to migrate, demo data already there).
 */
export async function runStartup() {
  const dataDir = await mkdtemp(join(tmpdir(), 'support-bench-pglite-'));
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development', DATABASE_URL: '', REDIS_URL: '' };
  const once = async () => ({ totalMs: round(await serveUntilReady(env, ['--migrate', '--seed']), 0) });
  try {
    const cold = await once();
    log(`  cold start: ${cold.totalMs} ms`);
    const warm = await once();
    log(`  warm start: ${warm.totalMs} ms`);
    return { database: 'PGlite (embedded)', cold, warm };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
