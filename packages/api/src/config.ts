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
  DATA_DIR: z.string().min(1).default('.data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the built admin panel lives; served at /admin/ when present. */
  ADMIN_DIST: z.string().optional(),
  /** Largest query depth accepted. */
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(15),
  /** Largest estimated query cost accepted. */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(20_000),
  /** Seconds given to in-flight requests on shutdown before sockets are cut. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(120).default(10),
  TRUST_PROXY: booleanFlag.default(false),
});

export type Config = z.infer<typeof envSchema> & {
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
  return { ...parsed.data, isProduction: parsed.data.NODE_ENV === 'production' };
}

/** Shows a bad value in an error message without leaking secrets or URL credentials. */
function describeValue(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/SECRET|TOKEN|PASSWORD|KEY/.test(name)) return '<hidden>';
  return JSON.stringify(value.replace(/\/\/[^@/]*@/, '//***@'));
}
