import { defineEntity, p } from '@mikro-orm/core';

/** Storage of rate-limiter-flexible's PostgreSQL limiter (its own table layout), created by our migrations. */
export const RateLimitEntry = defineEntity({
  name: 'RateLimitEntry',
  tableName: 'rate_limit',
  properties: {
    key: p.string().length(255).primary(),
    points: p.integer().default(0),
    expire: p.bigint('number').nullable(),
  },
});
