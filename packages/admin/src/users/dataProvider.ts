import type { DataProvider, GetListParams, GetListResult, RaRecord } from 'react-admin';
import {
  UserDetailsDocument,
  UsersDocument,
  type Role,
  type UserFieldsFragment,
  type UserFilterInput,
} from '@support/schema';
import type { GraphQLClient } from '../api/client';

export type UserRecord = UserFieldsFragment;

export const ROLES: readonly Role[] = ['CUSTOMER', 'SELLER', 'AGENT', 'SENIOR_AGENT', 'ADMIN'];

/** react-admin's list filter values → the API's UserFilterInput (empty values left out). */
export function toUserFilter(filter: Record<string, unknown> = {}): UserFilterInput {
  const result: UserFilterInput = {};
  const text = [filter['text'], filter['q']].find((value) => typeof value === 'string' && value.trim());
  if (typeof text === 'string') result.text = text.trim();
  const role = filter['role'];
  if (typeof role === 'string' && (ROLES as readonly string[]).includes(role)) result.role = role as Role;
  return result;
}

/**
 * The API pages with keyset cursors (`first`/`after`) and has no total: page N+1 starts after page N's endCursor.
 * Cursors are kept per filter and page size; a page whose cursor is not known yet is reached by walking from the
 * last known one.
 */
export class UserCursors {
  private readonly cursors = new Map<string, Map<number, string | null>>();

  private pagesOf(key: string): Map<number, string | null> {
    let pages = this.cursors.get(key);
    if (!pages) {
      pages = new Map([[1, null]]);
      this.cursors.set(key, pages);
    }
    return pages;
  }

  async getList(api: GraphQLClient, params: GetListParams): Promise<GetListResult<UserRecord>> {
    const filter = toUserFilter(params.filter as Record<string, unknown>);
    const page = Math.max(1, params.pagination?.page ?? 1);
    const perPage = Math.min(100, Math.max(1, params.pagination?.perPage ?? 25));
    const pages = this.pagesOf(JSON.stringify([filter, perPage]));
    let known = page;
    while (!pages.has(known)) known--;
    for (;;) {
      const after = pages.get(known) ?? null;
      const { users } = await api(UsersDocument, { filter, first: perPage, after });
      if (users.pageInfo.endCursor) pages.set(known + 1, users.pageInfo.endCursor);
      if (known === page || !users.pageInfo.hasNextPage) {
        return {
          data: known === page ? users.nodes : [],
          pageInfo: { hasNextPage: known === page && users.pageInfo.hasNextPage, hasPreviousPage: page > 1 },
        };
      }
      known++;
    }
  }
}

/** Reads accounts (list and one); roles change through the show page's buttons (grantRole / revokeRole). */
export function createUsersDataProvider(api: GraphQLClient): Pick<DataProvider, 'getList' | 'getOne' | 'getMany'> {
  const cursors = new UserCursors();
  const getOne = async (id: string): Promise<UserRecord> => (await api(UserDetailsDocument, { id })).user;
  return {
    getList: (async (_resource: string, params: GetListParams) =>
      cursors.getList(api, params)) as unknown as DataProvider['getList'],
    getOne: (async (_resource: string, params: { id: RaRecord['id'] }) => ({
      data: await getOne(String(params.id)),
    })) as unknown as DataProvider['getOne'],
    getMany: (async (_resource: string, params: { ids: RaRecord['id'][] }) => ({
      data: await Promise.all(params.ids.map((id) => getOne(String(id)))),
    })) as unknown as DataProvider['getMany'],
  };
}
