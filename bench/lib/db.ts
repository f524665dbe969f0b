import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { importApi, log, SERVER_URL } from './common.ts';

type OrmModule = {
  initORM(target: { databaseUrl?: string }): Promise<{ close(force?: boolean): Promise<void> }>;
  migrate(orm: unknown): Promise<string[]>;
};
type Seeder = (orm: unknown, config: unknown) => Promise<string>;

/** The server URL with another database name. */
export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

const created = new Set<string>();

/** Drops every database this run created (also called when the run fails half-way). */
export async function dropAllBenchDatabases(): Promise<void> {
  for (const name of [...created]) {
    await onServer((c) => c.query(`drop database if exists "${name}" with (force)`)).catch(() => undefined);
    created.delete(name);
  }
}

function track(name: string): BenchDatabase {
  created.add(name);
  return {
    name,
    url: databaseUrl(name),
    drop: async () => {
      await onServer((c) => c.query(`drop database if exists "${name}" with (force)`));
      created.delete(name);
    },
  };
}

/** An empty database on the server, named bench_<random>. */
export async function createEmptyDatabase(): Promise<BenchDatabase> {
  const name = `bench_${randomBytes(5).toString('hex')}`;
  await onServer((c) => c.query(`create database "${name}"`));
  return track(name);
}

/** A fresh database with the committed migrations applied and the support catalog and calendar seeded. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const db = await createEmptyDatabase();
  const { initORM } = await importApi<Pick<OrmModule, 'initORM'>>('orm.js');
  const { migrate } = await importApi<Pick<OrmModule, 'migrate'>>('db/orm.js');
  const { seedCatalog } = await importApi<{ seedCatalog: Seeder }>('modules/catalog/catalog.seed.js');
  const { seedCalendar } = await importApi<{ seedCalendar: Seeder }>('modules/calendar/calendar.seed.js');
  const orm = await initORM({ databaseUrl: db.url });
  try {
    await migrate(orm);
    await seedCatalog(orm, {});
    await seedCalendar(orm, {});
  } finally {
    await orm.close(true);
  }
  return db;
}

/** A copy of a database (CREATE DATABASE ... TEMPLATE: a file copy, much faster than generating again). */
export async function cloneDatabase(source: BenchDatabase): Promise<BenchDatabase> {
  const name = `bench_${randomBytes(5).toString('hex')}`;
  await onServer((c) => c.query(`create database "${name}" template "${source.name}"`));
  return track(name);
}

export function pool(db: BenchDatabase, max = 4): pg.Pool {
  return new pg.Pool({ connectionString: db.url, max });
}

/** Each ticket belongs to a customer who has this many tickets in the same size step. */
export const TICKETS_PER_CUSTOMER = 25;
export const STAFF_COUNT = 20;

/**
 * Generates users, tickets and messages with set-based SQL. Ticket "rank" 1 is the newest (one minute before
 * `baseTime`), rank r is r minutes older: growing a data set from `fromRank` to `toRank` adds older history, so
 * the first pages measured at every size are the same tickets and only the tables grow. Statuses follow age
 * (new and in-progress tickets in the last day, resolved within five days, closed before), and the data is kept
 * consistent with the SLA and auto-close jobs, so that they find nothing to do during a measurement.
 */
