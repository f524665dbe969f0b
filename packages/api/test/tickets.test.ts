import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTicketMessageDocument,
  AssignTicketDocument,
  ChangeTicketStatusDocument,
  CreateTicketDocument,
  DeleteSupportCategoryDocument,
  DeleteSupportProblemDocument,
  EscalateTicketDocument,
  MyTicketsDocument,
  RateTicketDocument,
  ReopenTicketDocument,
  ReplyToTicketDocument,
  RequestEscalationDocument,
  SetCalendarDayDocument,
  StaffTicketsDocument,
  SupportCategoriesDocument,
  TicketByNumberDocument,
  TicketDocument,
  type CreateTicketInput,
  type MyTicketsQuery,
  type StaffTicketsQuery,
  type SupportCategoriesQuery,
} from '@support/schema';
import { print } from 'graphql';
import { BusinessCalendar } from '../src/modules/calendar/business-time.js';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { errorCodes, execute, startTestServer, type TestServer } from './harness.js';
import { loginAs, outbox } from './identity-helpers.js';
import { smsSegments } from '../src/modules/notify/messages.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
type Problem = SupportCategoriesQuery['supportCategories'][number]['problems'][number];

let api: TestServer;
let admin: Session;
let agent: Session;
let senior: Session;
let customer: Session;
let stranger: Session;
let seller: Session;
let categories: SupportCategoriesQuery['supportCategories'];

beforeAll(async () => {
  api = await startTestServer();
  await seedCatalog(api.db.orm, api.config);
  [admin, agent, senior, customer, stranger, seller] = await Promise.all([
    loginAs(api, ['ADMIN']),
    loginAs(api, ['AGENT']),
    loginAs(api, ['SENIOR_AGENT']),
    loginAs(api, ['CUSTOMER']),
    loginAs(api, ['CUSTOMER']),
    loginAs(api, ['CUSTOMER', 'SELLER']),
  ]);
  categories = (await execute(api.graphqlUrl, SupportCategoriesDocument, { audience: 'ALL' })).data!.supportCategories;
});
afterAll(async () => {
  await api?.close();
});

const problem = (titleEn: string): Problem => {
  const found = categories.flatMap((c) => c.problems).find((p) => p.titleEn === titleEn);
  if (!found) throw new Error(`no problem ${titleEn}`);
  return found;
};
const orderNumber = () => `${Math.floor(10_000_000 + Math.random() * 89_999_999)}-0001`;
const file = (
  session: Session,
  input: Partial<CreateTicketInput> & { problemId?: string | null },
  idempotencyKey = randomUUID(),
) =>
  execute(
    api.graphqlUrl,
    CreateTicketDocument,
    {
      input: {
        description: 'Заказ должен был приехать вчера, но курьер так и не появился.',
        replyChannel: 'SMS',
        idempotencyKey,
        ...input,
      } as CreateTicketInput,
    },
    { token: session.accessToken },
  );
const fileLate = async (session = customer, extra: Partial<CreateTicketInput> = {}) => {
  const result = await file(session, {
    problemId: problem('My order is late').id,
    orderNumber: orderNumber(),
    ...extra,
  });
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.createTicket;
};
const as = (session: Session) => ({ token: session.accessToken });
const readTicket = async (session: Session, id: string) => {
  const result = await execute(api.graphqlUrl, TicketDocument, { id }, as(session));
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.ticket;
};
const hours = (h: number) => h * 3_600_000;

