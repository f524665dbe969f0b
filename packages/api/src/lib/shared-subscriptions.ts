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
  return async function subscribe(args: ExecutionArgs) {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source; // errors before the stream started
    const audience = audienceOf(args, rootFieldsOf(args));
    const key =
      audience === null
        ? null
        : [audience, args.operationName ?? '', JSON.stringify(args.variableValues ?? {}), print(args.document)].join(
            '\n',
          );
    const run = (event: unknown): Answer => execute({ ...args, rootValue: event });
    return mapAsyncIterator(source[Symbol.asyncIterator](), (event: unknown) => {
      if (key === null || typeof event !== 'object' || event === null) return run(event);
      let byOperation = answers.get(event);
      if (!byOperation) answers.set(event, (byOperation = new Map()));
      let answer = byOperation.get(key);
      if (!answer) byOperation.set(key, (answer = run(event)));
      return answer;
    });
  };
}
