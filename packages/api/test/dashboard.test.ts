import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { TZDate } from '@date-fns/tz';
import { addDays, format, parseISO } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChangeTicketStatusDocument,
  CreateTicketDocument,
  ReplyToTicketDocument,
  SupportCategoriesDocument,
  SupportStatsDocument,
  TicketDocument,
  type SupportCategoriesQuery,
  type SupportStatsQuery,
  type TicketStatus,
} from '@support/schema';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { moscowToday } from '../src/modules/dashboard/stats-range.js';
import { errorCodes, execute, startTestServer, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
type Stats = SupportStatsQuery['supportStats'];

let api: TestServer;
let agent: Session;
let customer: Session;
let categories: SupportCategoriesQuery['supportCategories'];

const as = (session: Session) => ({ token: session.accessToken });
const HOUR = 3_600_000;

/** A Moscow calendar date `offset` days from `date` (YYYY-MM-DD). */
const day = (date: string, offset: number) => format(addDays(parseISO(date), offset), 'yyyy-MM-dd');
/** An instant at a Moscow wall-clock time of a date. */
function moscow(date: string, hours: number, minutes = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hours, minutes, 'Europe/Moscow').getTime());
}

function problemId(titleEn: string): string {
  const found = categories.flatMap((c) => c.problems).find((p) => p.titleEn === titleEn);
  if (!found) throw new Error(`no problem ${titleEn}`);
  return found.id;
}

