import type { RaRecord } from 'react-admin';
import {
  CardApplicationDocument,
  CardApplicationsDocument,
  type CardApplicationFieldsFragment,
  type CardApplicationStatus,
} from '@support/schema';
import type { GraphQLClient } from '../api/client';
import type { ResourceProvider } from '../modules';
import { cursorList } from '../api/keyset';

export type CardRecord = CardApplicationFieldsFragment;

export const CARD_STATUSES: readonly CardApplicationStatus[] = ['SUBMITTED', 'APPROVED', 'REJECTED', 'ISSUED'];

const statusOf = (filter: Record<string, unknown> | undefined): CardApplicationStatus | null => {
  const status = filter?.['status'];
  return CARD_STATUSES.find((candidate) => candidate === status) ?? null;
};

/** Reads card applications, newest first, paged by cursor; decisions go through the application page's actions. */
export function createCardsDataProvider(api: GraphQLClient): ResourceProvider {
  const getOne = async (id: string): Promise<CardRecord> =>
    (await api(CardApplicationDocument, { id })).cardApplication;
  return {
    getList: cursorList(
      (params) => {
        const filter = params.filter as Record<string, unknown> | undefined;
        // The API wants at least 4 digits of a phone; fewer (still typing) are not searched for yet.
        const phone = typeof filter?.['phone'] === 'string' ? filter['phone'].trim() : '';
        return { status: statusOf(filter), phone: phone.replace(/\D/g, '').length >= 4 ? phone : null };
      },
      async (filter, first, after) =>
        (await api(CardApplicationsDocument, { ...filter, first, after })).cardApplications,
    ),
    getOne: async (_resource: string, params: { id: RaRecord['id'] }) => ({
      data: await getOne(String(params.id)),
    }),
    getMany: async (_resource: string, params: { ids: RaRecord['id'][] }) => ({
      data: await Promise.all(params.ids.map((id) => getOne(String(id)))),
    }),
  };
}
