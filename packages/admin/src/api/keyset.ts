import type { GetListParams, GetListResult, RaRecord } from 'react-admin';

/** The largest page the API's lists give. */
const MAX_PAGE = 100;

/** One page as the API gives it: the nodes, the cursor after the last one, whether more follow. */
export interface KeysetPage<T> {
  nodes: T[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * react-admin's numbered pages over an API that pages with keyset cursors (`first`/`after`) and counts no totals
 * (a count over a million tickets would cost more than the page): page N+1 starts after page N's end cursor. Starts
 * are kept per query (filter and page size); a page whose start is not known yet is reached by walking from the
 * nearest known one. On the last page the total is known, so the pager can say «26–30 of 30».
 */
export class KeysetPages {
  private readonly starts = new Map<string, Map<number, string | null>>();

  async getList<T extends RaRecord>(
    query: unknown,
    params: GetListParams,
    fetchPage: (first: number, after: string | null) => Promise<KeysetPage<T>>,
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
      if (result.hasNextPage && result.endCursor) starts.set(known + 1, result.endCursor);
      if (known === page || !result.hasNextPage) {
        const data = known === page ? result.nodes : [];
        return {
          data,
          pageInfo: { hasNextPage: known === page && result.hasNextPage, hasPreviousPage: page > 1 },
          ...(known === page && !result.hasNextPage ? { total: (page - 1) * perPage + data.length } : {}),
        };
      }
      known++;
    }
  }
}
