import type { GetListParams, RaRecord } from 'react-admin';
import {
  StaffTicketsDocument,
  TicketDocument,
  type StaffTicketFilterInput,
  type StaffTicketsQuery,
  type TicketOrder,
  type TicketQuery,
  type TicketStatus,
} from '@support/schema';
import type { GraphQLClient } from '../api/client';
import type { ResourceProvider } from '../modules';
import { cursorList } from '../api/keyset';

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
  const problemId = text('problemId');
  if (problemId) result.problemId = problemId;
  const assigneeId = text('assigneeId');
  if (assigneeId) result.assigneeId = assigneeId;
  if (filter['dueSoon'] === true) result.dueWithinMinutes = DUE_SOON_MINUTES;
  // Dates are Moscow days: from the start of the first to the end of the last.
  const createdFrom = text('createdFrom');
  if (createdFrom) result.createdFrom = moscowMidnight(createdFrom, 0);
  const createdTo = text('createdTo');
  if (createdTo) result.createdTo = moscowMidnight(createdTo, 1);
  return result;
}

/** "Due soon": open tickets whose next due time is within two hours. */
export const DUE_SOON_MINUTES = 120;

/** Midnight in Moscow (UTC+3 all year) of `day` (YYYY-MM-DD) plus `plusDays`, as an ISO instant. */
function moscowMidnight(day: string, plusDays: number): string {
  const midnight = new Date(`${day}T00:00:00+03:00`);
  return new Date(midnight.getTime() + plusDays * 86_400_000).toISOString();
}

/** react-admin's sort → the API's order: by creation (newest or oldest) or by the next due time. */
export function toTicketOrder(sort: GetListParams['sort'] | undefined): TicketOrder {
  if (sort?.field === 'firstResponseDueAt' || sort?.field === 'nextDueAt') return 'DUE_SOONEST';
  return sort?.order === 'ASC' ? 'OLDEST' : 'NEWEST';
}

/** Reads tickets (list and one); changes go through the show page's actions, not through react-admin's update. */
export function createTicketsDataProvider(api: GraphQLClient): ResourceProvider {
  const getOne = async (id: string): Promise<TicketRecord> => {
    const { ticket } = await api(TicketDocument, { id });
    if (!ticket) throw new Error('ra.notification.item_doesnt_exist');
    return ticket;
  };
  return {
    getList: cursorList(
      (params) => ({
        filter: toTicketFilter(params.filter as Record<string, unknown>),
        orderBy: toTicketOrder(params.sort),
      }),
      async ({ filter, orderBy }, first, after) =>
        (await api(StaffTicketsDocument, { filter, first, after, orderBy })).tickets,
    ),
    getOne: async (_resource: string, params: { id: RaRecord['id'] }) => ({
      data: await getOne(String(params.id)),
    }),
    getMany: async (_resource: string, params: { ids: RaRecord['id'][] }) => ({
      data: await Promise.all(params.ids.map((id) => getOne(String(id)))),
    }),
  };
}
