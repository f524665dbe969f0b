import { PayoutsDocument, type PayoutsQuery, type WithdrawalStatus } from '@support/schema';
import type { GraphQLClient } from '../api/client';
import type { ResourceProvider } from '../modules';
import { cursorList } from '../api/keyset';

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
  return {
    // Newest first, paged by cursor.
    getList: cursorList(
      (params) => statusOf(params.filter as Record<string, unknown>),
      async (status, first, after) => (await api(PayoutsDocument, { status, first, after })).payouts,
    ),
  };
}
