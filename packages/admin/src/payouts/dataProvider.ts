import type { GetListParams } from 'react-admin';
import { PayoutsDocument, type PayoutsQuery, type WithdrawalStatus } from '@support/schema';
import type { GraphQLClient } from '../api/client';
import type { ResourceProvider } from '../modules';
import { KeysetPages } from '../api/keyset';

export type PayoutRecord = PayoutsQuery['payouts']['nodes'][number];

export const PAYOUT_STATUSES: readonly WithdrawalStatus[] = [
  'PENDING',
  'PROCESSING',
  'UNKNOWN',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
];

const statusOf = (filter: Record<string, unknown> | undefined): WithdrawalStatus | null =>
  PAYOUT_STATUSES.find((candidate) => candidate === filter?.['status']) ?? null;

/** Reads payouts; retry and cancel are the list's row actions. */
export function createPayoutsDataProvider(api: GraphQLClient): ResourceProvider {
  const pages = new KeysetPages();
  return {
    // Newest first; a page's end cursor is its last id (the API's `after`).
    getList: async (_resource: string, params: GetListParams) => {
      const status = statusOf(params.filter as Record<string, unknown>);
      return pages.getList(status, params, async (first, after) => {
        const { payouts } = await api(PayoutsDocument, { status, first, after });
        return { nodes: payouts.nodes, endCursor: payouts.nodes.at(-1)?.id ?? null, hasNextPage: payouts.hasNextPage };
      });
    },
  };
}
