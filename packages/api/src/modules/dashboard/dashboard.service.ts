import type { Em } from '../../db/orm.js';
import { pgArray } from '../../lib/ids.js';
import { localized, type Locale } from '../../lib/locale.js';
import { BUSINESS_TIME_ZONE } from '../calendar/business-time.js';
import { OPEN_STATUSES, type TicketStatus } from '../tickets/ticket.entity.js';
import { statsRange, type StatsRange } from './stats-range.js';

/** How many tickets met a due time, missed it, or are not yet due (and so count neither way). */
export interface SlaShare {
  met: number;
  missed: number;
  pending: number;
  /** met / (met + missed); null while no ticket has met or missed it. */
  rate: number | null;
}

export interface StatsSummary {
  created: number;
  firstResponse: SlaShare;
  resolution: SlaShare;
  /** Median wall-clock time from filing to the first public staff reply; null with no reply yet. */
  medianFirstResponseSeconds: number | null;
}

export interface CategoryStats extends StatsSummary {
  category: { id: string; title: string };
}

export interface SupportStats {
  range: StatsRange;
  timeZone: string;
  days: Array<{ date: string; created: number; resolved: number }>;
  openByStatus: Array<{ status: TicketStatus; count: number }>;
  overall: StatsSummary;
  categories: CategoryStats[];
}

interface DayRow {
  date: string;
  created: number;
  resolved: number;
}

interface StatusRow {
  status: TicketStatus;
  count: number;
}

interface SummaryRow {
  is_total: number;
  category_id: string | null;
  title_ru: string | null;
  title_en: string | null;
  created: number;
  fr_met: number;
  fr_missed: number;
  fr_pending: number;
  fr_rate: number | null;
  res_met: number;
  res_missed: number;
  res_pending: number;
  res_rate: number | null;
  median_first_response_seconds: number | null;
}

/**
 * Created and resolved per Moscow day, zero-filled. "Resolved" counts the tickets moved to RESOLVED that day (from
 * their history, so a later reopening does not rewrite the past; a ticket resolved on two days counts on both).
 * The partial index ticket_event_resolved_created_at_index serves the second half.
 */
const DAYS_SQL = `
  with days as (
    select d::date as day from generate_series(?::date, ?::date, interval '1 day') as d
  ), created as (
    select (t.created_at at time zone '${BUSINESS_TIME_ZONE}')::date as day, count(*) as n
    from ticket t
    where t.created_at >= ? and t.created_at < ?
    group by 1
  ), resolved as (
    select (e.created_at at time zone '${BUSINESS_TIME_ZONE}')::date as day, count(distinct e.ticket_id) as n
    from ticket_event e
    where e.type = 'STATUS_CHANGED' and e.data ->> 'to' = 'RESOLVED' and e.created_at >= ? and e.created_at < ?
    group by 1
  )
  select to_char(days.day, 'YYYY-MM-DD') as date, coalesce(created.n, 0)::int as created,
         coalesce(resolved.n, 0)::int as resolved
  from days left join created using (day) left join resolved using (day)
  order by days.day`;

/** Of the tickets filed in the range, those still open, per open status (zero-filled, in lifecycle order). */
const OPEN_BY_STATUS_SQL = `
  with statuses as (
    select status, position from unnest(?::text[]) with ordinality as s(status, position)
  ), counts as (
    select t.status, count(*) as n
    from ticket t
    where t.created_at >= ? and t.created_at < ? and t.status = any(?::text[])
    group by t.status
  )
  select statuses.status, coalesce(counts.n, 0)::int as count
  from statuses left join counts using (status)
  order by statuses.position`;

/**
 * SLA compliance and median first response over the tickets filed in the range, per category and overall (the
 * ROLLUP row). First response: met when the first public staff reply came by its due time; missed when it came
 * later, or has not come and the due time has passed. Resolution: met when resolved by its due time; missed when
 * resolved later, or still open past it; a ticket closed without being resolved (the customer went quiet) counts
 * neither way. While a ticket waits for the customer its clock is paused: a due time still ahead when the pause
 * began is pending (it moves when the clock resumes, by the rules of ticket.sla.ts); SQL computes no due time.
 */
