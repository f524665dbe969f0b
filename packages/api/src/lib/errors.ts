import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import type { Logger } from './logger.js';
import { identityErrorCodes } from '../modules/identity/identity.errors.js';
import { attachmentErrorCodes } from '../modules/attachments/attachment.errors.js';
import { ticketErrorCodes } from '../modules/tickets/ticket.errors.js';
import { walletErrorCodes } from '../modules/wallet/wallet.errors.js';
import { eventErrorCodes } from '../modules/events/events.errors.js';

/**
 * Every error code a client can meet, with what it means. Domain modules add theirs here so that the list of
 * codes is one table, reviewed in one place.
 */
export const errorCodes = {
  BAD_USER_INPUT: 'The input is invalid; `extensions.fields` says which fields and why.',
  UNAUTHENTICATED: 'No valid session or API key was presented.',
  FORBIDDEN: 'The caller is known but may not do this.',
  NOT_FOUND: 'The record does not exist or is not visible to the caller.',
  CONFLICT: 'The request conflicts with the current state of the record.',
  RATE_LIMITED: 'Too many attempts; `extensions.retryAfterSeconds` says when to try again.',
  INTERNAL_SERVER_ERROR: 'Something unexpected failed on the server; it has been logged.',
  ...identityErrorCodes,
  ...attachmentErrorCodes,
  ...ticketErrorCodes,
  ...walletErrorCodes,
  ...eventErrorCodes,
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof errorCodes;

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

export const badInput = (message: string, fields?: Record<string, string>) =>
  new DomainError('BAD_USER_INPUT', message, fields ? { fields } : {});
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new DomainError('FORBIDDEN', message);
export const unauthenticated = (message = 'Log in to do this') => new DomainError('UNAUTHENTICATED', message);
export const conflict = (message: string, extensions?: Record<string, unknown>) =>
  new DomainError('CONFLICT', message, extensions);

function validationFields(errors: ValidationError[], prefix = ''): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) fields[path] = messages.join('; ');
    Object.assign(fields, validationFields(error.children ?? [], path));
  }
  return fields;
}

/** Maps anything a resolver threw to a client-safe error with a stable `extensions.code`. */
export function toClientError(
  error: unknown,
): { code: string; message: string; extensions: Record<string, unknown> } | null {
  if (error instanceof DomainError) {
    return { code: error.code, message: error.message, extensions: error.extensions };
  }
  if (error instanceof ArgumentValidationError) {
    return {
      code: 'BAD_USER_INPUT',
      message: 'The input is invalid',
      extensions: { fields: validationFields(error.extensions.validationErrors as ValidationError[]) },
    };
  }
  if (error instanceof AuthenticationError) {
    return { code: 'UNAUTHENTICATED', message: errorCodes.UNAUTHENTICATED, extensions: {} };
  }
  if (error instanceof AuthorizationError) {
    return { code: 'FORBIDDEN', message: errorCodes.FORBIDDEN, extensions: {} };
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
    const code = formatted.extensions?.['code'];
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
