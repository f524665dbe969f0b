import type { DataProvider, GetListParams, GetListResult, RaRecord } from 'react-admin';
import {
  StaffTicketsDocument,
  TicketDocument,
  type StaffTicketFilterInput,
  type StaffTicketsQuery,
  type TicketQuery,
  type TicketStatus,
} from '@support/schema';
import type { GraphQLClient } from '../api/client';

export type TicketListRecord = StaffTicketsQuery['tickets']['nodes'][number];
export type TicketRecord = NonNullable<TicketQuery['ticket']>;

/** react-admin's list filter values → the API's StaffTicketFilterInput (empty values left out). */
export function toTicketFilter(filter: Record<string, unknown> = {}): StaffTicketFilterInput {
  const result: StaffTicketFilterInput = {};
  const text = (key: string): string | undefined => {
    const value = filter[key];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const statuses = filter['statuses'];
  if (Array.isArray(statuses) && statuses.length > 0) result.statuses = statuses as TicketStatus[];
  const categoryId = text('categoryId');
  if (categoryId) result.categoryId = categoryId;
  if (typeof filter['slaBreached'] === 'boolean') result.slaBreached = filter['slaBreached'];
  if (typeof filter['unassigned'] === 'boolean') result.unassigned = filter['unassigned'];
  const number = text('number');
  if (number) result.number = number;
  const orderNumber = text('orderNumber');
  if (orderNumber) result.orderNumber = orderNumber;
  const search = text('text') ?? text('q');
  if (search) result.text = search;
  return result;
}

/**
 * The API pages with keyset cursors (`first`/`after`) and has no total: page N+1 starts after page N's endCursor.
 * Cursors are kept per filter and page size; a page whose cursor is not known yet is reached by walking from the
 * last known one.
 */
export class TicketCursors {
  private readonly cursors = new Map<string, Map<number, string | null>>();

  private pagesOf(key: string): Map<number, string | null> {
    let pages = this.cursors.get(key);
    if (!pages) {
      pages = new Map([[1, null]]);
      this.cursors.set(key, pages);
    }
    return pages;
  }

  async getList(api: GraphQLClient, params: GetListParams): Promise<GetListResult<TicketListRecord>> {
    const filter = toTicketFilter(params.filter as Record<string, unknown>);
    const page = Math.max(1, params.pagination?.page ?? 1);
    const perPage = Math.max(1, params.pagination?.perPage ?? 25);
    const pages = this.pagesOf(JSON.stringify([filter, perPage]));
    // The nearest earlier page whose start is known.
    let known = page;
    while (!pages.has(known)) known--;
    for (;;) {
      const after = pages.get(known) ?? null;
      const { tickets } = await api(StaffTicketsDocument, { filter, first: perPage, after });
      if (tickets.pageInfo.endCursor) pages.set(known + 1, tickets.pageInfo.endCursor);
      if (known === page || !tickets.pageInfo.hasNextPage) {
        return {
          data: known === page ? tickets.nodes : [],
          pageInfo: { hasNextPage: known === page && tickets.pageInfo.hasNextPage, hasPreviousPage: page > 1 },
        };
      }
      known++;
    }
  }
}

/** Reads tickets (list and one); changes go through the show page's actions, not through react-admin's update. */
export function createTicketsDataProvider(api: GraphQLClient): Pick<DataProvider, 'getList' | 'getOne' | 'getMany'> {
  const cursors = new TicketCursors();
  const getOne = async (id: string): Promise<TicketRecord> => {
    const { ticket } = await api(TicketDocument, { id });
    if (!ticket) throw new Error('ra.notification.item_doesnt_exist');
    return ticket;
  };
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
