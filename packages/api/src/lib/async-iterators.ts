const DONE = Object.freeze({ value: undefined, done: true }) as IteratorReturnResult<undefined>;

/**
 * `source` with a `return()` that takes effect at once: pending `next()` calls resolve as done, `stop` runs (e.g. it
 * closes the queue the source is waiting on) and the source is told to return in the background. An async
 * generator queues `return()` behind a pending `next()`, so without this a finished subscription would hold its
 * queue, and could still produce one more value, until the next event arrived.
 */
export function promptReturn<T>(source: AsyncIterator<T>, stop?: () => void): AsyncIterableIterator<T> {
  let done = false;
  const pending = new Set<(result: IteratorResult<T>) => void>();
  const finish = () => {
    if (done) return;
    done = true;
    stop?.();
    for (const resolve of pending) resolve(DONE);
    pending.clear();
    void source.return?.()?.catch(() => undefined);
  };
  return {
    next: () => {
      if (done) return Promise.resolve(DONE);
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        pending.add(resolve);
        source.next().then(
          (result) => {
            pending.delete(resolve);
            if (result.done) done = true;
            resolve(done ? DONE : result);
          },
          (error: unknown) => {
            pending.delete(resolve);
            if (done) resolve(DONE);
            else {
              done = true;
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          },
        );
      });
    },
    return: () => {
      finish();
      return Promise.resolve(DONE);
    },
    throw: (error: unknown) => {
      finish();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** `source` with each value `map`ped, ending as promptly as `promptReturn`. */
export function mapAsyncIterator<T, U>(
  source: AsyncIterator<T>,
  map: (value: T) => U | Promise<U>,
): AsyncIterableIterator<U> {
  return promptReturn<U>({
    next: async () => {
      const result = await source.next();
      return result.done ? DONE : { value: await map(result.value), done: false };
    },
    return: async () => {
      await source.return?.();
      return DONE;
    },
  });
}
