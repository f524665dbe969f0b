import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { phones } from './accounts';
import { SCREENSHOTS } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the API (and the admin at /admin/) listens, e.g. http://127.0.0.1:41234. */
    baseUrl: string;
    /** The e2e database, to check what the API stored. */
    databaseUrl: string;
  }
}

const adminDir = resolve(import.meta.dirname, '..');
const rootDir = resolve(adminDir, '../..');

/** Environment for child processes: this one's, minus what vitest set for itself. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!extra['NODE_ENV']) delete env['NODE_ENV'];
  delete env['VITEST'];
  delete env['VITEST_MODE'];
  return env;
}

/** Runs a command to completion; its output is shown only when it fails. */
async function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const child = spawn(command, args, { cwd: options.cwd ?? rootDir, env: options.env ?? childEnv() });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let code: number | null;
  try {
    [code] = (await once(child, 'exit')) as [number | null];
  } catch (error) {
    throw new Error(`could not run ${command}: ${(error as Error).message}`, { cause: error });
  }
  if (code !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${code}):\n${output}`);
  return output;
}

/** Newest modification time of the files under `path` (a file or a folder). */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds the admin panel unless packages/admin/dist is newer than everything it is built from. */
async function ensureAdminBuilt(): Promise<void> {
  const built = newestMtime(join(adminDir, 'dist/index.html'));
  const inputs = ['src', 'index.html', 'vite.config.ts', 'package.json', '../schema/src/generated'];
  if (built > Math.max(...inputs.map((input) => newestMtime(join(adminDir, input))))) return;
  const vite = join(dirname(createRequire(join(adminDir, 'package.json')).resolve('vite/package.json')), 'bin/vite.js');
  await run(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: adminDir });
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (!address || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

async function waitUntilReady(url: string, server: ChildProcess, output: () => string): Promise<void> {
  // A bound for a failed start, not a wait: on a loaded machine the API took over 30 s to be ready.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the API exited (code ${server.exitCode}):\n${output()}`);
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`the API was not ready within 120 s:\n${output()}`);
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, 'exit');
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Builds what is stale, then runs the real API (built, as `scripts/start` runs it) on a fresh database of the
 * PostgreSQL server at TEST_DATABASE_URL, with the demo accounts; the tests drive it through Chromium.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Screenshots of failures from an earlier run would only mislead.
  for (const name of existsSync(SCREENSHOTS) ? readdirSync(SCREENSHOTS) : []) {
    if (name.startsWith('failed-')) rmSync(join(SCREENSHOTS, name));
  }
  const serverUrl = new URL(process.env['TEST_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres');
  const admin = new pg.Client({ connectionString: serverUrl.toString(), connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `No PostgreSQL server at ${serverUrl.host} (${(error as Error).message}). Start one or set TEST_DATABASE_URL.`,
    );
  }

  const cleanups: Array<() => Promise<unknown>> = [() => admin.end()];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
  };

  try {
    // E2E_SKIP_BUILD=1 reruns against the builds already there (a quicker loop while writing tests).
    if (process.env['E2E_SKIP_BUILD'] !== '1') {
      await ensureAdminBuilt();
      await run('pnpm', ['--filter', '@support/api', 'build']);
    }

    const database = `support_e2e_${randomBytes(6).toString('hex')}`;
    await admin.query(`create database "${database}"`);
    cleanups.push(() => admin.query(`drop database if exists "${database}" with (force)`));
    const databaseUrl = new URL(serverUrl);
    databaseUrl.pathname = `/${database}`;

    const port = await freePort();
    const env = childEnv({
      DATABASE_URL: databaseUrl.toString(),
      HOST: '127.0.0.1',
      PORT: String(port),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      // The test accounts are consecutive numbers of one range: the anti-pumping range limit would stop them.
      LOGIN_CODES_PER_RANGE_PER_HOUR: '1000',
      ADMIN_DIST: join(adminDir, 'dist'),
      ADMIN_PHONES: [
        ...phones.extraStaff,
        ...phones.catalogAdmins,
        ...phones.dashboardAdmins,
        ...phones.operationsAdmins,
        ...phones.integrationsAdmins,
        ...phones.readingAdmins,
      ].join(','),
    });
    const cli = join(rootDir, 'packages/api/dist/cli.js');
    await run(process.execPath, [cli, 'migrate'], { env });
    await run(process.execPath, [cli, 'seed'], { env });

    const server = spawn(process.execPath, ['--enable-source-maps', join(rootDir, 'packages/api/dist/main.js')], {
      cwd: rootDir,
      env,
    });
    let output = '';
    const record = (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(`[api] ${chunk.toString()}`);
    };
    server.stdout.on('data', record);
    server.stderr.on('data', record);
    cleanups.push(() => stop(server));

    const baseUrl = `http://127.0.0.1:${port}`;
    await waitUntilReady(baseUrl, server, () => output);
    project.provide('baseUrl', baseUrl);
    project.provide('databaseUrl', databaseUrl.toString());
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
