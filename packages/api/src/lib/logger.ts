import { pino, type Logger } from 'pino';

export type { Logger };

/** Keys whose values are personal data or secrets; they never reach the logs. */
const SENSITIVE_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'phone',
  'email',
  'code',
  'codeWord',
  'password',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'accountNumber',
  'variables',
];

const redactPaths = SENSITIVE_KEYS.flatMap((key) => {
  const path = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const member = path.startsWith('[') ? path : `.${path}`;
  return [path, `*${member}`, `*.*${member}`, `req.headers${member}`];
});

/** Masks a value for logs: keeps a hint of its shape (last two characters of a phone) and nothing else. */
export function maskPii(value: unknown): string {
  if (typeof value !== 'string') return '[redacted]';
  if (/^\+?\d{10,15}$/.test(value)) return `${value.slice(0, 2)}******${value.slice(-2)}`;
  return '[redacted]';
}

export interface LoggerOptions {
  level: string;
  destination?: pino.DestinationStream;
}

export function createLogger({ level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service: 'support-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: (value) => maskPii(value) },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
