import type { Em } from '../../db/orm.js';
import { queryPrepared } from '../../db/prepared.js';
import { keysetPage, type Connection, type Keyset, type PageRequest } from '../../lib/connection.js';
import { isUuid } from '../../lib/ids.js';
import type { Audience, ProblemData, SlaClass } from '../catalog/catalog.entity.js';
import { OPEN_STATUSES, type ReplyChannel, type TicketStatus } from './ticket.entity.js';

/**
 * Ticket lists read as plain rows: one hand-written statement per page (the ticket with its category and problem),
 * mapped straight to the GraphQL types. Entities are for writes; hydrating 21 of them into the identity map cost
 * about 12 times the SQL itself (bench: read.ormCost), and a list never writes.
 */

/** What a ticket's GraphQL type is built from: a ticket entity, or a list row shaped like one. */
export interface TicketData {
  id: string;
  number: string;
  status: TicketStatus;
  category: { id: string; titleRu: string; titleEn: string };
  problem: ProblemData;
  customer: { id: string };
  assignee?: { id: string } | null;
  otherSubject?: string | null;
  orderNumber?: string | null;
  description: string;
  replyChannel: ReplyChannel;
  urgent: boolean;
  slaClass: SlaClass;
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  firstRespondedAt?: Date | null;
  slaPausedAt?: Date | null;
  slaBreached: boolean;
  escalated: boolean;
  rating?: number | null;
  ratingComment?: string | null;
  resolvedAt?: Date | null;
  closedAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A ticket's last public message as lists show it. */
export interface LastMessage {
  id: string;
  ticketId: string;
  body: string;
  internal: boolean;
  authorRole: 'CUSTOMER' | 'STAFF' | 'SYSTEM';
  authorId: string | null;
  authorName: string | null;
  createdAt: Date;
}

/** A person as lists show them (the assignee or the customer of a ticket). */
export interface PersonRow {
  id: string;
  phone: string;
  roles: string[];
  displayName: string;
  createdAt: Date;
}

/** A person as a list shows them when the query asks for nothing more than their id and name. */
export type PersonName = Pick<PersonRow, 'id' | 'displayName'>;

/**
 * Which columns of the tickets' people a page reads: `names` (id and display name: what a list shows, and all the
 * staff list's query asks), or `full` (every field of a user).
 */
export type PeopleColumns = 'names' | 'full';

export interface TicketPage {
  tickets: Connection<TicketData>;
  /** With `withLastMessages`: each ticket's last public message (null: none yet), read in the page's statement. */
  lastMessages?: Map<string, LastMessage | null>;
  /**
   * With `people`: the tickets' assignees and customers, read in the page's statement; whole users with `full`,
   * their names only with `names`.
   */
  people?: { columns: 'full'; byId: Map<string, PersonRow> } | { columns: 'names'; byId: Map<string, PersonName> };
}

export interface StaffTicketFilter {
  statuses?: TicketStatus[] | null;
  categoryId?: string | null;
  problemId?: string | null;
  assigneeId?: string | null;
  unassigned?: boolean | null;
  slaBreached?: boolean | null;
  /** Open tickets whose next due time falls within this many minutes. */
  dueWithinMinutes?: number | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
  number?: string | null;
  orderNumber?: string | null;
  text?: string | null;
  customerId?: string | null;
}

/** Staff list orders: newest or oldest first, or open tickets by their next due time (first response, then resolution). */
export const TICKET_ORDERS = ['NEWEST', 'OLDEST', 'DUE_SOONEST'] as const;
export type TicketOrder = (typeof TICKET_ORDERS)[number];

/**
 * The next due time of a ticket: the first response while there is none, then the resolution. The same expression
 * backs a partial index over open tickets (migration TicketNextDueIndex), so ordering by it stays index-backed.
 */
const NEXT_DUE = `(case when t.first_responded_at is null then t.first_response_due_at else t.resolution_due_at end)`;

/** Each order's keyset: the time-ordered id, or the next due time and the id (the cursor says which order gave it). */
const KEYSETS: Record<TicketOrder, Keyset<PageRow>> = {
  NEWEST: { list: 'tickets:NEWEST', keys: ['id'], direction: 'desc', keyOf: (row) => [row.id] },
  OLDEST: { list: 'tickets:OLDEST', keys: ['id'], direction: 'asc', keyOf: (row) => [row.id] },
  DUE_SOONEST: {
    list: 'tickets:DUE_SOONEST',
    keys: ['time', 'id'],
    direction: 'asc',
    keyOf: (row) => [new Date(row.next_due!), row.id],
  },
};

/**
 * SQL conditions on `ticket t` with their parameters. Each `?` becomes PostgreSQL's next numbered parameter
 * (`$1`, `$2`, …), so the statement's text depends only on which filters are used, never on their values, and runs
 * as a prepared statement (db/prepared.ts). A list of values is one array parameter (`= any(?)`).
 */
class Conditions {
  readonly sql: string[] = [];
  readonly params: unknown[] = [];
  /** An id filter that is not a uuid matches nothing (rather than failing the whole list). */
  impossible = false;

