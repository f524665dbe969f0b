/**
 * The baseline of the read and write paths: a minimal node:http + pg server that answers the same GraphQL
 * requests (told apart by operationName) with the same JSON as the API, each with one hand-written SQL statement
 * (reads) or one hand-written transaction (writes), every statement a named prepared statement (parsed and planned
 * once per connection). It verifies the same bearer tokens, with the API's own code, and uses a pool of the API's
 * size (`DATABASE_POOL_SIZE`, default 20, as packages/api/src/config.ts). No GraphQL parsing, validation or ORM: the
 * practical limit.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { AUTH_SECRET, importApi } from '../lib/common.ts';
import { serveIpc } from './ipc.ts';

type Claims = { userId: string; sessionId: string; roles: string[] };
const { deriveKeys, verifyAccessToken } = await importApi<{
  deriveKeys(secret: string): { accessToken: Uint8Array };
  verifyAccessToken(key: Uint8Array, token: string): Promise<Claims | null>;
}>('modules/identity/tokens.js');
const { nextStatuses } = await importApi<{ nextStatuses(from: string, actor: string): string[] }>(
  'modules/tickets/ticket.lifecycle.js',
);
const { newId } = await importApi<{ newId(): string }>('lib/ids.js');

const keys = deriveKeys(AUTH_SECRET);
const db = new pg.Pool({
  connectionString: process.env['DATABASE_URL'],
  max: Number(process.env['DATABASE_POOL_SIZE'] ?? 20),
});
const STAFF = ['AGENT', 'SENIOR_AGENT', 'ADMIN'];

type Row = Record<string, unknown>;
type Request = { operationName?: string; variables?: Record<string, unknown> };

/** The outbox's ticket snapshot, as the API writes it (packages/api/src/modules/tickets/outbox.ts). */
const SNAPSHOT = `jsonb_build_object('id', t.id, 'number', t.number, 'status', t.status, 'categoryId', t.category_id,
  'problemId', t.problem_id, 'customerId', t.customer_id, 'assigneeId', t.assignee_id, 'slaClass', t.sla_class,
  'urgent', t.urgent, 'slaBreached', t.sla_breached, 'escalated', t.escalated,
  'firstResponseDueAt', t.first_response_due_at, 'resolutionDueAt', t.resolution_due_at, 'updatedAt', t.updated_at)`;

const TICKET_COLUMNS = `t.id, t.number, t.status, t.category_id, c.title_ru as category_title, t.problem_id,
  p.title_ru as problem_title, p.is_other, t.other_subject, t.order_number, t.description, t.reply_channel, t.urgent,
  t.sla_class, t.first_response_due_at, t.resolution_due_at, t.first_responded_at, t.sla_paused_at, t.sla_breached,
  t.escalated, t.rating, t.rating_comment, t.resolved_at, t.closed_at, t.created_at, t.updated_at`;

const LAST_MESSAGE = `left join lateral (select m.id, m.body, m.internal, m.author_role, m.author_id, m.created_at
    from ticket_message m where m.ticket_id = t.id and not m.internal order by m.id desc limit 1) m on true
  left join app_user mu on mu.id = m.author_id`;
const LAST_MESSAGE_COLUMNS = `m.id as m_id, m.body as m_body, m.internal as m_internal, m.author_role as m_author_role,
  m.author_id as m_author_id, mu.display_name as m_author_name, m.created_at as m_created_at`;

const MY_TICKETS = `select ${TICKET_COLUMNS}, ${LAST_MESSAGE_COLUMNS}
  from ticket t join support_category c on c.id = t.category_id join support_problem p on p.id = t.problem_id
  ${LAST_MESSAGE}
  where t.customer_id = $1 and ($2::uuid is null or t.id < $2) order by t.id desc limit `;

