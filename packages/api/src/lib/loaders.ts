import DataLoader from 'dataloader';
import type { Context } from './context.js';

/**
 * One request's loader of one kind of value by id: values already known (primed by the statement that read a page,
 * or loaded before) come back at once, the rest are batched into one `batch` call per tick (DataLoader). A resolver
 * that returns `load(id)` as it is answers synchronously for a known value: no promise per list item for the
 * executor to wait on (issue 18: a staff page primes last messages and people for 25 tickets).
 */
export class RequestLoader<V> {
  private readonly values = new Map<string, V>();
  private readonly batches: DataLoader<string, V>;

  constructor(batch: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>, fallback: V) {
    this.batches = new DataLoader<string, V>(async (keys) => {
      const found = await batch(keys);
      return keys.map((key) => {
        const value = found.has(key) ? found.get(key)! : fallback;
        this.values.set(key, value);
        return value;
      });
    });
  }

  /** The value of `key`: as it is when known, else a promise of it (batched with the other keys of this tick). */
  load(key: string): V | Promise<V> {
    return this.values.has(key) ? this.values.get(key)! : this.batches.load(key);
  }

  /** Makes `value` known for `key` (read by the caller's own statement), so that no batch reads it again. */
  prime(key: string, value: V): void {
    this.values.set(key, value);
  }
}

const perRequest = new WeakMap<Context, Map<string, RequestLoader<unknown>>>();

/**
 * The loader named `name` of this request (or subscription event), made on first use, so fields of many list items
 * load in one statement per field instead of one per item.
 */
export function loaderFor<V>(
  ctx: Context,
  name: string,
  batch: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>,
  fallback: V,
): RequestLoader<V> {
  let loaders = perRequest.get(ctx);
  if (!loaders) {
    loaders = new Map();
    perRequest.set(ctx, loaders);
  }
  let loader = loaders.get(name) as RequestLoader<V> | undefined;
  if (!loader) {
    loader = new RequestLoader(batch, fallback);
    loaders.set(name, loader as RequestLoader<unknown>);
  }
  return loader;
}

/** Groups rows by a key, keeping their order. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
