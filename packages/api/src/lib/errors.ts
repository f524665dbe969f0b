import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AuthenticationError, AuthorizationError } from 'type-graphql';
import type { Logger } from './logger.js';
import { fieldRule, type FieldRule } from './field-rules.js';

/**
 * The generic families every client can meet. Each module declares its own specific codes in its `*.errors.ts`;
 * the composition root (`src/errors.ts`) joins them into the one table the README's list is generated from.
 */
export const genericErrorCodes = {
  BAD_USER_INPUT:
    'The input is invalid: `extensions.fields` maps each field path to a message in the request’s language, and `extensions.fieldErrors` lists `{ field, rule, …limits }` in machine form.',
  UNAUTHENTICATED: 'No valid session or API key was presented.',
  FORBIDDEN: 'The caller is known but may not do this.',
  NOT_FOUND: 'The record does not exist or is not visible to the caller.',
  CONFLICT: 'The request conflicts with the current state of the record (no more specific code applies).',
  RATE_LIMITED: 'Too many attempts; `extensions.retryAfterSeconds` says when to try again.',
  IDEMPOTENCY_KEY_REUSED:
    'This idempotency key was used for a different request (appeal, withdrawal, credit); a new request needs a new key.',
  INTERNAL_SERVER_ERROR: 'Something unexpected failed on the server; it has been logged.',
} as const satisfies Record<string, string>;

export type GenericErrorCode = keyof typeof genericErrorCodes;
/** A code from the generic families or from a module's table (checked against `src/errors.ts` by a test). */
export type ErrorCode = GenericErrorCode | (string & {});

/** Codes produced by the GraphQL layer itself (parsing, validation, limits); passed through as they are. */
const transportCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_USER_INPUT',
]);

/** An expected failure with a stable code. Services throw these; the GraphQL edge turns them into errors. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * Refuses the input's shape: every field at once, each as a rule in machine form (`{ rule: 'maxLength', max: 200 }`,
 * named in `field-rules.ts` with its words in Russian and English). Field messages are written in the request's
 * language when the answer is sent (`localizeFieldErrors`).
 */
export const badInput = (message: string, fields?: Record<string, FieldRule>) =>
  new DomainError('BAD_USER_INPUT', message, fields ? fieldExtensions(fields) : {});

/** `{ fields: { path: message }, fieldErrors: [{ field, rule, … }] }` from rules. */
export function fieldExtensions(fields: Record<string, FieldRule>): Record<string, unknown> {
  const fieldErrors = Object.entries(fields).map(([field, rule]) => ({ field, ...rule }));
  return {
    fields: Object.fromEntries(fieldErrors.map((error) => [error.field, fieldRule.message(error, 'en')])),
    fieldErrors,
  };
}

/** A typed factory for a module's own codes: `const catalogError = errorsOf(catalogErrorCodes)`. */
export const errorsOf =
  <T extends Record<string, string>>(_codes: T) =>
  (code: keyof T & string, message: string, extensions?: Record<string, unknown>) =>
    new DomainError(code, message, extensions);
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new DomainError('FORBIDDEN', message);
export const unauthenticated = (message = 'Log in to do this') => new DomainError('UNAUTHENTICATED', message);
export const idempotencyKeyReused = (message: string, extensions?: Record<string, unknown>) =>
  new DomainError('IDEMPOTENCY_KEY_REUSED', message, extensions);
export const conflict = (message: string, extensions?: Record<string, unknown>) =>
  new DomainError('CONFLICT', message, extensions);

/** Maps anything a resolver threw to a client-safe error with a stable `extensions.code`. */
export function toClientError(
  error: unknown,
): { code: string; message: string; extensions: Record<string, unknown> } | null {
  if (error instanceof DomainError) {
    return { code: error.code, message: error.message, extensions: error.extensions };
  }
  if (error instanceof AuthenticationError) {
    return { code: 'UNAUTHENTICATED', message: genericErrorCodes.UNAUTHENTICATED, extensions: {} };
  }
  if (error instanceof AuthorizationError) {
    return { code: 'FORBIDDEN', message: genericErrorCodes.FORBIDDEN, extensions: {} };
  }
  return null;
}

export interface FormatErrorOptions {
  logger: Logger;
}

/** Apollo `formatError`: the one place where errors are mapped for clients and unexpected ones are masked. */
export function makeFormatError({ logger }: FormatErrorOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const mapped = toClientError(original);
    const path = formatted.path;
    const locations = formatted.locations;
    if (mapped) {
      return {
        message: mapped.message,
        ...(locations ? { locations } : {}),
        ...(path ? { path } : {}),
        extensions: { ...mapped.extensions, code: mapped.code },
      };
    }
    // The input boundary's answer to an inline value its scalar refused arrives as a validation failure.
    const code = formatted.extensions?.['fieldErrors'] ? 'BAD_USER_INPUT' : formatted.extensions?.['code'];
    if (code === 'BAD_USER_INPUT' && formatted.extensions?.['fieldErrors']) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions;
      return { ...formatted, extensions: { ...extensions, code } };
    }
    if (typeof code === 'string' && (transportCodes.has(code) || (!path && code !== 'INTERNAL_SERVER_ERROR'))) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // A GraphQLError raised deliberately (e.g. by a validation rule or plugin) with a code keeps it.
    if (
      original instanceof GraphQLError &&
      typeof original.extensions['code'] === 'string' &&
      original.extensions['code'] !== 'INTERNAL_SERVER_ERROR'
    ) {
      return {
        message: original.message,
        ...(path ? { path } : {}),
        extensions: { code: original.extensions['code'] },
      };
    }
    logger.error({ err: original, path }, 'unexpected error in GraphQL operation');
    return {
      message: 'Internal server error',
      ...(path ? { path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