describe('filing an appeal', () => {
  it('gives a numbered ticket with its SLA due times, and confirms it on the chosen channel', async () => {
    const ticket = await fileLate();
    expect(ticket.number).toMatch(/^T-20\d\d-\d{7}$/);
    expect(ticket).toMatchObject({ status: 'NEW', slaClass: 'STANDARD', urgent: false, slaBreached: false });
    expect(Date.parse(ticket.firstResponseDueAt) - Date.parse(ticket.createdAt)).toBe(hours(24));
    const sms = (await outbox(api, customer.phone)).find((m) => m.purpose === 'ticket_created');
    // One or two SMS segments: the number, when the answer comes and where; nothing twice, nothing about email.
    expect(sms?.text).toMatch(
      new RegExp(
        `^Обращение ${ticket.number} принято\\. Ответим до \\d\\d\\.\\d\\d\\.\\d{4}, \\d\\d:\\d\\d мск в SMS и в приложении\\.$`,
      ),
    );
    expect(smsSegments(sms!.text)).toBeLessThanOrEqual(2);
    const byNumber = await execute(
      api.graphqlUrl,
      TicketByNumberDocument,
      { number: ticket.number.toLowerCase() },
      as(customer),
    );
    expect(byNumber.data?.ticketByNumber.id).toBe(ticket.id);
  });

  it('answers by email with the number in the subject, remembering the address', async () => {
    const ticket = await fileLate(customer, { replyChannel: 'EMAIL', email: 'Buyer@Example.test' });
    const mail = (await outbox(api, 'buyer@example.test')).find((m) => m.purpose === 'ticket_created');
    expect(mail).toMatchObject({ channel: 'EMAIL' });
    expect((mail as { subject?: string } | undefined)?.subject).toBe(`Обращение ${ticket.number} принято`);
    const again = await fileLate(customer, { replyChannel: 'EMAIL' });
    expect(again.replyChannel).toBe('EMAIL');
  });

  it('refuses email answers without an address', async () => {
    const result = await file(stranger, {
      problemId: problem('My order is late').id,
      orderNumber: orderNumber(),
      replyChannel: 'EMAIL',
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions?.['fields']).toHaveProperty(['input.email']);
  });

  it('needs the order number when the problem says so', async () => {
    const result = await file(customer, { problemId: problem('My order is late').id });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions?.['fields']).toHaveProperty(['input.orderNumber']);
    const malformed = await file(customer, { problemId: problem('My order is late').id, orderNumber: 'abc' });
    expect(errorCodes(malformed)).toEqual(['BAD_USER_INPUT']);
  });

  it('files «Другое» with a subject, by category', async () => {
    const category = categories.find((c) => c.titleEn === 'Payment')!;
    const result = await file(customer, { categoryId: category.id, otherSubject: 'Вопрос о чеке' });
    expect(result.data?.createTicket).toMatchObject({
      otherSubject: 'Вопрос о чеке',
      problem: { isOther: true },
      category: { id: category.id },
    });
    const withoutSubject = await file(customer, { categoryId: category.id });
    expect(errorCodes(withoutSubject)).toEqual(['BAD_USER_INPUT']);
  });

  it('allows urgent handling only where the problem offers it, answering within 2 hours', async () => {
    const urgent = await fileLate(customer, { urgent: true });
    expect(urgent.slaClass).toBe('URGENT');
    expect(Date.parse(urgent.firstResponseDueAt) - Date.parse(urgent.createdAt)).toBe(hours(2));
    const refused = await file(customer, {
      problemId: problem('Part of my order is missing').id,
      orderNumber: orderNumber(),
      urgent: true,
    });
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
  });

  it('times complex cases in business days, skipping holidays in the calendar', async () => {
    const tomorrow = new Date(Date.now() + 3 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    await execute(
      api.graphqlUrl,
      SetCalendarDayDocument,
      { input: { date: tomorrow, kind: 'HOLIDAY', name: 'Тест' } },
      as(admin),
    );
    const result = await file(customer, {
      problemId: problem('I suspect a counterfeit').id,
      orderNumber: orderNumber(),
    });
    const ticket = result.data!.createTicket;
    expect(ticket.slaClass).toBe('COMPLEX');
    const expected = new BusinessCalendar(new Map([[tomorrow, 'HOLIDAY']])).addBusinessDays(
      new Date(ticket.createdAt),
      3,
    );
    expect(ticket.firstResponseDueAt).toBe(expected.toISOString());
    expect(new BusinessCalendar().addBusinessDays(new Date(ticket.createdAt), 3).getTime()).toBeLessThan(
      expected.getTime(),
    );
  });

  it('refuses a short description and seller-only problems for buyers', async () => {
    expect(
      errorCodes(
        await file(customer, {
          problemId: problem('My order is late').id,
          orderNumber: orderNumber(),
          description: 'Help',
        }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await file(customer, { problemId: problem('A payout is late').id }))).toEqual(['FORBIDDEN']);
    expect((await file(seller, { problemId: problem('A payout is late').id })).data?.createTicket.status).toBe('NEW');
    expect(errorCodes(await file(customer, { problemId: randomUUID() }))).toEqual(['NOT_FOUND']);
  });
});

describe('duplicates and retries', () => {
  it('refuses a second open appeal about the same problem and order, naming the first', async () => {
    const first = await fileLate();
    const order = first.orderNumber!;
    const second = await file(customer, { problemId: problem('My order is late').id, orderNumber: order });
    expect(errorCodes(second)).toEqual(['TICKET_DUPLICATE']);
    expect(second.errors?.[0]?.extensions?.['ticketNumber']).toBe(first.number);
    expect(second.errors?.[0]?.message).toContain(first.number);
    // Another order, or another user, is not a duplicate.
    expect(
      (await file(customer, { problemId: problem('My order is late').id, orderNumber: orderNumber() })).errors,
    ).toBeUndefined();
    expect(
      (await file(stranger, { problemId: problem('My order is late').id, orderNumber: order })).errors,
    ).toBeUndefined();
    // Once resolved, the same problem can be raised again.
    await execute(api.graphqlUrl, ChangeTicketStatusDocument, { ticketId: first.id, status: 'RESOLVED' }, as(agent));
    expect(
      (await file(customer, { problemId: problem('My order is late').id, orderNumber: order })).errors,
    ).toBeUndefined();
  });

  it('lets only one of several concurrent duplicates through', async () => {
    const order = orderNumber();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        file(customer, { problemId: problem('My order is late').id, orderNumber: order }),
      ),
    );
    expect(results.filter((r) => r.data?.createTicket)).toHaveLength(1);
    expect(results.flatMap(errorCodes).filter((c) => c === 'TICKET_DUPLICATE')).toHaveLength(7);
  });

  it('returns the first ticket to concurrent retries with one idempotency key', async () => {
    const key = randomUUID();
    const input = { problemId: problem('My order is late').id, orderNumber: orderNumber() };
    const results = await Promise.all(Array.from({ length: 10 }, () => file(customer, input, key)));
    const ids = new Set(results.map((r) => r.data?.createTicket.id));
    expect(results.every((r) => !r.errors)).toBe(true);
    expect(ids.size).toBe(1);
    const [row] = await api.db.orm.em
      .fork()
      .execute<Array<{ count: string }>>('select count(*) as count from ticket where idempotency_key = ?', [key]);
    expect(Number(row?.count)).toBe(1);
    const confirmations = (await outbox(api, customer.phone)).filter(
      (m) => m.purpose === 'ticket_created' && m.text.includes(results[0]!.data!.createTicket.number),
    );
    expect(confirmations).toHaveLength(1);
  });

  it('refuses the same key with a different appeal', async () => {
    const key = randomUUID();
    await file(customer, { problemId: problem('My order is late').id, orderNumber: orderNumber() }, key);
    const other = await file(customer, { problemId: problem('My order is late').id, orderNumber: orderNumber() }, key);
    expect(errorCodes(other)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });
});

describe('attachments', () => {
  const PNG = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b1c8c20000000049454e44ae426082',
    'hex',
  );
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const upload = async (session: Session | null, bytes: Buffer, name: string) => {
    const response = await fetch(`${api.httpUrl}/uploads`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'x-file-name': encodeURIComponent(name),
        ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}),
      },
      body: new Uint8Array(bytes),
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        id?: string;
        contentType?: string;
        errors?: Array<{ extensions: { code: string } }>;
      },
    };
  };

  it('stores images and PDFs by their content and attaches them to the appeal', async () => {
    const png = await upload(customer, PNG, 'скриншот заказа.png');
    const pdf = await upload(customer, PDF, 'чек.pdf');
    expect([png.status, pdf.status]).toEqual([201, 201]);
    expect(png.body.contentType).toBe('image/png');
    const ticket = await fileLate(customer, { attachmentIds: [png.body.id!, pdf.body.id!] });
    const seen = await readTicket(customer, ticket.id);
    expect(seen.attachments.map((a) => [a.fileName, a.contentType])).toEqual([
      ['скриншот заказа.png', 'image/png'],
      ['чек.pdf', 'application/pdf'],
    ]);
    // A file is attached once only.
    expect(
      errorCodes(
        await file(customer, {
          problemId: problem('My order is late').id,
          orderNumber: orderNumber(),
          attachmentIds: [png.body.id!],
        }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a file whose content is not what its name claims', async () => {
    const forged = await upload(customer, Buffer.from('MZ\x90\x00 this is really an executable'), 'photo.jpg');
    expect(forged.status).toBe(400);
    expect(forged.body.errors?.[0]?.extensions.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    const text = await upload(customer, Buffer.from('just text'), 'scan.pdf');
    expect(text.body.errors?.[0]?.extensions.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
  });

  it('refuses a sixth file, files over 10 MB, foreign files and anonymous uploads', async () => {
    const ids = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => (await upload(customer, PNG, `${i}.png`)).body.id!),
    );
    const sixth = await file(customer, {
      problemId: problem('My order is late').id,
      orderNumber: orderNumber(),
      attachmentIds: ids,
    });
    expect(errorCodes(sixth)).toEqual(['BAD_USER_INPUT']);
    const big = await upload(customer, Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]), 'big.png');
    expect(big.status).toBe(413);
    expect(big.body.errors?.[0]?.extensions.code).toBe('ATTACHMENT_TOO_LARGE');
    const foreign = await upload(stranger, PNG, 'theirs.png');
    const stolen = await file(customer, {
      problemId: problem('My order is late').id,
      orderNumber: orderNumber(),
      attachmentIds: [foreign.body.id!],
    });
    expect(errorCodes(stolen)).toEqual(['BAD_USER_INPUT']);
    expect((await upload(null, PNG, 'anon.png')).status).toBe(401);
  });
});

