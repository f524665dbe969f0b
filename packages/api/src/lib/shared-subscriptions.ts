import {
  createSourceEventStream,
  execute,
  getOperationAST,
  Kind,
  print,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import { mapAsyncIterator } from './async-iterators.js';

/**
 * Says which subscriptions may share their answers, and with whom: for a subscription whose answer to an event
 * depends only on the event, the operation and a coarse audience (not on who exactly listens), the audience label;
 * otherwise null (each subscriber's answer is computed for it alone).
 */
export type AudienceOf = (args: ExecutionArgs, rootFields: readonly string[]) => string | null;

type Answer = ExecutionResult | Promise<ExecutionResult>;

/**
 * Where a shared answer carries its payload serialised once: graphql-ws (patched, patches/graphql-ws@6.4.2.patch)
 * sends `{"id":…,"type":"next","payload":<this text>}` instead of stringifying the payload again for every
 * subscriber. The text is what JSON.stringify gives for the answer; answers with errors have none (each socket's
 * onNext localises them).
 */
export const SERIALISED_PAYLOAD = Symbol.for('graphql-ws.serialisedPayload');

/** Gives a shared answer its serialised payload, made on the first socket's send and kept for the others. */
function withSerialisedPayload(result: ExecutionResult): ExecutionResult {
  if (result.errors) return result;
  let text: string | undefined;
  Object.defineProperty(result, SERIALISED_PAYLOAD, {
    enumerable: false,
    get: () => (text ??= JSON.stringify(result)),
  });
  return result;
}

function rootFieldsOf(args: ExecutionArgs): string[] {
  const operation = getOperationAST(args.document, args.operationName ?? undefined);
  return (operation?.selectionSet.selections ?? []).map((selection) =>
    selection.kind === Kind.FIELD ? selection.name.value : '',
  );
}

/**
 * graphql-js's `subscribe`, except that subscribers of the same operation and variables in the same audience share
 * one execution per event. An event pushed to 10,000 subscribers (the same object: the fan-out hands each queue the
 * row it read once) is executed once per distinct operation instead of 10,000 times; each socket still gets its own
 * message. Answers are kept per event object in a WeakMap and go with it.
 */
export function sharedSubscribe(audienceOf: AudienceOf) {
  const answers = new WeakMap<object, Map<string, Answer>>();
  // Each subscriber keeps its key for as long as it listens: 10,000 subscribers of one operation keep one string
  // (the printed document is most of it), not 10,000 equal ones. Bounded: past KEYS distinct keys, new ones are
  // simply not shared as strings (the answers are shared all the same).
  const keys = new Map<string, string>();
  const intern = (key: string): string => {
    const known = keys.get(key);
    if (known !== undefined) return known;
    if (keys.size < KEYS) keys.set(key, key);
    return key;
  };
  return async function subscribe(args: ExecutionArgs) {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source; // errors before the stream started
    const audience = audienceOf(args, rootFieldsOf(args));
    const key =
      audience === null
        ? null
        : intern(
            [audience, args.operationName ?? '', JSON.stringify(args.variableValues ?? {}), print(args.document)].join(
              '\n',
            ),
          );
    const run = (event: unknown): Answer => execute({ ...args, rootValue: event });
    const iterator = source[Symbol.asyncIterator]();
    if (key === null) return mapAsyncIterator(iterator, run);
    const shared = (event: unknown): Answer => {
      if (typeof event !== 'object' || event === null) return run(event);
      let byOperation = answers.get(event);
      if (!byOperation) answers.set(event, (byOperation = new Map()));
      let answer = byOperation.get(key);
      if (!answer) {
        const result = run(event);
        answer = result instanceof Promise ? result.then(withSerialisedPayload) : withSerialisedPayload(result);
        byOperation.set(key, answer);
      }
      return answer;
    };
    return sharedAnswers(iterator, shared);
  };
}

const KEYS = 1000;

const DONE = Object.freeze({ value: undefined, done: true }) as IteratorReturnResult<undefined>;

/**
 * The shared subscriptions' event-to-answer step: one `then` per event and subscriber, where mapAsyncIterator's
 * general form costs an async function, a wrapper promise and their closures (10,000 subscribers × every event:
 * the garbage collector's largest source in the fan-out profile). It ends as promptly as its source: the sources
 * shared here (ticketEventStream) resolve a pending `next()` as done when returned.
 */
function sharedAnswers(
  source: AsyncIterator<unknown>,
  answer: (event: unknown) => Answer,
): AsyncIterableIterator<ExecutionResult> {
  let done = false;
  const step = (
    result: IteratorResult<unknown>,
  ): IteratorResult<ExecutionResult> | Promise<IteratorResult<ExecutionResult>> => {
    if (done || result.done) {
      done = true;
      return DONE;
    }
    const value = answer(result.value);
    return value instanceof Promise
      ? value.then((resolved) => ({ value: resolved, done: false }))
      : { value, done: false };
  };
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    next: () => (done ? Promise.resolve(DONE) : source.next().then(step)),
    return: () => {
      if (!done) {
        done = true;
        void source.return?.()?.catch(() => undefined);
      }
      return Promise.resolve(DONE);
    },
    throw: (error: unknown) => {
      void iterator.return!();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
