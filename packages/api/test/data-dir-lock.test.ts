import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { initORM } from '../src/orm.js';

/** One process per embedded (PGlite) data folder: the server and the CLI alike. */
const apiDir = fileURLToPath(new URL('..', import.meta.url));
const dataDir = await mkdtemp(join(tmpdir(), 'support-lock-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Runs an API entry (TypeScript) in a new process with DATA_DIR set; resolves when it prints `ready` or exits. */
function run(entry: string, args: string[] = []) {
  const child = spawn(process.execPath, ['test/crash/run-ts.mjs', entry, ...args], {
    cwd: apiDir,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null, stderr }));
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => line === 'ready' && resolve());
    void exited.then(({ code }) => reject(new Error(`exited with ${code} before ready: ${stderr}`)));
  });
  ready.catch(() => undefined); // awaited only by tests that expect the entry to get ready
  return { child, ready, exited };
}

describe('the embedded data folder', () => {
  it('refuses a second process at once, naming the folder and the holder, until the first has stopped', async () => {
    const first = await initORM({ dataDir });
    try {
      await expect(run('src/cli.ts', ['migrate']).exited).resolves.toMatchObject({
        code: 1,
        stderr: expect.stringContaining(`The data folder ${dataDir} is in use by process ${process.pid}`),
      });
      await expect(run('src/cli.ts', ['seed']).exited).resolves.toMatchObject({
        code: 1,
        stderr: expect.stringContaining(`in use by process ${process.pid}`),
      });
    } finally {
      await first.close(true);
    }
    const after = run('src/cli.ts', ['migrate']);
    await expect(after.exited).resolves.toMatchObject({ code: 0 });
  }, 120_000);

  it('is taken over once the holder was killed with SIGKILL, and refused while it lived', async () => {
    const holder = run('test/crash/hold-data-dir.ts');
    await holder.ready;
    await expect(initORM({ dataDir })).rejects.toThrow(
      `The data folder ${dataDir} is in use by process ${holder.child.pid}`,
    );
    holder.child.kill('SIGKILL');
    await holder.exited;
    const next = await initORM({ dataDir });
    await next.close(true);
  }, 120_000);
});
