import { fork, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromServer, MemoryReport, ToServer } from '../servers/ipc.ts';
import { AUTH_SECRET, log } from './common.ts';

export interface ServerProcess {
  name: string;
  port: number;
  url: string;
  pid: number;
  memory(): Promise<MemoryReport>;
  /** CPU time the process has used so far (user + system), in milliseconds. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

const running = new Set<ServerProcess>();

/** Starts bench/servers/<file> in a child process (with --expose-gc) and waits until it listens. */
export async function startServer(file: string, env: Record<string, string>, name = file): Promise<ServerProcess> {
  const path = fileURLToPath(new URL(`../servers/${file}`, import.meta.url));
  const child: ChildProcess = fork(path, [], {
    execArgv: [
      '--expose-gc',
      '--disable-warning=ExperimentalWarning',
      // BENCH_CPU_PROF=<dir> writes a CPU profile of every server process (open it in Chrome DevTools).
      ...(process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`] : []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 60 s: ${stderr}`)), 60_000);
    child.on('message', (message: FromServer) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready: ${stderr}`));
    });
  });
  let nextId = 1;
  const ask = <T extends FromServer['type']>(type: T & ToServer['type']) =>
    new Promise<Extract<FromServer, { type: T }>>((resolve) => {
      const id = nextId++;
      const listener = (message: FromServer) => {
        if (message.type === type && 'id' in message && message.id === id) {
          child.off('message', listener);
          resolve(message as Extract<FromServer, { type: T }>);
        }
      };
      child.on('message', listener);
      child.send({ type, id } as ToServer);
    });
  const server: ServerProcess = {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    memory: async () => {
      const { rss, heapUsed, external } = await ask('memory');
      return { rss, heapUsed, external };
    },
    cpuMs: async () => (await ask('cpu')).ms,
    stop: async () => {
      running.delete(server);
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' } satisfies ToServer);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(server);
  return server;
}

/** Stops every server this run started (also when a scenario fails half-way). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop().catch(() => undefined)));
}

/** The environment of an API instance on a bench database. */
export function apiEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET,
    DATA_DIR: join(tmpdir(), 'support-bench-data'),
    ...extra,
  };
}

/** Starts an API instance and logs where it listens. */
export async function startApi(databaseUrl: string, extra: Record<string, string> = {}, name = 'api') {
  const server = await startServer('api.ts', apiEnv(databaseUrl, extra), name);
  log(`  ${name} listening on ${server.url} (pid ${server.pid}, ${extra['NODE_ENV'] ?? 'production'})`);
  return server;
}
