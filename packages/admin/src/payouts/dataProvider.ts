import type { DataProvider, GetListParams, GetListResult } from 'react-admin';
import { PayoutsDocument, type PayoutsQuery, type WithdrawalStatus } from '@support/schema';
import type { GraphQLClient } from '../api/client';

export type PayoutRecord = PayoutsQuery['payouts']['nodes'][number];

export const PAYOUT_STATUSES: readonly WithdrawalStatus[] = [
  'PENDING',
  'PROCESSING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
];

const statusOf = (filter: Record<string, unknown> | undefined): WithdrawalStatus | null =>
  PAYOUT_STATUSES.find((candidate) => candidate === filter?.['status']) ?? null;

/**
 * The API pages payouts newest first with keyset cursors (`after` = the last id of the page before) and has no
 * total: the start of page N+1 is learnt from page N, per filter and page size; a page whose start is not known
 * yet is reached by walking from the last known one.
 */
export class PayoutCursors {
  private readonly starts = new Map<string, Map<number, string | null>>();

  async getList(api: GraphQLClient, params: GetListParams): Promise<GetListResult<PayoutRecord>> {
    const status = statusOf(params.filter as Record<string, unknown>);
    const page = Math.max(1, params.pagination?.page ?? 1);
    const perPage = Math.max(1, params.pagination?.perPage ?? 25);
    const key = JSON.stringify([status, perPage]);
    let pages = this.starts.get(key);
    if (!pages) {
      pages = new Map([[1, null]]);
      this.starts.set(key, pages);
    }
    let known = page;
    while (!pages.has(known)) known--;
    for (;;) {
      const { payouts } = await api(PayoutsDocument, { status, first: perPage, after: pages.get(known) ?? null });
      const last = payouts.nodes.at(-1);
      if (last && payouts.hasNextPage) pages.set(known + 1, last.id);
      if (known === page || !payouts.hasNextPage) {
        const data = known === page ? payouts.nodes : [];
        return {
          data,
          pageInfo: { hasNextPage: known === page && payouts.hasNextPage, hasPreviousPage: page > 1 },
          // On the last page the total is known, so the pager says «1–2 of 2» rather than a page size.
          ...(known === page && !payouts.hasNextPage ? { total: (page - 1) * perPage + data.length } : {}),
        };
      }
      known++;
    }
  }
}

/** Reads payouts; retry and cancel are the list's row actions. */
export function createPayoutsDataProvider(api: GraphQLClient): Pick<DataProvider, 'getList'> {
  const cursors = new PayoutCursors();
  return {
    getList: (async (_resource: string, params: GetListParams) =>
      cursors.getList(api, params)) as unknown as DataProvider['getList'],
  };
}
