import pg from 'pg';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { DomainError } from './errors.js';

export interface RateLimitRule {
  /** Distinguishes the counters of one rule from another's. */
  name: string;
  points: number;
  durationSeconds: number;
}

export type RateLimitStore =
  { kind: 'redis'; client: Redis } | { kind: 'postgres'; pool: pg.Pool } | { kind: 'memory' };

/**
 * Rate limits (rate-limiter-flexible): counters in Redis when the deployment has it (shared by every instance),
 * in PostgreSQL when it runs on a server, in memory for the embedded single-process database.
 */
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly store: RateLimitStore) {}

  private limiter(rule: RateLimitRule): RateLimiterAbstract {
    let limiter = this.limiters.get(rule.name);
    if (limiter) return limiter;
    const options = { keyPrefix: `rl:${rule.name}`, points: rule.points, duration: rule.durationSeconds };
    switch (this.store.kind) {
      case 'redis':
        limiter = new RateLimiterRedis({ ...options, storeClient: this.store.client });
        break;
      case 'postgres':
        limiter = new RateLimiterPostgres({
          ...options,
          storeClient: this.store.pool,
          storeType: 'pool',
          tableName: 'rate_limit',
          tableCreated: true,
          clearExpiredByTimeout: false,
        });
        break;
      default:
        limiter = new RateLimiterMemory(options);
    }
    this.limiters.set(rule.name, limiter);
    return limiter;
  }

  /** Counts one attempt against `key`; throws RATE_LIMITED with `retryAfterSeconds` when the rule is exhausted. */
  async consume(rule: RateLimitRule, key: string, message = 'Too many attempts, try again later'): Promise<void> {
    try {
      await this.limiter(rule).consume(key, 1);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw new DomainError('RATE_LIMITED', message, {
          retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)),
        });
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.store.kind === 'postgres') await this.store.pool.end();
  }
}
