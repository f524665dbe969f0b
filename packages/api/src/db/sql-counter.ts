import { AsyncLocalStorage } from 'node:async_hooks';

/** Counts the SQL statements a request runs (tests and the benchmark read it to catch N+1 queries). */
const current = new AsyncLocalStorage<{ statements: number }>();

/** Runs `work` with a fresh counter; returns the counter, which keeps counting until the work's async tail ends. */
export function countStatements<T>(work: () => T): { counter: { statements: number }; result: T } {
  const counter = { statements: 0 };
  const result = current.run(counter, work);
  return { counter, result };
}

/** Runs work that a request only starts (background passes) outside the request's counter. */
export const outsideRequest = <T>(work: () => T): T => current.exit(work);

/** MikroORM's `onQuery` hook: counts, and leaves the statement as it is. */
export function onQuery(sql: string): string {
  const counter = current.getStore();
  if (counter) counter.statements += 1;
  return sql;
}
