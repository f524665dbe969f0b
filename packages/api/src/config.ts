import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: postgresUrl.optional(),
  /** Connections to PostgreSQL per instance (PGlite has one). Money writes are waits on the database, not CPU. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  DATA_DIR: z.string().min(1).default('.data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Prefix of this deployment's Redis channels and keys (several deployments can share one Redis). */
  REDIS_PREFIX: z.string().min(1).default('support:'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the built admin panel lives; served at /admin/ when present. */
  ADMIN_DIST: z.string().optional(),
  /** Largest query depth accepted. */
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(15),
  /** Largest estimated query cost accepted. */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(20_000),
  /**
   * Queries and mutations over HTTP run compiled by graphql-jit (lib/compiled-executor.ts); `false` runs them on
   * graphql-js's interpreter instead (the same answers, slower): a switch for operators, and the tests' reference.
   */
  GRAPHQL_COMPILED: booleanFlag.default(true),
  /** graphql-ws: subscriptions one socket may hold, and sockets one account or one address may open. */
  WS_MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().min(1).default(100),
  WS_MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(20),
  WS_MAX_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).default(1000),
  /** Seconds given to in-flight requests on shutdown before sockets are cut. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(120).default(10),
  TRUST_PROXY: booleanFlag.default(false),

  /** Signs access tokens and keys the code hashes (each use derives its own key). Required in production. */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(600),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Phones (any format) that hold ADMIN from their first login: how a fresh deployment gets its first admins. */
  ADMIN_PHONES: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((phone) => phone.trim())
        .filter(Boolean),
    ),
  LOGIN_CODES_PER_PHONE_PER_HOUR: z.coerce.number().int().min(1).default(5),
  LOGIN_CODES_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(300),
  LOGIN_VERIFICATIONS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(1000),
  /** Countries (ISO 3166 alpha-2, comma-separated) whose mobile numbers may get SMS and flash-call codes. */
  LOGIN_PHONE_COUNTRIES: z
    .string()
    .default('RU')
    .transform((value) =>
      value
        .split(',')
        .map((code) => code.trim().toUpperCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[A-Z]{2}$/, 'must be two-letter country codes, e.g. RU,KZ')).min(1)),
  /**
   * Velocity limits against SMS pumping: codes per hour to one number range (the number without its last
   * LOGIN_RANGE_DIGITS digits) and to one country, whichever numbers and addresses they come from.
   */
  LOGIN_CODES_PER_RANGE_PER_HOUR: z.coerce.number().int().min(1).default(10),
  LOGIN_RANGE_DIGITS: z.coerce.number().int().min(1).max(6).default(3),
  LOGIN_CODES_PER_COUNTRY_PER_HOUR: z.coerce.number().int().min(1).default(20_000),

  /** Delivery: unset means the recording provider (messages only land in the database, readable at /dev/outbox). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().default('Поддержка маркетплейса <support@marketplace.example>'),
  SMS_GATEWAY_URL: z.url().optional(),
  VOICE_GATEWAY_URL: z.url().optional(),
  PUSH_GATEWAY_URL: z.url().optional(),
  GATEWAY_TOKEN: z.string().optional(),
  DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Uploaded files (local storage); default: <DATA_DIR>/uploads. */
  UPLOAD_DIR: z.string().min(1).optional(),
  /** An S3-compatible store for uploads instead of the local folder (all of endpoint, bucket and keys). */
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** How often SLA breaches and quiet tickets are checked. */
  TICKET_JOBS_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Safety-net intervals of the event relay and the per-instance fan-out (both are also woken on every change). */
  EVENT_RELAY_POLL_MS: z.coerce.number().int().min(20).default(1000),
  EVENT_FANOUT_POLL_MS: z.coerce.number().int().min(20).default(1000),
  /** Live events buffered per subscriber before a too-slow subscriber is dropped (it can resume with `after`). */
  EVENT_SUBSCRIBER_BUFFER: z.coerce.number().int().min(10).default(10_000),
  /**
   * Days ticket events stay in the outbox for replay (`ticketEvents(after:)`); 0 keeps them all. Older positions are
   * refused with POSITION_EXPIRED. Must outlast webhook retries.
   */
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(0).default(0),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(20).default(2000),
  /** Failed webhook deliveries are retried (exponential backoff) for at least this long, then parked. */
  WEBHOOK_RETRY_HOURS: z.coerce.number().min(0).default(24),
  /** Allow webhooks to loopback and private addresses (default: everywhere but production). */
  WEBHOOK_ALLOW_PRIVATE: booleanFlag.optional(),
  /** The simulated bank's payout delay, and how often pending payouts are looked for. */
  PAYOUT_DELAY_MS: z.coerce.number().int().min(0).default(300),
  PAYOUT_POLL_MS: z.coerce.number().int().min(20).default(2000),
  /** Serves GET /metrics (Prometheus) on the API port to `Authorization: Bearer <METRICS_TOKEN>`; unset: not there. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Serves GET /metrics on this port instead (for a scraper inside the network; METRICS_TOKEN applies if set). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** How often the delivery dispatcher looks for queued messages (it is also woken on every new message). */
  DELIVERY_POLL_MS: z.coerce.number().int().min(20).default(2000),
});

const DEV_AUTH_SECRET = 'development-only-secret-never-use-in-production!';

export type Config = Omit<z.infer<typeof envSchema>, 'AUTH_SECRET'> & {
  readonly AUTH_SECRET: string;
  readonly isProduction: boolean;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates configuration from environment variables; throws ConfigError listing every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const shown = describeValue(name, cleaned[name]);
        return `${name}: ${issue.message}${shown === undefined ? '' : ` (got ${shown})`}`;
      }),
    );
  }
  const isProduction = parsed.data.NODE_ENV === 'production';
  const retentionHours = parsed.data.EVENT_RETENTION_DAYS * 24;
  if (retentionHours > 0 && retentionHours <= parsed.data.WEBHOOK_RETRY_HOURS) {
    throw new ConfigError([
      `EVENT_RETENTION_DAYS: must outlast webhook retries (WEBHOOK_RETRY_HOURS=${parsed.data.WEBHOOK_RETRY_HOURS}), or be 0`,
    ]);
  }
  if (isProduction && !parsed.data.AUTH_SECRET) {
    throw new ConfigError(['AUTH_SECRET: required in production (at least 32 random characters)']);
  }
  return {
    ...parsed.data,
    AUTH_SECRET: parsed.data.AUTH_SECRET ?? DEV_AUTH_SECRET,
    isProduction,
  };
}

/** Shows a bad value in an error message without leaking secrets or URL credentials. */
function describeValue(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/SECRET|TOKEN|PASSWORD|KEY/.test(name)) return '<hidden>';
  return JSON.stringify(value.replace(/\/\/[^@/]*@/, '//***@'));
}
