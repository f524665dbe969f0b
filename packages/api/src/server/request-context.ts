import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import type { Em, Orm } from '../db/orm.js';
import type { Logger } from '../lib/logger.js';
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
 * The one way a GraphQL context is made, for an HTTP request and a graphql-ws operation alike: the caller, an
 * EntityManager forked for this request or operation alone, and its logger, both made when first used. A subscription
 * lives as long as its socket and most never touch either (ticketEvents reads through the fan-out): 10,000
 * subscribers held 10,000 idle forks (identity map, unit of work) and loggers; an HTTP request logs only when
 * something goes wrong, and making its child logger (bindings serialised and redacted) cost ~2% of a list read's CPU
 * (issue 18).
 */
export function createContext(
  orm: Orm,
  services: Services,
  caller: Omit<Context, 'em' | 'services' | 'log'>,
  makeLog: () => Logger,
): Context {
  return new RequestContext(caller, services, { orm, makeLog }) as RequestContext & Context;
}

const LAZY = Symbol('lazy');

/**
 * The fork and the logger are getters of the class, over state the context holds by reference: Apollo copies the
 * context for each operation (a new object on the same prototype, own properties assigned), and the copy shares the
 * one fork and logger without making them. (A spread, `{ ...ctx }`, carries neither.) One class, so every context
 * has the same shape.
 */
class RequestContext {
  readonly [LAZY]: { orm: Orm; makeLog: () => Logger; em?: Em; log?: Logger };

  constructor(
    caller: Omit<Context, 'em' | 'services' | 'log'>,
    readonly services: Services,
    lazy: { orm: Orm; makeLog: () => Logger },
  ) {
    Object.assign(this, caller);
    this[LAZY] = lazy;
  }

  get em(): Em {
    return (this[LAZY].em ??= this[LAZY].orm.em.fork());
  }

  set em(value: Em) {
    this[LAZY].em = value;
  }

  get log(): Logger {
    return (this[LAZY].log ??= this[LAZY].makeLog());
  }

  set log(value: Logger) {
    this[LAZY].log = value;
  }
}

/**
 * Names each HTTP request as pino-http does (`req.id`: the client's `x-request-id` if well-formed, else a new one,
 * sent back as `x-request-id`) and gives it pino-http's child logger, made when first used. For levels above info,
 * where pino-http writes no request line but would still make that logger for every request.
 */
export function quietRequestLogs(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = requestIdOf(req);
    res.setHeader('x-request-id', id);
    req.id = id;
    let log: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: true,
      get: () => (log ??= logger.child({ req })),
      set: (value: Logger) => (log = value),
    });
    next();
  };
}
