import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTicketMessageDocument,
  ChangeTicketStatusDocument,
  CreateTicketDocument,
  ReopenTicketDocument,
  ReplyToTicketDocument,
  SetCalendarDayDocument,
  SupportCategoriesDocument,
  TicketDocument,
} from '@support/schema';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { execute, startTestServer, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

/** Moscow time: 12:00 MSK = 09:00Z. */
const msk = (local: string) => new Date(`${local}+03:00`);
const HOUR = 3_600_000;

/** The platform's clock for tickets, moved by the test. */
let clock = msk('2026-12-01T12:00:00');
let api: TestServer;
let admin: Session;
let agent: Session;
let customer: Session;
let problemId: string;

beforeAll(async () => {
  api = await startTestServer({ clock: () => clock });
  await seedCatalog(api.db.orm, api.config);
  [admin, agent, customer] = await Promise.all([
    loginAs(api, ['ADMIN']),
    loginAs(api, ['AGENT']),
    loginAs(api, ['CUSTOMER']),
  ]);
  const categories = (await execute(api.graphqlUrl, SupportCategoriesDocument, {})).data!.supportCategories;
  problemId = categories.flatMap((c) => c.problems).find((p) => p.titleEn === 'My order is late')!.id;
});
afterAll(async () => {
  await api?.close();
});

const as = (session: Session) => ({ token: session.accessToken });
async function file(urgent: boolean) {
  const result = await execute(
    api.graphqlUrl,
    CreateTicketDocument,
    {
      input: {
        problemId,
        orderNumber: `${Math.floor(10_000_000 + Math.random() * 89_999_999)}-0001`,
        description: 'Заказ должен был приехать вчера, но курьер так и не появился.',
        replyChannel: 'SMS',
        urgent,
        idempotencyKey: randomUUID(),
      },
    },
    as(customer),
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.createTicket;
}
async function read(id: string) {
  const result = await execute(api.graphqlUrl, TicketDocument, { id }, as(agent));
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.ticket;
}
const status = (ticketId: string, to: 'RESOLVED' | 'WAITING_FOR_CUSTOMER') =>
  execute(api.graphqlUrl, ChangeTicketStatusDocument, { ticketId, status: to }, as(agent));

describe('SLA cycles', () => {
  it('breaches, resolves, reopens and breaches again: two SLA_BREACHED entries and two escalations', async () => {
    clock = msk('2026-12-01T12:00:00');
    const ticket = await file(true); // urgent: answer in 2 hours, resolution in 24 hours
    clock = new Date(clock.getTime() + 3 * HOUR);
    expect(await api.services.ticketJobs.runOnce()).toMatchObject({ breached: 1 });
    expect(await read(ticket.id)).toMatchObject({ slaBreached: true, escalated: true });

    await execute(
      api.graphqlUrl,
      ReplyToTicketDocument,
      { input: { ticketId: ticket.id, body: 'Проверяем' } },
      as(agent),
    );
    await status(ticket.id, 'RESOLVED');
    clock = new Date(clock.getTime() + HOUR); // 16:00
    const reopened = (
      await execute(
        api.graphqlUrl,
        ReopenTicketDocument,
        { ticketId: ticket.id, reason: 'Так и не приехал' },
        as(customer),
      )
    ).data!.reopenTicket;
    // A new cycle: a new resolution due time 24 hours from the reopening, breach and escalation cleared.
    expect(reopened).toMatchObject({ status: 'REOPENED', slaBreached: false, escalated: false });
    expect(new Date(reopened.resolutionDueAt)).toEqual(msk('2026-12-02T16:00:00'));

    clock = msk('2026-12-02T15:59:00');
    expect(await api.services.ticketJobs.runOnce()).toMatchObject({ breached: 0 });
    clock = msk('2026-12-02T16:00:00');
    expect(await api.services.ticketJobs.runOnce()).toMatchObject({ breached: 1 });
    await api.services.ticketJobs.runOnce(); // a later pass changes nothing
    clock = msk('2026-12-03T16:00:00');
    await api.services.ticketJobs.runOnce();

    const after = await read(ticket.id);
    expect(after).toMatchObject({ slaBreached: true, escalated: true });
    const entries = (type: string) => after.history.filter((e) => e.type === type).map((e) => e.data);
    expect(entries('SLA_BREACHED')).toEqual([
      expect.objectContaining({ cycle: 1, missed: 'FIRST_RESPONSE' }),
      expect.objectContaining({ cycle: 2, missed: 'RESOLUTION', dueAt: msk('2026-12-02T16:00:00').toISOString() }),
    ]);
    expect(entries('ESCALATED')).toEqual([
      expect.objectContaining({ cycle: 1, requestedBy: 'SYSTEM' }),
      expect.objectContaining({ cycle: 2, requestedBy: 'SYSTEM' }),
    ]);
    expect(entries('REOPENED')).toEqual([expect.objectContaining({ cycle: 2, reason: 'Так и не приехал' })]);
  });

  it('keeps the remaining business days across a pause, on the calendar as staff edit it', async () => {
    // STANDARD filed Tue 01.12 12:00: resolution in 3 business days (Fri 04.12 12:00).
    clock = msk('2026-12-01T12:00:00');
    const ticket = await file(false);
    expect(new Date(ticket.resolutionDueAt)).toEqual(msk('2026-12-04T12:00:00'));
    clock = msk('2026-12-02T12:00:00');
    await status(ticket.id, 'WAITING_FOR_CUSTOMER');
    clock = msk('2026-12-03T12:00:00');
    await execute(
      api.graphqlUrl,
      AddTicketMessageDocument,
      { input: { ticketId: ticket.id, body: 'Вот номер трека' } },
      as(customer),
    );
    // Two business days were left: Thu 12:00 → Mon 07.12 12:00 (not Sat 05.12 by the clock).
    expect(new Date((await read(ticket.id)).resolutionDueAt)).toEqual(msk('2026-12-07T12:00:00'));

    // Staff make Monday 07.12 a holiday; the next pause resumes on the edited calendar.
    const holiday = await execute(
      api.graphqlUrl,
      SetCalendarDayDocument,
      { input: { date: '2026-12-07', kind: 'HOLIDAY' } },
      as(admin),
    );
    expect(holiday.errors).toBeUndefined();
    // At once: the running ticket keeps its two business days, now ending on Tue 08.12 12:00.
    expect(new Date((await read(ticket.id)).resolutionDueAt)).toEqual(msk('2026-12-08T12:00:00'));
    await status(ticket.id, 'WAITING_FOR_CUSTOMER');
    await execute(
      api.graphqlUrl,
      AddTicketMessageDocument,
      { input: { ticketId: ticket.id, body: 'И ещё фото' } },
      as(customer),
    );
    expect(new Date((await read(ticket.id)).resolutionDueAt)).toEqual(msk('2026-12-08T12:00:00'));
  });
});