const STAFF_TICKETS = `select ${TICKET_COLUMNS}, ${LAST_MESSAGE_COLUMNS}, a.display_name as assignee_name,
    cu.display_name as customer_name, t.assignee_id, t.customer_id
  from ticket t join support_category c on c.id = t.category_id join support_problem p on p.id = t.problem_id
  left join app_user a on a.id = t.assignee_id join app_user cu on cu.id = t.customer_id
  ${LAST_MESSAGE}
  where t.status = any($1::text[]) and ($2::uuid is null or t.id < $2) order by t.id desc limit `;

function ticketJson(row: Row, actor: 'STAFF' | 'CUSTOMER'): Row {
  return {
    id: row['id'],
    number: row['number'],
    status: row['status'],
    category: { id: row['category_id'], title: row['category_title'] },
    problem: { id: row['problem_id'], title: row['problem_title'], isOther: row['is_other'] },
    otherSubject: row['other_subject'],
    orderNumber: row['order_number'],
    description: row['description'],
    replyChannel: row['reply_channel'],
    urgent: row['urgent'],
    slaClass: row['sla_class'],
    firstResponseDueAt: row['first_response_due_at'],
    resolutionDueAt: row['resolution_due_at'],
    firstRespondedAt: row['first_responded_at'],
    slaPaused: row['sla_paused_at'] !== null,
    slaBreached: row['sla_breached'],
    escalated: row['escalated'],
    rating: row['rating'],
    ratingComment: row['rating_comment'],
    resolvedAt: row['resolved_at'],
    closedAt: row['closed_at'],
    createdAt: row['created_at'],
    updatedAt: row['updated_at'],
    allowedStatuses: nextStatuses(row['status'] as string, actor),
  };
}

const lastMessageJson = (row: Row): Row | null =>
  row['m_id']
    ? {
        id: row['m_id'],
        body: row['m_body'],
        internal: row['m_internal'],
        authorRole: row['m_author_role'],
        author: row['m_author_id']
          ? { id: row['m_author_id'], displayName: row['m_author_name'] }
          : { id: null, displayName: row['m_author_role'] === 'SYSTEM' ? 'Платформа' : 'Поддержка' },
        createdAt: row['m_created_at'],
      }
    : null;

/** The API's cursor for its ticket lists, newest first: base64url of `["tickets:NEWEST", id]` (lib/connection.ts). */
const cursorOf = (row: Row | undefined) =>
  row ? Buffer.from(JSON.stringify(['tickets:NEWEST', String(row['id'])])).toString('base64url') : null;

function page(rows: Row[], first: number, after: string | null, node: (row: Row) => Row) {
  const items = rows.slice(0, first);
  return {
    nodes: items.map(node),
    pageInfo: {
      startCursor: cursorOf(items[0]),
      endCursor: cursorOf(items.at(-1)),
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== null,
    },
  };
}

/** The id an API cursor carries (the benchmark sends only cursors the server gave out). */
const cursor = (after: unknown): string | null =>
  typeof after === 'string' && after
    ? ((JSON.parse(Buffer.from(after, 'base64url').toString()) as string[])[1] ?? null)
    : null;
const pageSize = (first: unknown, fallback: number) => Math.min(Math.max(Number(first ?? fallback), 1), 100);

async function myTickets(viewer: Claims, variables: Row) {
  const first = pageSize(variables['first'], 20);
  const { rows } = await db.query({
    name: `my_tickets_${first + 1}`,
    text: MY_TICKETS + String(first + 1),
    values: [viewer.userId, cursor(variables['after'])],
  });
  return {
    myTickets: page(rows, first, cursor(variables['after']), (row) => ({
      ...ticketJson(row, 'CUSTOMER'),
      lastMessage: lastMessageJson(row),
    })),
  };
}

