import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { Em } from '../db/orm.js';
import { badInput } from './errors.js';
import type { FieldRule } from './field-rules.js';
import { isUuid } from './ids.js';
import { encodeCursor, type CursorValue } from './scalars.js';

/**
 * Every list of the API is one connection shape: `{ nodes, pageInfo: PageInfo, totalCount? }`, paged by keyset with
 * `first`/`after` (and `last`/`before` where reading backwards is natural). `keysetPage` builds every page; each
 * list declares its connection type with `connectionType` and its arguments with `ForwardPageArgs`/`PageArgs`
 * (connection.types.ts: the GraphQL side, kept apart so that services need no decorators). README, "How to add a
 * list".
 */

/** The largest page any list gives. */
export const PAGE_MAX = 100;
/** The page size when neither `first` nor `last` is given. */
export const PAGE_DEFAULT = 20;

/** Where a page stands (Relay's names): the GraphQL `PageInfo` (connection.types.ts). */
export interface PageInfo {
  startCursor: string | null;
  endCursor: string | null;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** What a page request carries, from `ForwardPageArgs` or `PageArgs`. */
export interface PageRequest {
  first?: number | null;
  after?: CursorValue | null;
  last?: number | null;
  before?: CursorValue | null;
}

/** One page of a list: its nodes, where it stands, and (where the list counts) a total computed only if asked for. */
export class Connection<T> {
  /** The count, run at most once for this page and every page mapped from it. */
  private readonly count: (() => Promise<number>) | undefined;

  constructor(
    readonly nodes: T[],
    readonly pageInfo: PageInfo,
    count?: () => Promise<number>,
  ) {
    let counted: Promise<number> | undefined;
    this.count = count && (() => (counted ??= count()));
  }

  /** Read by GraphQL only when the query selects it, so a page that does not ask costs no count. */
  get totalCount(): Promise<number> {
    return this.count ? this.count() : Promise.reject(new Error('this list does not count its nodes'));
  }

  /** The same page with other nodes (the same number, in the same order; the count, if any, stays lazy). */
  withNodes<U>(nodes: U[]): Connection<U> {
    return new Connection(nodes, this.pageInfo, this.count);
  }

