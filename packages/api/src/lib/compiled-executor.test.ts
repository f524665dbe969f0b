import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildApiSchema } from '../schema.js';
import { compiledExecution } from './compiled-executor.js';

describe('compiledExecution', () => {
  it('compiles an operation once per parsed document and runs it compiled', async () => {
    const schema = await buildApiSchema();
    const { gateway, compiled } = compiledExecution(schema);
    const { executor } = await gateway.load({ apollo: {} });
    const run = (source: ReturnType<typeof parse>, operationName: string | null = null) =>
      executor!({
        document: source,
        operationName,
        operation: source.definitions[0] as never,
        request: { variables: {} },
        context: {},
      } as never);

    const document = parse('query Probe { __typename }');
    expect(await run(document, 'Probe')).toEqual({ data: { __typename: 'Query' } });
    expect(await run(document, 'Probe')).toEqual({ data: { __typename: 'Query' } });
    expect(compiled()).toBe(1);
    // Another parse of the same text is another document (Apollo's document store keeps one per text).
    await run(parse('query Probe { __typename }'), 'Probe');
    expect(compiled()).toBe(2);
  });
});
