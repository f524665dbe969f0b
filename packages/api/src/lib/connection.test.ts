import { describe, expect, it } from 'vitest';
import { keysetPage, keysetWhere, type Keyset, type PageWindow } from './connection.js';
import { CursorScalar, encodeCursor, type CursorValue } from './scalars.js';
import { DomainError } from './errors.js';

/** Ids in time order, as UUIDv7s sort. */
const ids = Array.from({ length: 7 }, (_, i) => `01939d4e-0000-7000-8000-00000000000${i}`);
const LIST: Keyset<string> = { list: 'things', keys: ['id'], direction: 'asc', keyOf: (id) => [id] };

/** The list's one statement, in memory: rows past the cursor in the window's direction, up to its limit. */
const fetchFrom =
  (rows: readonly string[]) =>
  async ({ cursor, direction, limit }: PageWindow): Promise<string[]> => {
    const ordered = direction === 'asc' ? [...rows].sort() : [...rows].sort().reverse();
    const past = cursor
      ? ordered.filter((id) => (direction === 'asc' ? id > String(cursor[0]) : id < String(cursor[0])))
      : ordered;
    return past.slice(0, limit);
  };
const parse = (cursor: string | null): CursorValue => CursorScalar.parseValue(cursor) as CursorValue;
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  return error instanceof DomainError ? { code: error.code, ...error.extensions } : error;
};

describe('keysetPage', () => {
  it('pages forwards: one row more than the page tells whether more follow; every row once, in order', async () => {
    const seen: string[] = [];
    let after: CursorValue | null = null;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await keysetPage(LIST, { first: 3, after }, fetchFrom(ids));
      seen.push(...page.nodes);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.pageInfo.startCursor).toBe(encodeCursor({ list: 'things', keys: [page.nodes[0]!] }));
      if (!page.pageInfo.hasNextPage) break;
      after = parse(page.pageInfo.endCursor);
    }
    expect(seen).toEqual(ids);
  });

  it('pages backwards from the end, each page in the list’s order', async () => {
    const pages: string[][] = [];
    let before: CursorValue | null = null;
    for (let count = 0; count < 10; count += 1) {
      const page = await keysetPage(LIST, { last: 3, before }, fetchFrom(ids));
      pages.push(page.nodes);
      expect(page.pageInfo.hasNextPage).toBe(before !== null);
      if (!page.pageInfo.hasPreviousPage) break;
      before = parse(page.pageInfo.startCursor);
    }
    expect(pages).toEqual([ids.slice(4), ids.slice(1, 4), ids.slice(0, 1)]);
  });

  it('reads backwards by default only where the list says so, 20 at a time', async () => {
    const many = Array.from(
      { length: 25 },
      (_, i) => `01939d4e-0000-7000-8000-0000000000${String(i).padStart(2, '0')}`,
    );
    expect((await keysetPage(LIST, {}, fetchFrom(many))).nodes).toEqual(many.slice(0, 20));
    const history = { ...LIST, backwardByDefault: true };
    expect((await keysetPage(history, {}, fetchFrom(many))).nodes).toEqual(many.slice(5));
  });

  it('gives an empty page null cursors', async () => {
    expect((await keysetPage(LIST, { first: 5 }, fetchFrom([]))).pageInfo).toEqual({
      startCursor: null,
      endCursor: null,
      hasNextPage: false,
      hasPreviousPage: false,
    });
  });

  it('refuses another list’s cursor, a key of the wrong kind, and paging both ways at once', async () => {
    const cursorRule = (field: string) => ({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field, rule: 'format', format: 'cursor' }],
    });
    const other = { list: 'others', keys: [ids[0]!] };
    expect(await refusal(keysetPage(LIST, { after: other }, fetchFrom(ids)))).toMatchObject(cursorRule('after'));
    const wrongKind = { list: 'things', keys: ['2026-01-01T00:00:00.000Z'] };
    expect(await refusal(keysetPage(LIST, { before: wrongKind }, fetchFrom(ids)))).toMatchObject(cursorRule('before'));
    const tooMany = { list: 'things', keys: [ids[0]!, ids[1]!] };
    expect(await refusal(keysetPage(LIST, { after: tooMany }, fetchFrom(ids)))).toMatchObject(cursorRule('after'));
    expect(await refusal(keysetPage(LIST, { first: 2, last: 2 }, fetchFrom(ids)))).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'last', rule: 'notWith', other: 'first' }],
    });
  });

  it('counts only when the count is read', async () => {
    let counted = 0;
    const page = await keysetPage(LIST, { first: 2 }, fetchFrom(ids), async () => {
      counted += 1;
      return ids.length;
    });
    expect(counted).toBe(0);
    expect(await page.map((id) => id.length).totalCount).toBe(7);
    expect(await page.totalCount).toBe(7);
    expect(counted).toBe(1);
  });
});

describe('keysetWhere', () => {
  const window = (cursor: PageWindow['cursor']): PageWindow => ({
    cursor,
    backward: false,
    limit: 3,
    op: '<',
    direction: 'desc',
    $op: '$lt',
  });
  it('is the row comparison spelled out for MikroORM', () => {
    expect(keysetWhere(['id'], window(null))).toEqual({});
    expect(keysetWhere(['id'], window(['a']))).toEqual({ id: { $lt: 'a' } });
    expect(keysetWhere(['at', 'id'], window(['t', 'a']))).toEqual({
      $or: [{ at: { $lt: 't' } }, { at: 't', id: { $lt: 'a' } }],
    });
  });
});

describe('the Cursor scalar', () => {
  it('reads back what it writes, and refuses anything else the same way for literals and variables', () => {
    const cursor = encodeCursor({ list: 'things', keys: [ids[0]!] });
    expect(CursorScalar.parseValue(cursor)).toEqual({ list: 'things', keys: [ids[0]] });
    const padded = `${Buffer.from(JSON.stringify(['things', ids[0]])).toString('base64')}=`;
    for (const bad of [
      'x',
      '',
      'not base64!',
      padded,
      'A'.repeat(513),
      42,
      null,
      encodeCursor({ list: 'x', keys: [] }),
    ]) {
      expect(() => CursorScalar.parseValue(bad)).toThrow(/not one this API gave out/);
    }
    expect(() => CursorScalar.parseLiteral({ kind: 'IntValue', value: '42' } as never, {})).toThrow(
      /not one this API gave out/,
    );
  });
});
