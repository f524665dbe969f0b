import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import type { FieldRule } from './field-rules.js';

/**
 * The largest amount of money one operation may carry: 10 000 000 000,00 ₽ (10^12 kopecks). Ledger balances are
 * kept within ±LEDGER_BALANCE_LIMIT, so no account can reach the 64-bit limit of its column.
 */
export const MONEY_MAX = 1_000_000_000_000n;
/** The bound on any ledger account's balance (10^17 kopecks), far inside PostgreSQL's bigint. */
export const LEDGER_BALANCE_LIMIT = 100_000_000_000_000_000n;

/** Dates and times the API accepts: what people and the database can both hold. */
export const DATE_MIN = '1900-01-01';
export const DATE_MAX = '2999-12-31';

/** A scalar's refusal: BAD_USER_INPUT with the broken rule, which the input boundary turns into a field error. */
export function scalarError(message: string, rule: FieldRule): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', fieldRule: rule } });
}

/** One parse for both forms: a literal is turned into the value a variable would carry, then parsed the same way. */
function literalValue(ast: ValueNode): unknown {
  if (ast.kind === Kind.STRING) return ast.value;
  if (ast.kind === Kind.INT) return ast.value.length > 20 ? ast.value : Number(ast.value);
  if (ast.kind === Kind.FLOAT) return Number(ast.value);
  if (ast.kind === Kind.BOOLEAN) return ast.value;
  return undefined;
}

const KOPECKS = /^-?\d{1,40}$/;

function parseKopecks(value: unknown): bigint {
  let parsed: bigint | null = null;
  if (typeof value === 'bigint') parsed = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) parsed = BigInt(value);
  else if (typeof value === 'string' && KOPECKS.test(value)) parsed = BigInt(value);
  if (parsed === null) {
    throw scalarError('Amounts are whole kopecks, written as digits (a string or an integer)', {
      rule: 'format',
      format: 'kopecks',
    });
  }
  if (parsed > MONEY_MAX || parsed < -MONEY_MAX) {
    throw scalarError(`Amounts are at most ${MONEY_MAX} kopecks (10 000 000 000 ₽) either way`, {
      rule: 'range',
      min: `-${MONEY_MAX}`,
      max: `${MONEY_MAX}`,
    });
  }
  return parsed;
}

/**
 * Money in kopecks: accepted as a JSON integer or a string of digits, always sent as a string, so no client ever
 * rounds money through a float. Inputs are at most 10^12 kopecks either way; literals and variables are parsed by
 * the same function.
 */
export const BigIntScalar = new GraphQLScalarType<bigint, string>({
  name: 'BigInt',
  description:
    'A 64-bit integer (money: kopecks). Sent as a string; accepted as a string of digits or an integer, from -1000000000000 to 1000000000000 (10 000 000 000 ₽).',
  serialize: (value) => {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
    throw new TypeError(`BigInt cannot represent ${typeof value}`);
  },
  parseValue: parseKopecks,
  parseLiteral: (ast) => parseKopecks(literalValue(ast)),
});

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseLocalDate(value: unknown): string {
  const date = typeof value === 'string' && LOCAL_DATE.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  const real = date !== null && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  if (!real) throw scalarError('Dates are real calendar dates written YYYY-MM-DD', { rule: 'format', format: 'date' });
  if (value < DATE_MIN || value > DATE_MAX) {
    throw scalarError(`Dates are from ${DATE_MIN} to ${DATE_MAX}`, { rule: 'range', min: DATE_MIN, max: DATE_MAX });
  }
  return value;
}

/** A calendar date (no time zone), YYYY-MM-DD, from 1900-01-01 to 2999-12-31. */
export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: 'LocalDate',
  description: 'A calendar date with no time zone, `YYYY-MM-DD`, from 1900-01-01 to 2999-12-31.',
  serialize: (value) => {
    if (typeof value === 'string' && LOCAL_DATE.test(value)) return value;
    throw new TypeError('LocalDate cannot represent this value');
  },
  parseValue: parseLocalDate,
  parseLiteral: (ast) => parseLocalDate(literalValue(ast)),
});

const DATE_TIME_MIN = new Date(`${DATE_MIN}T00:00:00Z`);
const DATE_TIME_MAX = new Date(`${DATE_MAX}T23:59:59.999Z`);

