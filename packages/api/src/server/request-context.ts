import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import type { Orm } from '../db/orm.js';
import type { Context, Viewer } from '../lib/context.js';
import { DomainError } from '../lib/errors.js';
import type { Integrator } from '../lib/context.js';
import type { Services } from '../services.js';

export function requestIdOf(req: Request): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && /^[\w-]{1,100}$/.test(header) ? header : randomUUID();
}

/** Who calls, from the credentials a request or socket presents; a bad credential throws its DomainError. */
export async function identify(
  services: Services,
  credentials: { authorization: unknown; apiKey: unknown },
): Promise<{ viewer: Viewer | null; integrator: Integrator | null }> {
  const { authorization, apiKey } = credentials;
  const viewer = await services.sessions.authenticate(typeof authorization === 'string' ? authorization : null);
  const integrator = await services.apiKeys.authenticate(typeof apiKey === 'string' ? apiKey : null);
  return { viewer, integrator };
}

/** The caller of an HTTP request; a bad token or key is a 401 UNAUTHENTICATED, never silently anonymous. */
export async function identifyHttp(services: Services, req: Request) {
  try {
    return await identify(services, { authorization: req.headers.authorization, apiKey: req.headers['x-api-key'] });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
  }
}

/**
 * The one way a GraphQL context is made, for an HTTP request and a graphql-ws operation alike: the caller, and an
 * EntityManager forked for this request or operation alone.
 */
export function createContext(orm: Orm, services: Services, caller: Omit<Context, 'em' | 'services'>): Context {
  return { ...caller, em: orm.em.fork(), services };
}