export async function generateTickets(
  db: BenchDatabase,
  options: { fromRank: number; toRank: number; messagesPerTicket: number; baseTime: Date },
): Promise<void> {
  const { fromRank, toRank, messagesPerTicket, baseTime } = options;
  const started = Date.now();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(`set synchronous_commit = off`);
    await client.query(`
      create or replace function bench_uuid7(ts timestamptz) returns uuid language sql volatile as $$
        select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
          substring(int8send(floor(extract(epoch from ts) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1),
          'hex')::uuid
      $$`);
    await client.query(`
      insert into app_user (id, phone, display_name, roles, created_at, updated_at)
      select bench_uuid7(now()), '+7950' || lpad(i::text, 7, '0'), 'Оператор ' || i, '{AGENT}', now(), now()
        from generate_series(1, ${STAFF_COUNT}) as i
      on conflict (phone) do nothing`);
    const customersFrom = fromRank / TICKETS_PER_CUSTOMER;
    const customersTo = toRank / TICKETS_PER_CUSTOMER;
    await client.query(`
      insert into app_user (id, phone, display_name, roles, created_at, updated_at)
      select bench_uuid7(now()), '+7951' || lpad(k::text, 7, '0'), 'Покупатель ' || k, '{CUSTOMER}', now(), now()
        from generate_series(${customersFrom + 1}, ${customersTo}) as k`);
    // Numbers from createTicket must not collide with generated ones.
    await client.query(
      `select setval('ticket_number_seq', greatest(10000000, (select last_value from ticket_number_seq)))`,
    );
    const steps = Math.ceil((toRank - fromRank) / 100_000);
    for (let step = 0; step < steps; step += 1) {
      const lo = fromRank + step * 100_000;
      const hi = Math.min(toRank, lo + 100_000);
      await client.query('begin');
      await client.query(
        `
        with staff as (select array_agg(id order by phone) as ids from app_user where phone like '+7950%'),
        problems as (
          select array_agg(p.id order by p.id) as ids, array_agg(p.category_id order by p.id) as categories,
                 array_agg(p.sla_class order by p.id) as sla, array_agg(p.requires_order_number order by p.id) as orders,
                 count(*)::int as n
            from support_problem p join support_category c on c.id = p.category_id
           where not p.is_other and c.audience <> 'SELLER'),
        customers as (
          select array_agg(id order by phone) as ids, array_agg(phone order by phone) as phones, count(*)::int as n
            from app_user where phone like '+7951%' and substr(phone, 6)::int > $2 and substr(phone, 6)::int <= $3),
        ranks as (
          select r, $1::timestamptz - r * interval '1 minute' as created,
                 case when r <= 1200 then (array['NEW','NEW','NEW','NEW','IN_PROGRESS','IN_PROGRESS','IN_PROGRESS',
                                                 'IN_PROGRESS','WAITING_FOR_CUSTOMER','REOPENED'])[r % 10 + 1]
                      when r <= 7200 then (array['IN_PROGRESS','IN_PROGRESS','IN_PROGRESS','WAITING_FOR_CUSTOMER',
                                                 'RESOLVED','RESOLVED','RESOLVED','RESOLVED','RESOLVED','RESOLVED'])[r % 10 + 1]
                      else 'CLOSED' end as status
            from generate_series($4::int + 1, $5::int) as r)
        insert into ticket (id, number, customer_id, category_id, problem_id, other_subject, order_number, description,
          reply_channel, reply_to, urgent, sla_class, status, assignee_id, escalated, first_response_due_at,
          resolution_due_at, first_responded_at, sla_paused_at, sla_breached, sla_breached_at, resolved_at, closed_at,
          rating, rating_comment, idempotency_key, request_fingerprint, last_message_at, created_at, updated_at)
        select bench_uuid7(created), 'T-2026-' || lpad(r::text, 7, '0'),
          customers.ids[1 + (r - $4 - 1) % customers.n], problems.categories[1 + r % problems.n],
          problems.ids[1 + r % problems.n], null,
          case when problems.orders[1 + r % problems.n] then lpad(r::text, 8, '0') || '-0001' end,
          'Обращение номер ' || r || ': ' || repeat('заказ пришёл не полностью, прошу разобраться. ', 3),
          'SMS', customers.phones[1 + (r - $4 - 1) % customers.n], false, problems.sla[1 + r % problems.n], status,
          case when status <> 'NEW' then staff.ids[1 + r % ${STAFF_COUNT}] end,
          status not in ('NEW', 'CLOSED', 'RESOLVED', 'WAITING_FOR_CUSTOMER') and r > 4200,
          created + interval '24 hours', created + interval '72 hours',
          case when status <> 'NEW' then created + interval '30 minutes' end,
          case when status = 'WAITING_FOR_CUSTOMER' then created + interval '1 hour' end,
          status not in ('NEW', 'CLOSED', 'RESOLVED', 'WAITING_FOR_CUSTOMER') and r > 4200,
          case when status not in ('NEW', 'CLOSED', 'RESOLVED', 'WAITING_FOR_CUSTOMER') and r > 4200
               then created + interval '72 hours' end,
          case when status in ('RESOLVED', 'CLOSED') then created + interval '1 day' end,
          case when status = 'CLOSED' then created + interval '2 days' end,
          case when status = 'CLOSED' and r % 3 = 0 then 5 end, null,
          'seed-' || r, repeat('0', 64), created + ${messagesPerTicket} * interval '5 seconds', created, created
        from ranks, staff, problems, customers`,
        [baseTime.toISOString(), customersFrom, customersTo, lo, hi],
      );
      if (messagesPerTicket > 0) {
        await client.query(
          `insert into ticket_message (id, ticket_id, author_id, author_role, body, internal, created_at)
           select bench_uuid7(t.created_at + j * interval '5 seconds'), t.id,
                  case when j % 2 = 1 then t.customer_id else coalesce(t.assignee_id, t.customer_id) end,
                  case when j % 2 = 1 or t.assignee_id is null then 'CUSTOMER' else 'STAFF' end,
                  'Сообщение ' || j || ' по обращению ' || t.number || '. ' || repeat('Подробности ситуации. ', 4),
                  j % 6 = 0 and t.assignee_id is not null, t.created_at + j * interval '5 seconds'
             from ticket t, generate_series(1, $3::int) as j
            where t.number > 'T-2026-' || lpad($1::text, 7, '0') and t.number <= 'T-2026-' || lpad($2::text, 7, '0')`,
          [lo, hi, messagesPerTicket],
        );
      }
      await client.query('commit');
    }
    await client.query('vacuum analyze');
  } finally {
    await client.end();
  }
  log(
    `  generated tickets ${fromRank + 1}..${toRank} (${messagesPerTicket} messages each) in ${Date.now() - started} ms`,
  );
}

export interface BenchUser {
  id: string;
  phone: string;
  roles: string[];
}

/** Customers from the newest size step (each has TICKETS_PER_CUSTOMER tickets), and the staff. */
export async function benchUsers(
  db: BenchDatabase,
  customers: number,
): Promise<{ customers: BenchUser[]; staff: BenchUser[] }> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const c = await client.query<BenchUser>(
      `select id, phone, roles from app_user where phone like '+7951%' order by phone limit $1`,
      [customers],
    );
    const s = await client.query<BenchUser>(
      `select id, phone, roles from app_user where phone like '+7950%' order by phone`,
    );
    return { customers: c.rows, staff: s.rows };
  } finally {
    await client.end();
  }
}