describe('who sees what', () => {
  it('hides a customer’s ticket from every other customer, in every query and mutation', async () => {
    const ticket = await fileLate();
    const denied = [
      await execute(api.graphqlUrl, TicketDocument, { id: ticket.id }, as(stranger)),
      await execute(api.graphqlUrl, TicketByNumberDocument, { number: ticket.number }, as(stranger)),
      await execute(
        api.graphqlUrl,
        AddTicketMessageDocument,
        { input: { ticketId: ticket.id, body: 'Чужое' } },
        as(stranger),
      ),
      await execute(api.graphqlUrl, RequestEscalationDocument, { ticketId: ticket.id }, as(stranger)),
      await execute(api.graphqlUrl, ReopenTicketDocument, { ticketId: ticket.id }, as(stranger)),
      await execute(api.graphqlUrl, RateTicketDocument, { input: { ticketId: ticket.id, score: 1 } }, as(stranger)),
    ];
    for (const result of denied) expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    const list = await execute(api.graphqlUrl, MyTicketsDocument, { first: 100 }, as(stranger));
    expect(list.data!.myTickets.nodes.map((t) => t.id)).not.toContain(ticket.id);
    expect(errorCodes(await execute(api.graphqlUrl, TicketDocument, { id: ticket.id }))).toEqual(['UNAUTHENTICATED']);
  });

  it('keeps staff-only mutations and lists from customers', async () => {
    const ticket = await fileLate();
    const attempts = [
      await execute(
        api.graphqlUrl,
        AssignTicketDocument,
        { ticketId: ticket.id, assigneeId: customer.user.id },
        as(customer),
      ),
      await execute(
        api.graphqlUrl,
        ReplyToTicketDocument,
        { input: { ticketId: ticket.id, body: 'Сам себе', internal: false } },
        as(customer),
      ),
      await execute(
        api.graphqlUrl,
        ChangeTicketStatusDocument,
        { ticketId: ticket.id, status: 'RESOLVED' },
        as(customer),
      ),
      await execute(api.graphqlUrl, EscalateTicketDocument, { ticketId: ticket.id }, as(customer)),
      await execute(api.graphqlUrl, StaffTicketsDocument, {}, as(customer)),
    ];
    for (const result of attempts) expect(errorCodes(result)).toEqual(['FORBIDDEN']);
  });

  it('shows the owner public messages and public history only; staff see notes, assignee and everything', async () => {
    const ticket = await fileLate();
    await execute(api.graphqlUrl, AssignTicketDocument, { ticketId: ticket.id, assigneeId: agent.user.id }, as(agent));
    await execute(
      api.graphqlUrl,
      ReplyToTicketDocument,
      { input: { ticketId: ticket.id, body: 'Проверим склад', internal: true } },
      as(agent),
    );
    await execute(
      api.graphqlUrl,
      ReplyToTicketDocument,
      { input: { ticketId: ticket.id, body: 'Уже разбираемся', internal: false } },
      as(agent),
    );
    const owner = await readTicket(customer, ticket.id);
    expect(owner.messages.map((m) => m.body)).toEqual(['Уже разбираемся']);
    expect(owner.history.every((e) => e.public)).toBe(true);
    expect(owner.history.map((e) => e.type)).not.toContain('ASSIGNED');
    expect(owner.history.map((e) => e.type)).not.toContain('INTERNAL_NOTE');
    expect(owner.assignee).toBeNull();
    expect(owner.customer).toBeNull();
    const staff = await readTicket(agent, ticket.id);
    expect(staff.messages.map((m) => [m.body, m.internal])).toEqual([
      ['Проверим склад', true],
      ['Уже разбираемся', false],
    ]);
    expect(staff.history.map((e) => e.type)).toEqual(
      expect.arrayContaining(['CREATED', 'ASSIGNED', 'STATUS_CHANGED', 'INTERNAL_NOTE', 'MESSAGE']),
    );
    expect(staff.assignee?.id).toBe(agent.user.id);
    expect(staff.customer?.phone).toBe(customer.phone);
  });
});

