import { v7 as uuidv7 } from 'uuid';

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