function parseDateTime(value: unknown): Date {
  let parsed: Date;
  try {
    if (typeof value !== 'string') throw new TypeError('not a string');
    parsed = GraphQLDateTimeISO.parseValue(value) as Date;
  } catch {
    throw scalarError('Times are ISO 8601 date-times with a zone, e.g. 2026-01-31T09:00:00Z', {
      rule: 'format',
      format: 'dateTime',
    });
  }
  if (!(parsed.getTime() >= DATE_TIME_MIN.getTime() && parsed.getTime() <= DATE_TIME_MAX.getTime())) {
    throw scalarError(`Times are from ${DATE_MIN} to ${DATE_MAX}`, {
      rule: 'range',
      min: DATE_TIME_MIN.toISOString(),
      max: DATE_TIME_MAX.toISOString(),
    });
  }
  return parsed;
}

/** An instant, ISO 8601 with a zone; sent in UTC. Accepted from 1900-01-01 to 2999-12-31. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTimeISO',
  description:
    'An instant as an ISO 8601 date-time with a zone (RFC 3339), e.g. 2007-12-03T10:15:30Z; sent in UTC. Accepted from 1900-01-01 to 2999-12-31.',
  // A valid Date (what every resolver returns) is written directly: graphql-scalars validates and formats it twice,
  // 3% of a list request's CPU (bench read profile). Anything else takes its full path.
  serialize: (value) =>
    value instanceof Date && Number.isFinite(value.getTime())
      ? value.toISOString()
      : (GraphQLDateTimeISO.serialize(value) as string),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(literalValue(ast)),
});

/**
 * A keyset cursor as the API reads it: which list (and order) gave it out, and the sort-key values of the row it
 * points at. Built and checked against its list by `lib/connection.ts`; clients only pass it back.
 */
export interface CursorValue {
  readonly list: string;
  readonly keys: readonly string[];
}

/** The longest cursor accepted (a list tag and a few keys, base64url-encoded, stay far below it). */
export const CURSOR_MAX_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export const encodeCursor = (cursor: CursorValue): string =>
  Buffer.from(JSON.stringify([cursor.list, ...cursor.keys])).toString('base64url');

const notACursor = () => scalarError('The cursor is not one this API gave out', { rule: 'format', format: 'cursor' });

/** One parse for literals and variables: base64url of a JSON array of strings (the list, then the keys), canonical. */
function parseCursor(value: unknown): CursorValue {
  if (typeof value !== 'string' || value.length > CURSOR_MAX_LENGTH || !BASE64URL.test(value)) throw notACursor();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw notACursor();
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length < 2 ||
    decoded.length > 6 ||
    !decoded.every((part): part is string => typeof part === 'string')
  ) {
    throw notACursor();
  }
  const [list, ...keys] = decoded as [string, ...string[]];
  const cursor = { list, keys };
  // Only the exact text this API wrote: no padding, no other spelling of the same bytes.
  if (encodeCursor(cursor) !== value) throw notACursor();
  return cursor;
}

/** An opaque keyset cursor: `pageInfo.endCursor`/`startCursor` passed back as `after`/`before`. */
export const CursorScalar = new GraphQLScalarType<CursorValue, string>({
  name: 'Cursor',
  description:
    'An opaque position in one list (at most 512 characters): pass `pageInfo.endCursor` back as `after`, or ' +
    '`pageInfo.startCursor` as `before`, with the same arguments otherwise. Do not parse or build one: a value this ' +
    'API did not give out for that list and order is refused with BAD_USER_INPUT (rule `format`, format `cursor`).',
  serialize: (value) => {
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && value !== null && 'list' in value && 'keys' in value)
      return encodeCursor(value as CursorValue);
    throw new TypeError('Cursor cannot represent this value');
  },
  parseValue: parseCursor,
  parseLiteral: (ast) => parseCursor(literalValue(ast)),
});

/** 123456n kopecks → "1 234,56 ₽" (Russian formatting). */
export function formatRubles(kopecks: bigint): string {
  const negative = kopecks < 0n;
  const abs = negative ? -kopecks : kopecks;
  const rubles = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '−' : ''}${rubles},${cents}\u00a0₽`;
}
