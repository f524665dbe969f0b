import { v7 as uuidv7 } from 'uuid';
import { badInput } from './errors.js';

/** New record ids are UUIDv7: unique without a round trip, and time-ordered so indexes stay compact. */
export const newId = (): string => uuidv7();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a client-supplied id can be a record id (anything else is simply not found, never a database error). */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * A PostgreSQL array literal for raw statements (MikroORM expands array parameters into lists, so arrays are
 * passed as one literal and cast, e.g. `?::text[]`).
 */
export const pgArray = (values: readonly string[]): string =>
  `{${values.map((value) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;

/**
 * The record id a keyset cursor carries (lists page after or before a UUIDv7 id), or null for the first page. A
 * value that is not a cursor this API gave out is refused (BAD_USER_INPUT, rule format: cursor), never ignored.
 */
export function keysetCursor(value: string | null | undefined, field = 'after'): string | null {
  if (value === null || value === undefined) return null;
  if (!isUuid(value))
    throw badInput('The cursor is not one this API gave out', { [field]: { rule: 'format', format: 'cursor' } });
  return value;
}