describe('the lifecycle', () => {
  it('goes from new to in progress on assignment, records the actor and the change', async () => {
    const ticket = await fileLate();
    const assigned = (
      await execute(api.graphqlUrl, AssignTicketDocument, { ticketId: ticket.id, assigneeId: agent.user.id }, as(admin))
    ).data!.assignTicket;
    expect(assigned.status).toBe('IN_PROGRESS');
    const history = (await readTicket(admin, ticket.id)).history;
    expect(history.find((e) => e.type === 'ASSIGNED')).toMatchObject({
      actor: { id: admin.user.id },
      data: { from: null, to: agent.user.id, toName: agent.user.displayName },
      public: false,
    });
    expect(history.find((e) => e.type === 'STATUS_CHANGED')).toMatchObject({
      data: { from: 'NEW', to: 'IN_PROGRESS' },
    });
    const toCustomer = await execute(
      api.graphqlUrl,
      AssignTicketDocument,
      { ticketId: ticket.id, assigneeId: customer.user.id },
      as(admin),
    );
    expect(errorCodes(toCustomer)).toEqual(['BAD_USER_INPUT']);
  });

  it('counts the first public reply as the first response and tells the customer', async () => {
    const ticket = await fileLate();
    const replied = (
      await execute(
        api.graphqlUrl,
        ReplyToTicketDocument,
        { input: { ticketId: ticket.id, body: 'Курьер приедет завтра', internal: false } },
        as(agent),
      )
    ).data!.replyToTicket;
    expect(replied.firstRespondedAt).toBeTruthy();
    expect(replied.status).toBe('IN_PROGRESS');
    const sms = (await outbox(api, customer.phone)).find(
      (m) => m.purpose === 'ticket_reply' && m.text.includes(ticket.number),
    );
    expect(sms?.text).toContain('Курьер приедет завтра');
  });

  it('pauses the SLA clock while waiting for the customer and resumes it on their answer', async () => {
    const ticket = await fileLate();
    await execute(api.graphqlUrl, AssignTicketDocument, { ticketId: ticket.id, assigneeId: agent.user.id }, as(agent));
    const waiting = (
      await execute(
        api.graphqlUrl,
        ChangeTicketStatusDocument,
        { ticketId: ticket.id, status: 'WAITING_FOR_CUSTOMER' },
        as(agent),
      )
    ).data!.changeTicketStatus;
    expect(waiting.slaPaused).toBe(true);
    // Two hours pass while support waits.
    await api.db.orm.em
      .fork()
      .execute(`update ticket set sla_paused_at = sla_paused_at - interval '2 hours' where id = ?`, [ticket.id]);
    const answered = (
      await execute(
        api.graphqlUrl,
        AddTicketMessageDocument,
        { input: { ticketId: ticket.id, body: 'Вот номер трека' } },
        as(customer),
      )
    ).data!.addTicketMessage;
    expect(answered.status).toBe('IN_PROGRESS');
    expect(answered.slaPaused).toBe(false);
    const shift = Date.parse(answered.firstResponseDueAt) - Date.parse(waiting.firstResponseDueAt);
    expect(shift).toBeGreaterThanOrEqual(hours(2));
    expect(shift).toBeLessThan(hours(2) + 60_000);
  });

  it('refuses moves the lifecycle does not allow with TICKET_TRANSITION_INVALID', async () => {
    const ticket = await fileLate();
    const closeNew = await execute(
      api.graphqlUrl,
      ChangeTicketStatusDocument,
      { ticketId: ticket.id, status: 'CLOSED' },
      as(agent),
    );
    expect(errorCodes(closeNew)).toEqual(['TICKET_TRANSITION_INVALID']);
    await execute(api.graphqlUrl, ChangeTicketStatusDocument, { ticketId: ticket.id, status: 'RESOLVED' }, as(agent));
    const backToWork = await execute(
      api.graphqlUrl,
      ChangeTicketStatusDocument,
      { ticketId: ticket.id, status: 'IN_PROGRESS' },
      as(agent),
    );
    expect(errorCodes(backToWork)).toEqual(['TICKET_TRANSITION_INVALID']);
    const message = await execute(
      api.graphqlUrl,
      AddTicketMessageDocument,
      { input: { ticketId: ticket.id, body: 'Ещё вопрос' } },
      as(customer),
    );
    expect(errorCodes(message)).toEqual(['TICKET_RESOLVED']);
    expect((await readTicket(customer, ticket.id)).allowedStatuses).toEqual(['REOPENED']);
  });

  it('is rated once, after resolution, from 1 to 5', async () => {
    const ticket = await fileLate();
    const early = await execute(
      api.graphqlUrl,
      RateTicketDocument,
      { input: { ticketId: ticket.id, score: 5 } },
      as(customer),
    );
    expect(errorCodes(early)).toEqual(['TICKET_NOT_RATEABLE']);
    await execute(api.graphqlUrl, ChangeTicketStatusDocument, { ticketId: ticket.id, status: 'RESOLVED' }, as(agent));
    expect(
      errorCodes(
        await execute(api.graphqlUrl, RateTicketDocument, { input: { ticketId: ticket.id, score: 6 } }, as(customer)),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const rated = await execute(
      api.graphqlUrl,
      RateTicketDocument,
      { input: { ticketId: ticket.id, score: 4, comment: 'Спасибо' } },
      as(customer),
    );
    expect(rated.data?.rateTicket).toMatchObject({ rating: 4, ratingComment: 'Спасибо' });
    expect(
      errorCodes(
        await execute(api.graphqlUrl, RateTicketDocument, { input: { ticketId: ticket.id, score: 1 } }, as(customer)),
      ),
    ).toEqual(['TICKET_ALREADY_RATED']);
  });

  it('is reopened by its customer within 14 days of resolution, not after', async () => {
    const ticket = await fileLate();
    await execute(api.graphqlUrl, ChangeTicketStatusDocument, { ticketId: ticket.id, status: 'RESOLVED' }, as(agent));
    const reopened = await execute(
      api.graphqlUrl,
      ReopenTicketDocument,
      { ticketId: ticket.id, reason: 'Не помогло' },
      as(customer),
    );
    expect(reopened.data?.reopenTicket.status).toBe('REOPENED');
    const late = await fileLate();
    await execute(api.graphqlUrl, ChangeTicketStatusDocument, { ticketId: late.id, status: 'RESOLVED' }, as(agent));
    await api.db.orm.em
      .fork()
      .execute(`update ticket set resolved_at = now() - interval '15 days' where id = ?`, [late.id]);
    expect(
      errorCodes(await execute(api.graphqlUrl, ReopenTicketDocument, { ticketId: late.id }, as(customer))),
    ).toEqual(['TICKET_NOT_REOPENABLE']);
  });

  it('escalates on request, once, visibly to the customer', async () => {
    const ticket = await fileLate();
    const requested = await execute(
      api.graphqlUrl,
      RequestEscalationDocument,
      { ticketId: ticket.id, reason: 'Нужен старший специалист' },
      as(customer),
    );
    expect(requested.data?.requestEscalation.escalated).toBe(true);
    await execute(api.graphqlUrl, EscalateTicketDocument, { ticketId: ticket.id }, as(senior));
    const history = (await readTicket(customer, ticket.id)).history.filter((e) => e.type === 'ESCALATED');
    expect(history).toHaveLength(1);
    expect(history[0]?.data).toMatchObject({ requestedBy: 'CUSTOMER', reason: 'Нужен старший специалист' });
  });

  it.each([
    { status: 'RESOLVED', quiet: 'a quiet week', stillOpenDay: 6, closedDay: 8 },
    { status: 'WAITING_FOR_CUSTOMER', quiet: 'two weeks of waiting for the customer', stillOpenDay: 13, closedDay: 15 },
  ] as const)('closes $status tickets after $quiet', async ({ status, stillOpenDay, closedDay }) => {
    const ticket = await fileLate();
    await execute(api.graphqlUrl, ChangeTicketStatusDocument, { ticketId: ticket.id, status }, as(agent));
    await api.services.ticketJobs.runOnce(new Date(Date.now() + stillOpenDay * 86_400_000));
    expect((await readTicket(customer, ticket.id)).status).toBe(status);
    await api.services.ticketJobs.runOnce(new Date(Date.now() + closedDay * 86_400_000));
    const closed = await readTicket(customer, ticket.id);
    expect(closed.status).toBe('CLOSED');
    expect(closed.history.at(-1)).toMatchObject({
      type: 'STATUS_CHANGED',
      actor: null,
      data: { from: status, to: 'CLOSED' },
    });
  });
});

describe('SLA breaches', () => {
  it('are detected, recorded and escalated once, and paused tickets are spared', async () => {
    const urgent = await fileLate(customer, { urgent: true });
    const paused = await fileLate(customer, { urgent: true });
    await execute(
      api.graphqlUrl,
      ChangeTicketStatusDocument,
      { ticketId: paused.id, status: 'WAITING_FOR_CUSTOMER' },
      as(agent),
    );
    const later = new Date(Date.now() + hours(3));
    await api.services.ticketJobs.runOnce(later);
    const breached = await readTicket(agent, urgent.id);
    expect(breached).toMatchObject({ slaBreached: true, escalated: true });
    expect(breached.history.filter((e) => e.type === 'SLA_BREACHED')).toHaveLength(1);
    expect(breached.history.find((e) => e.type === 'SLA_BREACHED')).toMatchObject({
      public: false,
      data: { missed: 'FIRST_RESPONSE' },
    });
    expect((await readTicket(customer, urgent.id)).history.map((e) => e.type)).not.toContain('SLA_BREACHED');
    expect((await readTicket(agent, paused.id)).slaBreached).toBe(false);

    await api.services.ticketJobs.runOnce(later);
    expect((await readTicket(agent, urgent.id)).history.filter((e) => e.type === 'SLA_BREACHED')).toHaveLength(1);
    const list = await execute(api.graphqlUrl, StaffTicketsDocument, { filter: { slaBreached: true } }, as(senior));
    expect(list.data!.tickets.nodes.map((t) => t.id)).toContain(urgent.id);
  });
});

describe('lists', () => {
  it('page through the customer’s appeals newest first, without gaps or repeats', async () => {
    const someone = await loginAs(api, ['CUSTOMER']);
    const filed: string[] = [];
    for (let i = 0; i < 5; i += 1) filed.push((await fileLate(someone)).id);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: { data?: MyTicketsQuery | null } = await execute(
        api.graphqlUrl,
        MyTicketsDocument,
        { first: 2, after },
        as(someone),
      );
      const page = result.data!.myTickets;
      seen.push(...page.nodes.map((t) => t.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([...filed].reverse());
    const bad = await execute(api.graphqlUrl, MyTicketsDocument, { after: 'bm90LWEtY3Vyc29y' }, as(someone));
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('cost the same number of SQL statements for 1 ticket as for 20, with category, problem, last message and people', async () => {
    for (let i = 0; i < 20; i += 1) {
      const ticket = await fileLate();
      await execute(
        api.graphqlUrl,
        ReplyToTicketDocument,
        { input: { ticketId: ticket.id, body: `Ответ ${i}`, internal: false } },
        as(agent),
      );
    }
    const cost = async (
      document: typeof StaffTicketsDocument | typeof MyTicketsDocument,
      first: number,
      session: Session,
    ) => {
      const response = await fetch(api.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` },
        body: JSON.stringify({ query: print(document), variables: { first } }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return Number(response.headers.get('x-sql-statements'));
    };
    const staffOne = await cost(StaffTicketsDocument, 1, agent);
    const staffTwenty = await cost(StaffTicketsDocument, 20, agent);
    // Tickets with category, problem, last message, assignee and customer: one statement, as a hand-written one.
    expect(staffOne).toBe(1);
    expect(staffTwenty).toBe(staffOne);
    expect(await cost(MyTicketsDocument, 20, customer)).toBe(await cost(MyTicketsDocument, 1, customer));
    // A customer's page, last messages included, is one statement (the page reads them when the query asks).
    expect(await cost(MyTicketsDocument, 20, customer)).toBe(1);
  });

  it('read only the names of a list’s people when that is all the query shows, and whole users when it asks for more', async () => {
    const someone = await loginAs(api, ['CUSTOMER']);
    const ticket = await fileLate(someone);
    await execute(api.graphqlUrl, AssignTicketDocument, { ticketId: ticket.id, assigneeId: agent.user.id }, as(agent));
    const [row] = await api.db.orm.em
      .fork()
      .execute<Array<{ phone: string; display_name: string }>>(
        `select phone, display_name from app_user where id = ?`,
        [someone.user.id],
      );
    const post = async (query: string) => {
      const response = await fetch(api.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${agent.accessToken}` },
        body: JSON.stringify({ query, variables: { customerId: someone.user.id, id: ticket.id } }),
      });
      type Person = Record<string, unknown>;
      type Answer = { tickets: { nodes: Array<{ customer: Person } & Person> }; ticket: { customer: Person } };
      const body = (await response.json()) as { data?: Answer; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return { data: body.data!, statements: Number(response.headers.get('x-sql-statements')) };
    };
    const list = (people: string) => `tickets(filter: { customerId: $customerId }) { nodes { id ${people} } }`;
    // Names only: one statement, the names as they are.
    const names = await post(
      `query ($customerId: ID) { ${list('assignee { id displayName } customer { __typename id displayName }')} }`,
    );
    expect(names.statements).toBe(1);
    expect(names.data.tickets.nodes).toEqual([
      {
        id: ticket.id,
        assignee: { id: agent.user.id, displayName: expect.any(String) },
        customer: { __typename: 'User', id: someone.user.id, displayName: row!.display_name },
      },
    ]);
    // More than names, asked directly or through a fragment: whole users, still in the page's one statement.
    for (const query of [
      `query ($customerId: ID) { ${list('customer { id phone roles createdAt }')} }`,
      `query ($customerId: ID) { ${list('customer { ...Person }')} } fragment Person on User { phone roles createdAt }`,
    ]) {
      const whole = await post(query);
      expect(whole.statements).toBe(1);
      expect(whole.data.tickets.nodes[0]!.customer).toMatchObject({ phone: row!.phone, roles: ['CUSTOMER'] });
      expect(Date.parse(String(whole.data.tickets.nodes[0]!.customer['createdAt']))).not.toBeNaN();
    }
    // A list that read names only next to a field that shows the same person whole: each answers in full.
    const both = await post(
      `query ($customerId: ID, $id: ID!) { ${list('customer { displayName }')} ticket(id: $id) { customer { phone } } }`,
    );
    expect(both.data.tickets.nodes[0]!.customer).toEqual({ displayName: row!.display_name });
    expect(both.data.ticket.customer).toEqual({ phone: row!.phone });
  });

  it('show each ticket’s last public message in lists, never an internal note', async () => {
    const someone = await loginAs(api, ['CUSTOMER']);
    const quiet = await fileLate(someone);
    const answered = await fileLate(someone);
    const reply = (body: string, internal: boolean) =>
      execute(api.graphqlUrl, ReplyToTicketDocument, { input: { ticketId: answered.id, body, internal } }, as(agent));
    await reply('Передали в службу доставки', false);
    await reply('Служебно: курьер не отвечает', true);
    const mine = (await execute(api.graphqlUrl, MyTicketsDocument, { first: 5 }, as(someone))).data!.myTickets.nodes;
    const last = (id: string) => mine.find((ticket) => ticket.id === id)?.lastMessage;
    expect(last(answered.id)).toMatchObject({ body: 'Передали в службу доставки', authorRole: 'STAFF' });
    expect(last(answered.id)?.author.displayName).toBe(agent.user.displayName);
    expect(last(quiet.id)).toBeNull();
    const staff = await execute(
      api.graphqlUrl,
      StaffTicketsDocument,
      { filter: { customerId: someone.user.id }, first: 5 },
      as(agent),
    );
    const node = staff.data!.tickets.nodes.find((ticket) => ticket.id === answered.id);
    expect(node?.lastMessage?.body).toBe('Передали в службу доставки');
    expect(node?.customer).toMatchObject({ id: someone.user.id, displayName: someone.user.displayName });
  });

  it('filter staff lists by status, number and text', async () => {
    const ticket = await fileLate(customer, { description: 'Посылка с редким словом абракадабра потерялась' });
    const byText = await execute(api.graphqlUrl, StaffTicketsDocument, { filter: { text: 'абракадабра' } }, as(agent));
    expect(byText.data!.tickets.nodes.map((t) => t.id)).toEqual([ticket.id]);
    const byNumber = await execute(
      api.graphqlUrl,
      StaffTicketsDocument,
      { filter: { number: ticket.number } },
      as(agent),
    );
    expect(byNumber.data!.tickets.nodes.map((t) => t.id)).toEqual([ticket.id]);
    const byStatus = await execute(
      api.graphqlUrl,
      StaffTicketsDocument,
      { filter: { statuses: ['CLOSED'] }, first: 100 },
      as(agent),
    );
    expect(byStatus.data!.tickets.nodes.every((t) => t.status === 'CLOSED')).toBe(true);
  });

  it('order staff lists newest or oldest first, or open tickets by their next due time, paging without gaps', async () => {
    const someone = await loginAs(api, ['CUSTOMER']);
    const filed = [];
    for (let i = 0; i < 4; i += 1) filed.push(await fileLate(someone));
    // Different next due times: the database decides the order, not the filing order.
    const dues = ['2031-01-04T09:00:00Z', '2031-01-02T09:00:00Z', '2031-01-03T09:00:00Z', '2031-01-01T09:00:00Z'];
    for (const [index, ticket] of filed.entries()) {
      await api.db.orm.em
        .fork()
        .execute('update ticket set first_response_due_at = ? where id = ?', [dues[index], ticket.id]);
    }
    // The first one is answered: its next due time is now the resolution's.
    await execute(
      api.graphqlUrl,
      ReplyToTicketDocument,
      { input: { ticketId: filed[0]!.id, body: 'Смотрим' } },
      as(agent),
    );
    await api.db.orm.em
      .fork()
      .execute(`update ticket set resolution_due_at = '2030-12-31T09:00:00Z' where id = ?`, [filed[0]!.id]);

    const pages = async (orderBy: 'NEWEST' | 'OLDEST' | 'DUE_SOONEST') => {
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const result: { data?: StaffTicketsQuery | null } = await execute(
          api.graphqlUrl,
          StaffTicketsDocument,
          { filter: { customerId: someone.user.id }, first: 3, after, orderBy },
          as(agent),
        );
        ids.push(...result.data!.tickets.nodes.map((t) => t.id));
        if (!result.data!.tickets.pageInfo.hasNextPage) return ids;
        after = result.data!.tickets.pageInfo.endCursor;
      }
    };
    const ids = filed.map((t) => t.id);
    expect(await pages('NEWEST')).toEqual([...ids].reverse());
    expect(await pages('OLDEST')).toEqual(ids);
    expect(await pages('DUE_SOONEST')).toEqual([ids[0], ids[3], ids[1], ids[2]]);

    const newest = await execute(api.graphqlUrl, StaffTicketsDocument, { first: 1 }, as(agent));
    const mixed = await execute(
      api.graphqlUrl,
      StaffTicketsDocument,
      { first: 1, after: newest.data!.tickets.pageInfo.endCursor, orderBy: 'DUE_SOONEST' },
      as(agent),
    );
    expect(errorCodes(mixed)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('the catalog under appeals', () => {
  it('refuses to delete a problem or category that appeals use; deactivating stays possible', async () => {
    const used = problem('Change the delivery address or time');
    await file(customer, { problemId: used.id, orderNumber: orderNumber() });
    const deleteProblem = await execute(api.graphqlUrl, DeleteSupportProblemDocument, { id: used.id }, as(admin));
    expect(errorCodes(deleteProblem)).toEqual(['PROBLEM_IN_USE']);
    expect(deleteProblem.errors?.[0]?.message).toMatch(/deactivate/);
    const deleteCategory = await execute(
      api.graphqlUrl,
      DeleteSupportCategoryDocument,
      { id: used.categoryId },
      as(admin),
    );
    expect(errorCodes(deleteCategory)).toEqual(['CATEGORY_IN_USE']);
    const tree = (await execute(api.graphqlUrl, SupportCategoriesDocument, {}, as(admin))).data!.supportCategories;
    expect(tree.flatMap((c) => c.problems).some((p) => p.id === used.id)).toBe(true);
  });
});