const SUMMARY_SQL = `
  with t as (
    select category_id, status, created_at, first_responded_at, resolved_at,
           first_response_due_at as first_response_due, resolution_due_at as resolution_due,
           coalesce(sla_paused_at, now()) as clock_at
    from ticket
    where created_at >= ? and created_at < ?
  ), s as (
    select grouping(category_id) as is_total, category_id,
      count(*)::int as created,
      count(*) filter (where first_responded_at <= first_response_due)::int as fr_met,
      count(*) filter (where first_responded_at > first_response_due
                          or (first_responded_at is null and first_response_due < clock_at))::int as fr_missed,
      count(*) filter (where first_responded_at is null and first_response_due >= now())::int as fr_pending,
      count(*) filter (where resolved_at <= resolution_due)::int as res_met,
      count(*) filter (where resolved_at > resolution_due
                          or (resolved_at is null and status <> 'CLOSED' and resolution_due < clock_at))::int as res_missed,
      count(*) filter (where resolved_at is null and status <> 'CLOSED' and resolution_due >= clock_at)::int as res_pending,
      round(percentile_cont(0.5) within group (
        order by extract(epoch from first_responded_at - created_at)))::int as median_first_response_seconds
    from t
    group by rollup (category_id)
  )
  select s.*,
         s.fr_met::float8 / nullif(s.fr_met + s.fr_missed, 0) as fr_rate,
         s.res_met::float8 / nullif(s.res_met + s.res_missed, 0) as res_rate,
         c.title_ru, c.title_en
  from s left join support_category c on c.id = s.category_id
  order by s.is_total desc, c.audience, c.position, c.title_ru`;

const share = (met: number, missed: number, pending: number, rate: number | null): SlaShare => ({
  met,
  missed,
  pending,
  rate: rate === null ? null : Number(rate),
});

const summary = (row: SummaryRow): StatsSummary => ({
  created: row.created,
  firstResponse: share(row.fr_met, row.fr_missed, row.fr_pending, row.fr_rate),
  resolution: share(row.res_met, row.res_missed, row.res_pending, row.res_rate),
  medianFirstResponseSeconds: row.median_first_response_seconds,
});

const EMPTY: StatsSummary = {
  created: 0,
  firstResponse: share(0, 0, 0, null),
  resolution: share(0, 0, 0, null),
  medianFirstResponseSeconds: null,
};

/**
 * Support statistics for staff, computed by PostgreSQL in three statements whatever the range: per-day counts,
 * open tickets per status, and SLA and response times per category with the overall row.
 */
export class DashboardService {
  async supportStats(
    em: Em,
    request: { from?: string | null; to?: string | null },
    locale: Locale,
    now = new Date(),
  ): Promise<SupportStats> {
    const range = statsRange(request.from, request.to, now);
    const open = pgArray(OPEN_STATUSES);
    const [days, statuses, rows] = await Promise.all([
      em.execute<DayRow[]>(DAYS_SQL, [range.from, range.to, range.start, range.end, range.start, range.end]),
      em.execute<StatusRow[]>(OPEN_BY_STATUS_SQL, [open, range.start, range.end, open]),
      em.execute<SummaryRow[]>(SUMMARY_SQL, [range.start, range.end]),
    ]);
    const total = rows.find((row) => Number(row.is_total) === 1);
    return {
      range,
      timeZone: BUSINESS_TIME_ZONE,
      days,
      openByStatus: statuses,
      overall: total ? summary(total) : EMPTY,
      categories: rows
        .filter((row) => Number(row.is_total) === 0 && row.category_id)
        .map((row) => ({
          ...summary(row),
          category: { id: row.category_id!, title: localized(locale, row.title_ru ?? '', row.title_en ?? '') },
        })),
    };
  }
}