  add(sql: string, ...params: unknown[]): this {
    this.sql.push(sql.replace(/\?/g, () => `$${++this.numbered}`));
    this.params.push(...params);
    return this;
  }

  private numbered = 0;

  id(column: string, value: string): this {
    if (!isUuid(value)) this.impossible = true;
    return this.add(`${column} = ?`, value);
  }
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The customer's own appeals, optionally of one status. */
export function mineConditions(customerId: string, status: TicketStatus | null | undefined): Conditions {
  const where = new Conditions().add('t.customer_id = ?', customerId);
  if (status) where.add('t.status = ?', status);
  return where;
}

/** Staff's filters. */
export function staffConditions(filter: StaffTicketFilter): Conditions {
  const where = new Conditions();
  let statuses = filter.statuses?.length ? filter.statuses : null;
  if (filter.categoryId) where.id('t.category_id', filter.categoryId);
  if (filter.problemId) where.id('t.problem_id', filter.problemId);
  if (filter.customerId) where.id('t.customer_id', filter.customerId);
  if (filter.assigneeId) where.id('t.assignee_id', filter.assigneeId);
  if (filter.unassigned) where.add('t.assignee_id is null');
  if (filter.slaBreached !== undefined && filter.slaBreached !== null)
    where.add('t.sla_breached = ?', filter.slaBreached);
  if (filter.dueWithinMinutes) {
    const limit = new Date(Date.now() + filter.dueWithinMinutes * 60_000);
    statuses ??= [...OPEN_STATUSES];
    where.add(
      `t.sla_paused_at is null and ((t.first_responded_at is null and t.first_response_due_at <= ?)
        or t.resolution_due_at <= ?)`,
      limit,
      limit,
    );
  }
  if (statuses) where.add('t.status = any(?)', statuses);
  if (filter.createdFrom) where.add('t.created_at >= ?', filter.createdFrom);
  if (filter.createdTo) where.add('t.created_at < ?', filter.createdTo);
  if (filter.number) where.add('t.number = ?', filter.number.trim().toUpperCase());
  if (filter.orderNumber) where.add('t.order_number = ?', filter.orderNumber.trim());
  const text = filter.text?.trim();
  if (text) {
    const pattern = `%${escapeLike(text)}%`;
    where.add('(t.description ilike ? or t.other_subject ilike ?)', pattern, pattern);
  }
  return where;
}

const ORDER_SQL: Record<TicketOrder, string> = {
  NEWEST: 't.id desc',
  OLDEST: 't.id asc',
  DUE_SOONEST: `${NEXT_DUE} asc, t.id asc`,
};

/** The last public message of each ticket on the page, with its author's name (when the query asks for it). */
const LAST_MESSAGE_COLUMNS = `, m.id as m_id, m.body as m_body, m.author_role as m_author_role,
    m.author_id as m_author_id, mu.display_name as m_author_name, m.created_at as m_created_at`;
/** The last public message (`m`) of the ticket whose id is `ticketId`, with its author (`mu`). */
const lastMessageJoin = (ticketId: string) => `
    left join lateral (select m.id, m.body, m.author_role, m.author_id, m.created_at from ticket_message m
      where m.ticket_id = ${ticketId} and not m.internal order by m.id desc limit 1) m on true
    left join app_user mu on mu.id = m.author_id`;

/**
 * The assignee and the customer of each ticket on the page (when the query shows them): their names, or every column
 * (a user's roles are an array, parsed on both sides, and a timestamp: reading them for a list that shows only names
 * was about a tenth of the staff page's CPU, issue 18).
 */
const PEOPLE_COLUMNS: Record<PeopleColumns, string> = {
  names: `, a.display_name as a_display_name, cu.display_name as cu_display_name`,
  full: `, a.phone as a_phone, a.roles as a_roles, a.display_name as a_display_name,
    a.created_at as a_created_at, cu.phone as cu_phone, cu.roles as cu_roles, cu.display_name as cu_display_name,
    cu.created_at as cu_created_at`,
};
const PEOPLE_JOIN = `
    left join app_user a on a.id = t.assignee_id
    join app_user cu on cu.id = t.customer_id`;

const PAGE_SQL = (
  conditions: string,
  order: TicketOrder,
  withLastMessages: boolean,
  people: PeopleColumns | null,
  limit: string,
) => `
  select ${order === 'DUE_SOONEST' ? `${NEXT_DUE} as next_due, ` : ''}t.id, t.number, t.status, t.customer_id, t.assignee_id, t.other_subject, t.order_number, t.description,
    t.reply_channel, t.urgent, t.sla_class, t.first_response_due_at, t.resolution_due_at, t.first_responded_at,
    t.sla_paused_at, t.sla_breached, t.escalated, t.rating, t.rating_comment, t.resolved_at, t.closed_at,
    t.created_at, t.updated_at,
    c.id as c_id, c.title_ru as c_title_ru, c.title_en as c_title_en,
    p.id as p_id, p.title_ru as p_title_ru, p.title_en as p_title_en, p.audience as p_audience,
    p.requires_order_number as p_requires_order_number, p.sla_class as p_sla_class,
    p.urgent_available as p_urgent_available, p.position as p_position, p.active as p_active, p.is_other as p_is_other
    ${withLastMessages ? LAST_MESSAGE_COLUMNS : ''}${people ? PEOPLE_COLUMNS[people] : ''}
  from ticket t
    join support_category c on c.id = t.category_id
    join support_problem p on p.id = t.problem_id${withLastMessages ? lastMessageJoin('t.id') : ''}${people ? PEOPLE_JOIN : ''}
  where ${conditions}
  order by ${ORDER_SQL[order]}
  limit ${limit}`;

interface PageRow {
  /** Read for the DUE_SOONEST order only (its keyset). */
  next_due?: string;
  id: string;
  number: string;
  status: TicketStatus;
  customer_id: string;
  assignee_id: string | null;
  other_subject: string | null;
  order_number: string | null;
  description: string;
  reply_channel: ReplyChannel;
  urgent: boolean;
  sla_class: SlaClass;
  first_response_due_at: string;
  resolution_due_at: string;
  first_responded_at: string | null;
  sla_paused_at: string | null;
  sla_breached: boolean;
  escalated: boolean;
  rating: number | null;
  rating_comment: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  c_id: string;
  c_title_ru: string;
  c_title_en: string;
  p_id: string;
  p_title_ru: string;
  p_title_en: string;
  p_audience: Audience;
  p_requires_order_number: boolean;
  p_sla_class: SlaClass;
  p_urgent_available: boolean;
  p_position: number;
  p_active: boolean;
  p_is_other: boolean;
  m_id?: string | null;
  m_body?: string | null;
  m_author_role?: LastMessage['authorRole'] | null;
  m_author_id?: string | null;
  m_author_name?: string | null;
  m_created_at?: string | null;
  a_phone?: string | null;
  a_roles?: string[] | null;
  a_display_name?: string | null;
  a_created_at?: string | null;
  cu_phone?: string;
  cu_roles?: string[];
  cu_display_name?: string;
  cu_created_at?: string;
}

function namesOf(rows: readonly PageRow[]): Map<string, PersonName> {
  const people = new Map<string, PersonName>();
  for (const row of rows) {
    people.set(row.customer_id, { id: row.customer_id, displayName: row.cu_display_name ?? '' });
    if (row.assignee_id) people.set(row.assignee_id, { id: row.assignee_id, displayName: row.a_display_name ?? '' });
  }
  return people;
}

function peopleOf(rows: readonly PageRow[]): Map<string, PersonRow> {
  const people = new Map<string, PersonRow>();
  for (const row of rows) {
    people.set(row.customer_id, {
      id: row.customer_id,
      phone: row.cu_phone ?? '',
      roles: row.cu_roles ?? [],
      displayName: row.cu_display_name ?? '',
      createdAt: new Date(row.cu_created_at ?? 0),
    });
    if (row.assignee_id) {
      people.set(row.assignee_id, {
        id: row.assignee_id,
        phone: row.a_phone ?? '',
        roles: row.a_roles ?? [],
        displayName: row.a_display_name ?? '',
        createdAt: new Date(row.a_created_at ?? 0),
      });
    }
  }
  return people;
}

type LastMessageColumns = Pick<
  PageRow,
  'id' | 'm_id' | 'm_body' | 'm_author_role' | 'm_author_id' | 'm_author_name' | 'm_created_at'
>;

/** A ticket's last public message from its row (`id` is the ticket's). */
const lastMessageOf = (row: LastMessageColumns): LastMessage | null =>
  row.m_id
    ? {
        id: row.m_id,
        ticketId: row.id,
        body: row.m_body ?? '',
        internal: false,
        authorRole: row.m_author_role ?? 'SYSTEM',
        authorId: row.m_author_id ?? null,
        authorName: row.m_author_name ?? null,
        createdAt: new Date(row.m_created_at ?? 0),
      }
    : null;

/** MikroORM's PostgreSQL driver gives timestamps as strings. */
const dateOrNull = (value: string | null): Date | null => (value === null ? null : new Date(value));

const fromRow = (row: PageRow): TicketData => ({
  id: row.id,
  number: row.number,
  status: row.status,
  category: { id: row.c_id, titleRu: row.c_title_ru, titleEn: row.c_title_en },
  problem: {
    id: row.p_id,
    category: { id: row.c_id },
    titleRu: row.p_title_ru,
    titleEn: row.p_title_en,
    audience: row.p_audience,
    requiresOrderNumber: row.p_requires_order_number,
    slaClass: row.p_sla_class,
    urgentAvailable: row.p_urgent_available,
    position: row.p_position,
    active: row.p_active,
    isOther: row.p_is_other,
  },
  customer: { id: row.customer_id },
  assignee: row.assignee_id ? { id: row.assignee_id } : null,
  otherSubject: row.other_subject,
  orderNumber: row.order_number,
  description: row.description,
  replyChannel: row.reply_channel,
  urgent: row.urgent,
  slaClass: row.sla_class,
  firstResponseDueAt: new Date(row.first_response_due_at),
  resolutionDueAt: new Date(row.resolution_due_at),
  firstRespondedAt: dateOrNull(row.first_responded_at),
  slaPausedAt: dateOrNull(row.sla_paused_at),
  slaBreached: row.sla_breached,
  escalated: row.escalated,
  rating: row.rating,
  ratingComment: row.rating_comment,
  resolvedAt: dateOrNull(row.resolved_at),
  closedAt: dateOrNull(row.closed_at),
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

/**
 * One page, keyset-paginated on the order's key (time-ordered ids; the next due time) by the one page helper
 * (lib/connection.ts): one index-backed prepared statement, the same text for every page of a filter set.
 */
export async function readTicketPage(
  em: Em,
  where: Conditions,
  options: PageRequest & {
    order?: TicketOrder | null;
    withLastMessages?: boolean;
    people?: PeopleColumns | null;
  },
): Promise<TicketPage> {
  const order = options.order ?? 'NEWEST';
  const withLastMessages = options.withLastMessages ?? false;
  const people = options.people ?? null;
  const rows = await keysetPage(KEYSETS[order], options, async ({ cursor, op, limit }) => {
    if (where.impossible) return [];
    // Written out, not a parameter: the partial index over open tickets (migration TicketNextDueIndex) then serves
    // the prepared statement's generic plan too.
    if (order === 'DUE_SOONEST') where.add(`t.status in (${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})`);
    if (cursor) {
      if (order === 'DUE_SOONEST') where.add(`(${NEXT_DUE}, t.id) ${op} (?, ?)`, cursor[0], cursor[1]);
      else where.add(`t.id ${op} ?`, cursor[0]);
    }
    const conditions = where.sql.length ? where.sql.join(' and ') : 'true';
    // The page size is written out too (an integer the page helper bounds to 2–101, so at most 100 texts a filter
    // set): with `limit $n` PostgreSQL's generic plan assumes a tenth of the matching rows, costs more than a custom
    // plan, and the staff list was planned again on every execution (about 1.5 ms of PostgreSQL's CPU a page).
    return queryPrepared<PageRow>(
      em,
      PAGE_SQL(conditions, order, withLastMessages, people, String(Math.trunc(limit))),
      where.params,
    );
  });
  return {
    tickets: rows.map(fromRow),
    ...(withLastMessages ? { lastMessages: new Map(rows.nodes.map((row) => [row.id, lastMessageOf(row)])) } : {}),
    ...(people === 'full' ? { people: { columns: 'full', byId: peopleOf(rows.nodes) } } : {}),
    ...(people === 'names' ? { people: { columns: 'names', byId: namesOf(rows.nodes) } } : {}),
  };
}

/** The last public message of many tickets (those that have one), with the author's name, in one statement. */
export async function readLastMessages(em: Em, ticketIds: readonly string[]): Promise<Map<string, LastMessage>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await queryPrepared<LastMessageColumns>(
    em,
    `select wanted.id ${LAST_MESSAGE_COLUMNS}
      from unnest($1::uuid[]) as wanted(id) ${lastMessageJoin('wanted.id')}`,
    [[...ticketIds]],
  );
  return new Map(rows.flatMap((row) => (row.m_id ? [[row.id, lastMessageOf(row)!] as const] : [])));
}
