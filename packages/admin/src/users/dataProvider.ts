import type { RaRecord } from 'react-admin';
import { UserDetailsDocument, UsersDocument, type UserFieldsFragment, type UserFilterInput } from '@support/schema';
import type { GraphQLClient } from '../api/client';
import type { ResourceProvider } from '../modules';
import { cursorList } from '../api/keyset';
import { isRole } from '../roles';

export type UserRecord = UserFieldsFragment;

/** react-admin's list filter values → the API's UserFilterInput (empty values left out). */
export function toUserFilter(filter: Record<string, unknown> = {}): UserFilterInput {
  const result: UserFilterInput = {};
  const text = [filter['text'], filter['q']].find((value) => typeof value === 'string' && value.trim());
  if (typeof text === 'string') result.text = text.trim();
  const role = filter['role'];
  if (isRole(role)) result.role = role;
  return result;
}

/** Reads accounts (list and one); roles change through the show page's buttons (grantRole / revokeRole). */
export function createUsersDataProvider(api: GraphQLClient): ResourceProvider {
  const getOne = async (id: string): Promise<UserRecord> => (await api(UserDetailsDocument, { id })).user;
  return {
    getList: cursorList(
      (params) => toUserFilter(params.filter as Record<string, unknown>),
      async (filter, first, after) => (await api(UsersDocument, { filter, first, after })).users,
    ),
    getOne: async (_resource: string, params: { id: RaRecord['id'] }) => ({
      data: await getOne(String(params.id)),
    }),
    getMany: async (_resource: string, params: { ids: RaRecord['id'][] }) => ({
      data: await Promise.all(params.ids.map((id) => getOne(String(id)))),
    }),
  };
}
