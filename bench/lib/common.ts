import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The repository root, the built API and the bench folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const API_DIST = fileURLToPath(new URL('../../packages/api/dist/', import.meta.url));
export const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));

/** The server every bench database is created on (trust auth as postgres, like the tests). */
export const SERVER_URL = process.env['BENCH_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env['BENCH_REDIS_URL'] || 'redis://127.0.0.1:6379';
/** Given to every API instance and used to mint the bench users' access tokens. */
export const AUTH_SECRET = 'bench-only-secret-0123456789-abcdefghijklmnop';

/** Imports a module of the built API (packages/api/dist), typed by the caller. */
export async function importApi<T>(path: string): Promise<T> {
  return (await import(new URL(path, `file://${API_DIST}`).href)) as T;
}

/** Loads reflect-metadata from the API's own dependencies (type-graphql needs it before any schema class). */
export async function loadReflectMetadata(): Promise<void> {
  const apiRequire = createRequire(`${API_DIST}../package.json`);
  await import(apiRequire.resolve('reflect-metadata'));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The p-th percentile (0..100) of a list of numbers, by nearest rank; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (value: number, digits = 2) =>
  Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : value;

/** A wall-clock time in milliseconds with sub-millisecond resolution, comparable across processes. */
export const now = () => performance.timeOrigin + performance.now();

export function log(message: string): void {
  const time = new Date().toISOString().slice(11, 19);
  process.stderr.write(`\x1b[36m[bench ${time}]\x1b[0m ${message}\n`);
}

/** Posts a GraphQL operation and returns the parsed body and the response headers. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  body: { query: string; variables?: Record<string, unknown>; operationName?: string },
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { data?: T; errors?: Array<{ message: string }> }; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as never, headers: response.headers };
}
