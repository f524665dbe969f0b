import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../lib/context.js';
import { DomainError } from '../lib/errors.js';
import type { Integrator } from '../modules/integrations/api-key.service.js';
import type { Services } from '../services.js';

export function requestIdOf(req: Request): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && /^[\w-]{1,100}$/.test(header) ? header : randomUUID();
}

/** The viewer of an HTTP request; a bad token is a 401 UNAUTHENTICATED, never silently anonymous. */
export async function authenticateHttp(services: Services, authorization: string | undefined): Promise<Viewer | null> {
  try {
    return await services.sessions.authenticate(authorization);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
  }
}

/** The integrator of an HTTP request (x-api-key); a bad key is a 401 UNAUTHENTICATED. */
export async function authenticateApiKey(
  services: Services,
  key: string | string[] | undefined,
): Promise<Integrator | null> {
  try {
    return await services.apiKeys.authenticate(typeof key === 'string' ? key : null);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
  }
}
