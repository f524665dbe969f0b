import type { GetListParams, GetListResult, RaRecord } from 'react-admin';

/** The largest page the API's lists give (`first`: 1 to 100). */
const MAX_PAGE = 100;

/**
 * A page as every list of the API gives it: the one connection shape `{ nodes, pageInfo, totalCount? }` (README,
 * "How to add a list"). `totalCount` is there only on lists whose count is cheap.
 */
export interface ConnectionPage<T> {
  nodes: T[];
  pageInfo: { endCursor?: string | null; hasNextPage: boolean };
  totalCount?: number;
}

/**
 * react-admin's numbered pages over the API's cursor paging (`first`/`after`): page N+1 starts after page N's end
 * cursor. Starts are kept per query (filter and page size); a page whose start is not known yet is reached by
 * walking from the nearest known one. The total is the list's `totalCount` where it has one; otherwise it is known on
 * the last page, so the pager can say «26–30 of 30», and until then the pager offers the next page.
 */
class CursorPages {
  private readonly starts = new Map<string, Map<number, string | null>>();

  async getList<T extends RaRecord>(
    query: unknown,
    params: GetListParams,
    fetchPage: (first: number, after: string | null) => Promise<ConnectionPage<T>>,
  ): Promise<GetListResult<T>> {
    const page = Math.max(1, params.pagination?.page ?? 1);
    const perPage = Math.min(MAX_PAGE, Math.max(1, params.pagination?.perPage ?? 25));
    const key = JSON.stringify([query, perPage]);
    let starts = this.starts.get(key);
    if (!starts) this.starts.set(key, (starts = new Map([[1, null]])));
    let known = page;
    while (!starts.has(known)) known--;
    for (;;) {
      const result = await fetchPage(perPage, starts.get(known) ?? null);
      const { hasNextPage, endCursor } = result.pageInfo;
      if (hasNextPage && endCursor) starts.set(known + 1, endCursor);
      if (known === page || !hasNextPage) {
        const data = known === page ? result.nodes : [];
        const total =
          result.totalCount ?? (known === page && !hasNextPage ? (page - 1) * perPage + data.length : undefined);
        return {
          data,
          pageInfo: { hasNextPage: known === page && hasNextPage, hasPreviousPage: page > 1 },
          ...(total === undefined ? {} : { total }),
        };
      }
      known++;
    }
  }
}

/**
 * The one way the panel pages a list: a react-admin `getList` over one of the API's connections. `queryOf` names
 * what identifies the list apart from its page (filters, order), `fetchPage` asks the API for one page of it (the
 * typed document with `first` and `after`) and returns the connection. Nothing is sliced in the browser.
 *
 * `getList: cursorList((params) => filterOf(params), async (filter, first, after) => (await api(UsersDocument,
 * { filter, first, after })).users)`
 */
export function cursorList<T extends RaRecord, Q>(
  queryOf: (params: GetListParams) => Q,
  fetchPage: (query: Q, first: number, after: string | null) => Promise<ConnectionPage<T>>,
): (resource: string, params: GetListParams) => Promise<GetListResult<T>> {
  const pages = new CursorPages();
  return (_resource, params) => {
    const query = queryOf(params);
    return pages.getList(query, params, (first, after) => fetchPage(query, first, after));
  };
}