  /** The same page with its nodes mapped (the count, if any, stays lazy). */
  map<U>(mapping: (node: T) => U): Connection<U> {
    return new Connection(this.nodes.map(mapping), this.pageInfo, this.count);
  }
}

/** A sort key's kind, checked when a cursor comes back: a record id, an instant (ISO 8601), an integer, or text. */
export type KeyKind = 'id' | 'time' | 'int' | 'text';
type KeyValue = string | Date | number;

/** A list's keyset: its sort keys, all in one direction, the last one unique (an id). */
export interface Keyset<Row> {
  /** Names the list and its order inside each cursor, so a cursor of another list or order is refused. */
  list: string;
  keys: readonly KeyKind[];
  /** The list's order on its keys (all keys in one direction). */
  direction: 'asc' | 'desc';
  /** The sort-key values of a row, in `keys` order. */
  keyOf(row: Row): readonly KeyValue[];
  /** Without `first` and `last`, read backwards from the end (chat history: the newest messages). */
  backwardByDefault?: boolean;
}

/**
 * What the list's query fetches: rows strictly past `cursor` (the cursor row's key values, or null from the start),
 * in the list's order, or (`backward`) in the reverse order before it; at most `limit` rows (one more than the page,
 * so the helper knows whether more follow). `op` and `direction` are the comparison and order to write for that:
 * `where (a, id) ${op} (?, ?) order by a ${direction}, id ${direction}`.
 */
export interface PageWindow {
  cursor: readonly KeyValue[] | null;
  backward: boolean;
  limit: number;
  op: '<' | '>';
  direction: 'asc' | 'desc';
  /** The list's order reversed when reading backwards (MikroORM's `$lt`/`$gt`). */
  $op: '$lt' | '$gt';
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const INT = /^-?\d{1,18}$/;

function keyValue(kind: KeyKind, text: string): KeyValue | null {
  if (kind === 'id') return isUuid(text) ? text : null;
  if (kind === 'time') {
    const time = TIME.test(text) ? new Date(text) : null;
    return time && !Number.isNaN(time.getTime()) && time.toISOString() === text ? time : null;
  }
  if (kind === 'int') return INT.test(text) ? Number(text) : null;
  return text.length <= 200 ? text : null;
}

const keyText = (value: KeyValue): string => (value instanceof Date ? value.toISOString() : String(value));

/** The cursor's key values if it was given out by this list, or the refusal naming the argument. */
function readCursor<Row>(keyset: Keyset<Row>, cursor: CursorValue, argument: string): KeyValue[] {
  const values =
    cursor.list === keyset.list && cursor.keys.length === keyset.keys.length
      ? cursor.keys.map((text, index) => keyValue(keyset.keys[index]!, text))
      : null;
  if (!values || values.some((value) => value === null)) {
    throw badInput('The cursor is not one this list gave out for this order', {
      [argument]: { rule: 'format', format: 'cursor' },
    });
  }
  return values as KeyValue[];
}

/**
 * Builds every keyset page of the API: checks the paging arguments and the cursor against the list, asks `fetch`
 * for one row more than the page (one statement, on the list's indexed sort keys), and returns the nodes in the
 * list's order with `pageInfo`. `count`, for lists whose count is cheap, runs only if `totalCount` is selected.
 */
export async function keysetPage<Row>(
  keyset: Keyset<Row>,
  request: PageRequest,
  fetch: (window: PageWindow) => Promise<Row[]>,
  count?: () => Promise<number>,
): Promise<Connection<Row>> {
  const isGiven = (value: unknown) => value !== null && value !== undefined;
  const forwardArgs = isGiven(request.first) || isGiven(request.after);
  const backwardArgs = isGiven(request.last) || isGiven(request.before);
  if (forwardArgs && backwardArgs) {
    const problem: FieldRule = { rule: 'notWith', other: isGiven(request.first) ? 'first' : 'after', value: 'given' };
    throw badInput('Page forwards (first/after) or backwards (last/before), not both', {
      [isGiven(request.last) ? 'last' : 'before']: problem,
    });
  }
  const backward = backwardArgs || (!forwardArgs && keyset.backwardByDefault === true);
  const size = Math.min(Math.max((backward ? request.last : request.first) ?? PAGE_DEFAULT, 1), PAGE_MAX);
  const given = backward ? request.before : request.after;
  const cursor = given ? readCursor(keyset, given, backward ? 'before' : 'after') : null;
  // Reading the list's order forwards, an ascending list compares with `>`; backwards, everything flips.
  const ascending = (keyset.direction === 'asc') !== backward;
  const rows = await fetch({
    cursor,
    backward,
    limit: size + 1,
    op: ascending ? '>' : '<',
    direction: ascending ? 'asc' : 'desc',
    $op: ascending ? '$gt' : '$lt',
  });
  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (backward) page.reverse();
  const cursorOf = (row: Row | undefined) =>
    row ? encodeCursor({ list: keyset.list, keys: keyset.keyOf(row).map(keyText) }) : null;
  return new Connection(
    page,
    {
      startCursor: cursorOf(page[0]),
      endCursor: cursorOf(page.at(-1)),
      hasNextPage: backward ? cursor !== null : more,
      hasPreviousPage: backward ? more : cursor !== null,
    },
    count,
  );
}

/** A keyset on an entity's own properties (`fields`, in key order), read with `findPage`. */
export interface EntityKeyset<E> extends Keyset<E> {
  readonly fields: ReadonlyArray<keyof E & string>;
}

/**
 * Declares a keyset on an entity's properties: `keys` names each sort property with its kind, in order, the last a
 * unique one (`{ createdAt: 'time', id: 'id' }`); each row's key values are read from those properties.
 */
export function entityKeyset<E extends object>(
  spec: Omit<Keyset<E>, 'keys' | 'keyOf'> & { keys: { [P in keyof E & string]?: KeyKind } },
): EntityKeyset<E> {
  const { keys, ...rest } = spec;
  const fields = Object.keys(keys) as Array<keyof E & string>;
  return {
    ...rest,
    fields,
    keys: fields.map((field) => keys[field]!),
    keyOf: (row) => fields.map((field) => row[field] as KeyValue),
  };
}

/**
 * One keyset page of entities (one statement): those matching `where`, past the cursor on the keyset's fields, in
 * its order. `counted` lists answer `totalCount` with a count of `where`, run only when it is selected.
 */
export function findPage<E extends object>(
  em: Em,
  entity: EntityName<E>,
  keyset: EntityKeyset<E>,
  where: FilterQuery<E>,
  request: PageRequest,
  options: { counted?: boolean } = {},
): Promise<Connection<E>> {
  return keysetPage(
    keyset,
    request,
    (window) => {
      const past = keysetWhere(keyset.fields, window);
      const filter = Object.keys(past).length ? { $and: [where, past] } : where;
      return em.find(entity, filter as never, {
        orderBy: keysetOrder(keyset.fields, window) as never,
        limit: window.limit,
      });
    },
    options.counted ? () => em.count(entity, where as never) : undefined,
  );
}

/**
 * The MikroORM condition for "past the cursor" on `fields` (the keyset's columns as entity properties), e.g.
 * `{ $or: [{ createdAt: { $lt: t } }, { createdAt: t, id: { $lt: id } }] }`; an empty condition from the start.
 */
export function keysetWhere(fields: readonly string[], window: PageWindow): Record<string, unknown> {
  const cursor = window.cursor;
  if (!cursor) return {};
  const branches = fields.map((field, index) => ({
    ...Object.fromEntries(fields.slice(0, index).map((before, at) => [before, cursor[at]])),
    [field]: { [window.$op]: cursor[index] },
  }));
  return branches.length === 1 ? branches[0]! : { $or: branches };
}

/** MikroORM's `orderBy` for the window: every key in the window's direction. */
const keysetOrder = (fields: readonly string[], window: PageWindow): Record<string, 'asc' | 'desc'> =>
  Object.fromEntries(fields.map((field) => [field, window.direction]));
