import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DomainError, makeFormatError } from './errors.js';
import { createLogger } from './logger.js';

function setup() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  const formatError = makeFormatError({ logger: createLogger({ level: 'error', destination }) });
  /** What Apollo hands formatError for an error thrown in a resolver. */
  const fromResolver = (error: Error) =>
    formatError(
      { message: error.message, path: ['field'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['x'] } },
      new GraphQLError(error.message, { path: ['field'], originalError: error }),
    );
  return { fromResolver, formatError, lines };
}

describe('errors reaching clients', () => {
  it('gives a domain error its stable code and extensions', () => {
    const { fromResolver } = setup();
    const result = fromResolver(new DomainError('CONFLICT', 'Ticket already open', { ticketNumber: 'T-1' }));
    expect(result).toEqual({
      message: 'Ticket already open',
      path: ['field'],
      extensions: { code: 'CONFLICT', ticketNumber: 'T-1' },
    });
  });

  it('masks anything unexpected, without message or stack, and logs it', () => {
    const { fromResolver, lines } = setup();
    const result = fromResolver(new Error('relation "secret_table" does not exist'));
    expect(result).toEqual({
      message: 'Internal server error',
      path: ['field'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(lines.join('')).toContain('secret_table');
  });

  it('passes parse and validation errors through without a stack trace', () => {
    const { formatError } = setup();
    const result = formatError(
      { message: 'Syntax Error', extensions: { code: 'GRAPHQL_PARSE_FAILED', stacktrace: ['at parse'] } },
      new GraphQLError('Syntax Error'),
    );
    expect(result).toEqual({ message: 'Syntax Error', extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  });
});
