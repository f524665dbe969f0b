import type { GetListParams, RaRecord } from 'react-admin';
import {
  CardApplicationDocument,
  CardApplicationsDocument,
  type CardApplicationFieldsFragment,
  type CardApplicationStatus,
} from '@support/schema';
import type { GraphQLClient } from '../api/client';
import type { ResourceProvider } from '../modules';

export type CardRecord = CardApplicationFieldsFragment;

export const CARD_STATUSES: readonly CardApplicationStatus[] = ['SUBMITTED', 'APPROVED', 'REJECTED', 'ISSUED'];

const statusOf = (filter: Record<string, unknown> | undefined): CardApplicationStatus | null => {
  const status = filter?.['status'];
  return CARD_STATUSES.find((candidate) => candidate === status) ?? null;
};

/**
 * Reads card applications. The API gives the latest 200 of a status (or phone) at once (newest first), so the list pages in
 * the browser; decisions go through the application page's actions.
 */
export function createCardsDataProvider(api: GraphQLClient): ResourceProvider {
  const getOne = async (id: string): Promise<CardRecord> =>
    (await api(CardApplicationDocument, { id })).cardApplication;
  return {
    getList: async (_resource: string, params: GetListParams) => {
      const filter = params.filter as Record<string, unknown> | undefined;
      // The API wants at least 4 digits of a phone; fewer (still typing) are not searched for yet.
      const phone = typeof filter?.['phone'] === 'string' ? filter['phone'].trim() : '';
      const searchable = phone.replace(/\D/g, '').length >= 4;
      const { cardApplications } = await api(CardApplicationsDocument, {
        status: statusOf(filter),
        phone: searchable ? phone : null,
      });
      const page = Math.max(1, params.pagination?.page ?? 1);
      const perPage = Math.max(1, params.pagination?.perPage ?? 25);
      return { data: cardApplications.slice((page - 1) * perPage, page * perPage), total: cardApplications.length };
    },
    getOne: async (_resource: string, params: { id: RaRecord['id'] }) => ({
      data: await getOne(String(params.id)),
    }),
    getMany: async (_resource: string, params: { ids: RaRecord['id'][] }) => ({
      data: await Promise.all(params.ids.map((id) => getOne(String(id)))),
    }),
  };
}