async function file(titleEn: string): Promise<string> {
  const result = await execute(
    api.graphqlUrl,
    CreateTicketDocument,
    {
      input: {
        problemId: problemId(titleEn),
        description: 'Проверяем статистику поддержки: обращение для панели.',
        replyChannel: 'SMS',
        idempotencyKey: randomUUID(),
      },
    },
    as(customer),
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.createTicket.id;
}

async function reply(ticketId: string) {
  const result = await execute(
    api.graphqlUrl,
    ReplyToTicketDocument,
    { input: { ticketId, body: 'Здравствуйте! Разбираемся.', internal: false } },
    as(agent),
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
}

async function move(ticketId: string, status: TicketStatus) {
  const result = await execute(api.graphqlUrl, ChangeTicketStatusDocument, { ticketId, status }, as(agent));
  if (!result.data) throw new Error(JSON.stringify(result.errors));
}

/**
 * Moves a ticket's whole timeline (its times, history and messages) so that it was filed at `filedAt`: the tests
 * cannot wait hours or days for real, so what the API recorded is slid back in time, intervals kept.
 */
async function slide(ticketId: string, filedAt: Date) {
  const em = api.db.orm.em.fork();
  const [{ created_at }] = (await em.execute(`select created_at from ticket where id = ?`, [ticketId])) as [
    { created_at: Date },
  ];
  const shift = filedAt.getTime() - new Date(created_at).getTime();
  const plus = (column: string) => `${column} = ${column} + (? * interval '1 millisecond')`;
  const columns = [
    'created_at',
    'updated_at',
    'first_response_due_at',
    'resolution_due_at',
    'first_responded_at',
    'sla_paused_at',
    'sla_breached_at',
    'resolved_at',
    'closed_at',
    'last_message_at',
  ];
  await em.execute(`update ticket set ${columns.map(plus).join(', ')} where id = ?`, [
    ...columns.map(() => shift),
    ticketId,
  ]);
  await em.execute(`update ticket_event set ${plus('created_at')} where ticket_id = ?`, [shift, ticketId]);
  await em.execute(`update ticket_message set ${plus('created_at')} where ticket_id = ?`, [shift, ticketId]);
}

/** Seconds from filing to the first reply, as the API reports the ticket. */
async function firstResponseSeconds(ticketId: string): Promise<number> {
  const { data } = await execute(api.graphqlUrl, TicketDocument, { id: ticketId }, as(agent));
  return (Date.parse(data!.ticket.firstRespondedAt!) - Date.parse(data!.ticket.createdAt)) / 1000;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return Math.round(sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2);
};

async function stats(variables: { from?: string; to?: string }, session = agent, locale = 'ru') {
  return execute(api.graphqlUrl, SupportStatsDocument, variables, {
    ...as(session),
    headers: { 'accept-language': locale },
  });
}

// The period under test: four Moscow days two months back, away from anything else the tests file.
const today = moscowToday(new Date());
const X = day(today, -60);
const range = { from: day(X, -1), to: day(X, 2) };
const ids: Record<string, string> = {};

beforeAll(async () => {
  api = await startTestServer();
  await seedCatalog(api.db.orm, api.config);
  [agent, customer] = await Promise.all([loginAs(api, ['AGENT']), loginAs(api, ['CUSTOMER'])]);
  categories = (await execute(api.graphqlUrl, SupportCategoriesDocument, {})).data!.supportCategories;

  // Delivery (standard: an answer within 24 hours).
  // A: answered after 2 hours and resolved on the day it was filed.
  ids['A'] = await file('A problem at the pick-up point');
  await slide(ids['A'], new Date(Date.now() - 2 * HOUR));
  await reply(ids['A']);
  await move(ids['A'], 'RESOLVED');
  await slide(ids['A'], moscow(X, 10));
  // B: answered after 30 hours (late), resolved then, the next day.
  ids['B'] = await file('A problem at the pick-up point');
  await slide(ids['B'], new Date(Date.now() - 30 * HOUR));
  await reply(ids['B']);
  await move(ids['B'], 'RESOLVED');
  await slide(ids['B'], moscow(X, 11));
  // C: never answered, still new.
  ids['C'] = await file('A problem at the pick-up point');
  await slide(ids['C'], moscow(day(X, 1), 9));

  // Payment.
  // D: answered after an hour, then waiting for the customer (its clock paused).
  ids['D'] = await file('My card payment does not go through');
  await slide(ids['D'], new Date(Date.now() - HOUR));
  await reply(ids['D']);
  await move(ids['D'], 'WAITING_FOR_CUSTOMER');
  await slide(ids['D'], moscow(day(X, 2), 12));
  // E: answered after 5 hours, resolved and closed.
  ids['E'] = await file('My card payment does not go through');
  await slide(ids['E'], new Date(Date.now() - 5 * HOUR));
  await reply(ids['E']);
  await move(ids['E'], 'RESOLVED');
  await move(ids['E'], 'CLOSED');
  await slide(ids['E'], moscow(day(X, 2), 13));

  // Outside the period: two days before it starts, and today.
  ids['F'] = await file('A problem at the pick-up point');
  await slide(ids['F'], moscow(day(X, -2), 0, 30));
  ids['G'] = await file('A problem at the pick-up point');
});
afterAll(async () => {
  await api?.close();
});

describe('support statistics for a period', () => {
  let result: Stats;
  beforeAll(async () => {
    const response = await stats(range);
    expect(response.errors).toBeUndefined();
    result = response.data!.supportStats;
  });

  it('counts tickets filed and resolved per Moscow day, every day of the period included', () => {
    expect(result).toMatchObject({ ...range, timeZone: 'Europe/Moscow' });
    expect(result.days).toEqual([
      { date: day(X, -1), created: 0, resolved: 0 },
      { date: X, created: 2, resolved: 1 },
      { date: day(X, 1), created: 1, resolved: 1 },
      { date: day(X, 2), created: 2, resolved: 1 },
    ]);
  });

  it('shows which of the period’s tickets are still open, per status', () => {
    expect(result.openByStatus).toEqual([
      { status: 'NEW', count: 1 },
      { status: 'IN_PROGRESS', count: 0 },
      { status: 'WAITING_FOR_CUSTOMER', count: 1 },
      { status: 'REOPENED', count: 0 },
    ]);
  });

  it('gives SLA compliance and the median first response per category and overall', async () => {
    const [a, b, d, e] = await Promise.all(['A', 'B', 'D', 'E'].map((key) => firstResponseSeconds(ids[key]!)));
    expect(result.overall).toEqual({
      created: 5,
      // A, D and E answered in time; B answered late; C never answered and past due.
      firstResponse: { met: 3, missed: 2, pending: 0, rate: 0.6 },
      // A, B and E resolved in time; C open past due; D paused (its due time moves on while it waits).
      resolution: { met: 3, missed: 1, pending: 1, rate: 0.75 },
      medianFirstResponseSeconds: median([a!, b!, d!, e!]),
    });
    expect(result.categories).toEqual([
      {
        category: { id: expect.any(String), title: 'Доставка' },
        created: 3,
        firstResponse: { met: 1, missed: 2, pending: 0, rate: 1 / 3 },
        resolution: { met: 2, missed: 1, pending: 0, rate: 2 / 3 },
        medianFirstResponseSeconds: median([a!, b!]),
      },
      {
        category: { id: expect.any(String), title: 'Оплата' },
        created: 2,
        firstResponse: { met: 2, missed: 0, pending: 0, rate: 1 },
        resolution: { met: 1, missed: 0, pending: 1, rate: 1 },
        medianFirstResponseSeconds: median([d!, e!]),
      },
    ]);
    expect(median([a!, b!])).toBeGreaterThan(15 * 3600);
  });

  it('names categories in the caller’s language', async () => {
    const response = await stats(range, agent, 'en');
    expect(response.data!.supportStats.categories.map((c) => c.category.title)).toEqual(['Delivery', 'Payment']);
  });

  it('counts a ticket filed just after midnight Moscow time (the evening before in UTC) on its Moscow day', async () => {
    const response = await stats({ from: day(X, -2), to: day(X, -2) });
    expect(response.data!.supportStats.days).toEqual([{ date: day(X, -2), created: 1, resolved: 0 }]);
    expect(response.data!.supportStats.categories.map((c) => c.created)).toEqual([1]);
  });

  it('gives zeros, not gaps, for a period without tickets', async () => {
    const response = await stats({ from: day(X, -30), to: day(X, -28) });
    expect(response.data!.supportStats).toMatchObject({
      days: [0, 1, 2].map((offset) => ({ date: day(X, -30 + offset), created: 0, resolved: 0 })),
      overall: {
        created: 0,
        firstResponse: { met: 0, missed: 0, pending: 0, rate: null },
        medianFirstResponseSeconds: null,
      },
      categories: [],
    });
  });
});

describe('the default period and its limits', () => {
  it('covers the last 30 days, today included', async () => {
    const response = await stats({});
    const result = response.data!.supportStats;
    expect(result.to).toBe(today);
    expect(result.from).toBe(day(today, -29));
    expect(result.days).toHaveLength(30);
    expect(result.days.at(-1)).toEqual({ date: today, created: 1, resolved: 0 });
    expect(result.overall.created).toBe(1);
    expect(result.openByStatus.find((s) => s.status === 'NEW')?.count).toBe(1);
  });

  it('takes up to 366 days and refuses a longer or reversed period with BAD_USER_INPUT', async () => {
    const year = await stats({ from: day(today, -365), to: today });
    expect(year.errors).toBeUndefined();
    expect(year.data!.supportStats.days).toHaveLength(366);
    expect(year.data!.supportStats.overall.created).toBe(7);

    const longer = await stats({ from: day(today, -366), to: today });
    expect(errorCodes(longer)).toEqual(['BAD_USER_INPUT']);
    expect(longer.errors![0]!.extensions!['fields']).toHaveProperty('to');

    const reversed = await stats({ from: today, to: day(today, -1) });
    expect(errorCodes(reversed)).toEqual(['BAD_USER_INPUT']);
    expect(reversed.errors![0]!.extensions!['fields']).toHaveProperty('from');

    expect(errorCodes(await stats({ from: '2026-02-30', to: '2026-03-01' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('costs the same few SQL statements for a week as for a year', async () => {
    const cost = async (variables: { from: string; to: string }) => {
      const response = await fetch(api.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${agent.accessToken}` },
        body: JSON.stringify({ query: print(SupportStatsDocument), variables }),
      });
      const body = (await response.json()) as { errors?: unknown };
      expect(body.errors).toBeUndefined();
      return Number(response.headers.get('x-sql-statements'));
    };
    const week = await cost({ from: day(today, -6), to: today });
    const year = await cost({ from: day(today, -365), to: today });
    expect(week).toBeGreaterThan(0);
    expect(week).toBeLessThanOrEqual(5);
    expect(year).toBe(week);
  });
});

describe('who may see the statistics', () => {
  it('refuses customers (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
    const refused = await stats(range, customer);
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.data).toBeNull();
    const anonymous = await execute(api.graphqlUrl, SupportStatsDocument, range);
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('serves every staff role', async () => {
    const [senior, admin] = await Promise.all([loginAs(api, ['SENIOR_AGENT']), loginAs(api, ['ADMIN'])]);
    for (const session of [senior, admin]) {
      expect((await stats(range, session)).data!.supportStats.overall.created).toBe(5);
    }
  });
});
