import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { API_DIST, log, ROOT, round, sleep } from '../lib/common.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * CPU time (user + system, ms) a process and the children it waited for have used so far: /proc/<pid>/stat's utime,
 * stime, cutime and cstime. scripts/start execs node, so its pid's figure also holds the shell's hashing and builds.
 * Unlike the time to ready, it hardly depends on what else the machine runs.
 */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, inside parentheses): utime is the 14th field overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/**
 * Starts a command that serves on PORT and polls /readyz until 200; returns the time to ready and the CPU used until
 * then, and stops it (SIGTERM).
 */
async function serveUntilReady(
  env: Record<string, string>,
  command: string,
  args: string[],
): Promise<{ ms: number; cpuMs: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close': the process has exited and its stderr is read to the end.
  const exited = new Promise((resolve) => child.once('close', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) {
        await exited;
        throw new Error(`${command} exited with ${child.exitCode}: ${stderr}`);
      }
      if (performance.now() - started > 600_000) throw new Error('not ready in 600 s');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ready) return { ms: performance.now() - started, cpuMs: await cpuMs(child.pid!) };
      await sleep(20);
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * Two parts, each on the embedded database (PGlite) in a temporary DATA_DIR, until /readyz answers 200:
 * - main.js alone (scripts/start without its install and builds): one process that migrates, loads the demo data and
 *   serves (`main.js --migrate --seed`). Cold: an empty data folder; warm: the same folder again.
 * - `scripts/start` itself: first with both packages built (FORCE_BUILD=1; the install is up to date), then a second
 *   start with nothing changed, then one after the API's build stamp is dropped (a change to one package: only the
 *   API is rebuilt). A clean checkout's first start also installs the workspace (not measured here: it would delete
 *   node_modules).
 */
export async function runStartup() {
  const dataDir = await mkdtemp(join(tmpdir(), 'support-bench-pglite-'));
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development', DATABASE_URL: '', REDIS_URL: '' };
  const mainJs = [join(API_DIST, 'main.js'), '--migrate', '--seed'];
  const once = async (command: string, args: string[], extra: Record<string, string> = {}) => {
    const { ms, cpuMs } = await serveUntilReady({ ...env, ...extra }, command, args);
    return { totalMs: round(ms, 0), cpuMs: round(cpuMs, 0), load: loadavg()[0]!.toFixed(1) };
  };
  // scripts/bench's own bootstrap set SKIP_INSTALL: a start measured here checks the install as a user's would.
  const startScript = async (extra: Record<string, string> = {}) =>
    once(join(ROOT, 'scripts/start'), [], { SKIP_INSTALL: '', ...extra });
  try {
    const cold = await once(process.execPath, mainJs);
    log(`  cold start: ${cold.totalMs} ms, ${cold.cpuMs} ms CPU (load ${cold.load})`);
    const warm = await once(process.execPath, mainJs);
    log(`  warm start: ${warm.totalMs} ms, ${warm.cpuMs} ms CPU (load ${warm.load})`);
    const firstStart = await startScript({ FORCE_BUILD: '1' });
    log(
      `  scripts/start, both packages built: ${firstStart.totalMs} ms, ${firstStart.cpuMs} ms CPU (load ${firstStart.load})`,
    );
    const secondStart = await startScript();
    log(
      `  scripts/start, nothing changed: ${secondStart.totalMs} ms, ${secondStart.cpuMs} ms CPU (load ${secondStart.load})`,
    );
    await rm(join(API_DIST, '.inputs-hash'), { force: true });
    const oneChanged = await startScript();
    log(
      `  scripts/start, the API changed: ${oneChanged.totalMs} ms, ${oneChanged.cpuMs} ms CPU (load ${oneChanged.load})`,
    );
    return { database: 'PGlite (embedded)', cold, warm, firstStart, secondStart, oneChanged };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