async function staffTickets(viewer: Claims, variables: Row) {
  if (!viewer.roles.some((role) => STAFF.includes(role))) throw new Error('FORBIDDEN');
  const first = pageSize(variables['first'], 20);
  const statuses = ((variables['filter'] as Row | undefined)?.['statuses'] as string[] | undefined) ?? [];
  const { rows } = await db.query({
    name: `staff_tickets_${first + 1}`,
    text: STAFF_TICKETS + String(first + 1),
    values: [statuses, cursor(variables['after'])],
  });
  return {
    tickets: page(rows, first, cursor(variables['after']), (row) => ({
      ...ticketJson(row, 'STAFF'),
      assignee: row['assignee_id'] ? { id: row['assignee_id'], displayName: row['assignee_name'] } : null,
      customer: { id: row['customer_id'], displayName: row['customer_name'] },
      lastMessage: lastMessageJson(row),
    })),
  };
}

/** Files an appeal in one transaction: the same locks, checks and rows as the API (ticket, history, outbox, SMS). */
async function createTicket(viewer: Claims, variables: Row) {
  const input = variables['input'] as Row;
  const id = newId();
  const client = await db.connect();
  try {
    await client.query('begin');
    await client.query({
      name: 'ticket_locks',
      text: 'select pg_advisory_xact_lock(hashtext($1)), pg_advisory_xact_lock(hashtext($2))',
      values: [
        `ticket-idem:${viewer.userId}:${input['idempotencyKey']}`,
        `ticket-dup:${viewer.userId}:${input['problemId']}:${input['orderNumber']}`,
      ],
    });
    const { rows } = await client.query({
      name: 'create_ticket',
      text: `with p as (
         select p.id, p.category_id, p.sla_class, c.title_ru as category_title, p.title_ru as problem_title, p.is_other
           from support_problem p join support_category c on c.id = p.category_id
          where p.id = $2 and p.active and c.active
            and not exists (select 1 from ticket where customer_id = $3 and idempotency_key = $6)
            and not exists (select 1 from ticket where customer_id = $3 and problem_id = $2 and order_number = $4
                              and status in ('NEW', 'IN_PROGRESS', 'WAITING_FOR_CUSTOMER', 'REOPENED'))),
       u as (select id, phone from app_user where id = $3),
       t as (
         insert into ticket (id, number, customer_id, category_id, problem_id, order_number, description,
           reply_channel, reply_to, urgent, sla_class, status, escalated, first_response_due_at, resolution_due_at,
           sla_breached, idempotency_key, request_fingerprint, created_at, updated_at)
         select $1, 'T-' || extract(year from now() at time zone 'Europe/Moscow') || '-'
                  || lpad(seq.n, greatest(7, length(seq.n)), '0'),
                u.id, p.category_id, p.id, $4, $5, 'SMS', u.phone, false, p.sla_class, 'NEW', false,
                now() + interval '24 hours', now() + interval '72 hours', false, $6, md5($5) || md5($6), now(), now()
           from p, u, (select nextval('ticket_number_seq')::text as n) as seq
         returning *),
       e as (
         insert into ticket_event (id, ticket_id, type, actor_id, public, data, created_at)
         select t.id, t.id, 'CREATED', $3, true, jsonb_build_object('status', 'NEW'), now() from t),
       o as (
         insert into ticket_outbox (id, ticket_id, customer_id, category_id, type, public, actor_id, changes, ticket,
           occurred_at)
         select t.id, t.id, t.customer_id, t.category_id, 'CREATED', true, $3, jsonb_build_object('status', 'NEW'),
                ${SNAPSHOT}, now() from t),
       m as (
         insert into outbound_message (id, channel, "to", user_id, purpose, subject, text, status, attempts,
           next_attempt_at, created_at)
         select $7, 'SMS', t.reply_to, t.customer_id, 'ticket_created', 'Обращение ' || t.number || ' принято',
                'Ваше обращение ' || t.number || ' принято.', 'QUEUED', 0, now(), now() from t)
       select t.*, p.category_title, p.problem_title, p.is_other from t, p`,
      values: [
        id,
        input['problemId'],
        viewer.userId,
        input['orderNumber'],
        input['description'],
        input['idempotencyKey'],
        randomUUID(),
      ],
    });
    await client.query('commit');
    if (!rows[0]) throw new Error('CONFLICT');
    return { createTicket: { ...ticketJson(rows[0], 'CUSTOMER'), attachments: [] } };
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

/** A staff reply in one statement (one implicit transaction): message, ticket update, history, outbox, SMS. */
async function replyToTicket(viewer: Claims, variables: Row) {
  if (!viewer.roles.some((role) => STAFF.includes(role))) throw new Error('FORBIDDEN');
  const input = variables['input'] as Row;
  const { rows } = await db.query({
    name: 'reply_to_ticket',
    text: `with t as (
       update ticket set last_message_at = now(), first_responded_at = coalesce(first_responded_at, now()),
              status = case when status in ('NEW', 'REOPENED') then 'IN_PROGRESS' else status end, updated_at = now()
        where id = $1 and status <> 'CLOSED'
       returning *),
     msg as (
       insert into ticket_message (id, ticket_id, author_id, author_role, body, internal, created_at)
       select $2, t.id, $3, 'STAFF', $4, false, now() from t),
     e as (
       insert into ticket_event (id, ticket_id, type, actor_id, public, data, created_at)
       select $5, t.id, 'MESSAGE', $3, true, jsonb_build_object('messageId', $2::text, 'authorRole', 'STAFF'), now() from t),
     o as (
       insert into ticket_outbox (id, ticket_id, customer_id, category_id, type, public, actor_id, changes, ticket,
         occurred_at)
       select $5, t.id, t.customer_id, t.category_id, 'MESSAGE', true, $3,
              jsonb_build_object('messageId', $2::text, 'authorRole', 'STAFF'), ${SNAPSHOT}, now() from t),
     m as (
       insert into outbound_message (id, channel, "to", user_id, purpose, subject, text, status, attempts,
         next_attempt_at, created_at)
       select $6, 'SMS', t.reply_to, t.customer_id, 'ticket_reply', 'Ответ по обращению ' || t.number,
              left('Ответ поддержки по обращению ' || t.number || ': ' || $4, 600), 'QUEUED', 0, now(), now() from t)
     select t.*, c.title_ru as category_title, p.title_ru as problem_title, p.is_other
       from t join support_category c on c.id = t.category_id join support_problem p on p.id = t.problem_id`,
    values: [input['ticketId'], newId(), viewer.userId, input['body'], newId(), randomUUID()],
  });
  if (!rows[0]) throw new Error('NOT_FOUND');
  return { replyToTicket: ticketJson(rows[0], 'STAFF') };
}

const operations: Record<string, (viewer: Claims, variables: Row) => Promise<Row>> = {
  MyTickets: myTickets,
  StaffTickets: staffTickets,
  CreateTicket: createTicket,
  ReplyToTicket: replyToTicket,
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  if (req.method !== 'POST' || req.url !== '/graphql') return reply(404, { errors: [{ message: 'Not found' }] });
  try {
    const request = JSON.parse(await readBody(req)) as Request;
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const viewer = token ? await verifyAccessToken(keys.accessToken, token) : null;
    if (!viewer) return reply(401, { errors: [{ message: 'UNAUTHENTICATED' }] });
    const operation = operations[request.operationName ?? ''];
    if (!operation) return reply(400, { errors: [{ message: 'unknown operation' }] });
    reply(200, { data: await operation(viewer, request.variables ?? {}) });
  } catch (error) {
    reply(200, { errors: [{ message: error instanceof Error ? error.message : String(error) }] });
  }
}

const server = createServer((req, res) => void handle(req, res));
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
serveIpc(typeof address === 'object' && address ? address.port : 0, async () => {
  server.closeAllConnections();
  server.close();
  await db.end();
});
