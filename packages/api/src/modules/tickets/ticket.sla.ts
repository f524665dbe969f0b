import { BUSINESS_DAY_MS, type BusinessCalendar } from '../calendar/business-time.js';
import type { Em } from '../../db/orm.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { SlaClass } from '../catalog/catalog.entity.js';

/**
 * One SLA target. Clock-hour targets ("answer within 2 hours") run on the clock, day and night; business-day
 * targets ("within 3 business days") run only on working days of the Moscow business calendar, as staff edit it.
 */
export type SlaTarget = { kind: 'CLOCK_HOURS'; hours: number } | { kind: 'BUSINESS_DAYS'; days: number };

const hours = (h: number): SlaTarget => ({ kind: 'CLOCK_HOURS', hours: h });
const businessDays = (d: number): SlaTarget => ({ kind: 'BUSINESS_DAYS', days: d });

/**
 * The targets per class. The answer targets are the spec's: urgent 2 hours, standard 24 hours, complex 3 business
 * days. Resolution targets are ours: urgent 24 hours, standard 3 business days, complex 10 business days.
 */
export const SLA_TARGETS: Readonly<Record<SlaClass, { firstResponse: SlaTarget; resolution: SlaTarget }>> = {
  URGENT: { firstResponse: hours(2), resolution: hours(24) },
  STANDARD: { firstResponse: hours(24), resolution: businessDays(3) },
  COMPLEX: { firstResponse: businessDays(3), resolution: businessDays(10) },
};

/** A target's length in its own time: clock milliseconds, or milliseconds of working days. */
export const targetMs = (target: SlaTarget): number =>
  target.kind === 'CLOCK_HOURS' ? target.hours * 3_600_000 : target.days * BUSINESS_DAY_MS;

/** How much of a target's time passes between two instants (0 if `to` is not after `from`). */
export function elapsed(target: SlaTarget, from: Date, to: Date, calendar: BusinessCalendar): number {
  return target.kind === 'CLOCK_HOURS'
    ? Math.max(0, to.getTime() - from.getTime())
    : calendar.businessMsBetween(from, to);
}

/** The instant by which `ms` of a target's time has passed after `from`. */
export function advance(target: SlaTarget, from: Date, ms: number, calendar: BusinessCalendar): Date {
  return target.kind === 'CLOCK_HOURS' ? new Date(from.getTime() + ms) : calendar.addBusinessMs(from, ms);
}

export interface SlaDueTimes {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}

/** The due times of an SLA cycle that starts at `start` (filing, or reopening). */
export function dueTimes(slaClass: SlaClass, start: Date, calendar: BusinessCalendar): SlaDueTimes {
  const targets = SLA_TARGETS[slaClass];
  return {
    firstResponseDueAt: advance(targets.firstResponse, start, targetMs(targets.firstResponse), calendar),
    resolutionDueAt: advance(targets.resolution, start, targetMs(targets.resolution), calendar),
  };
}

/** The SLA state a pause and a resumption change. */
export interface SlaClock extends SlaDueTimes {
  slaClass: SlaClass;
  /** Set while the clock is paused (waiting for the customer). */
  slaPausedAt?: Date | null;
}

/**
 * After a pause (waiting for the customer) the clock resumes and each target keeps the time it had left when the
 * pause began, in its own time: a clock-hour target the remaining clock time, a business-day target the remaining
 * business time (a pause from Wednesday 12:00 to Thursday 12:00 with a due time on Friday 12:00 leaves two
 * business days: Monday 12:00). A target already missed when the pause began keeps its due time.
 */
export function resumeAfterPause(ticket: SlaClock, now: Date, calendar: BusinessCalendar): void {
  const pausedAt = ticket.slaPausedAt;
  if (!pausedAt) return;
  const targets = SLA_TARGETS[ticket.slaClass];
  const keep = (target: SlaTarget, due: Date) => {
    const remaining = elapsed(target, pausedAt, due, calendar);
    return remaining > 0 ? advance(target, now, remaining, calendar) : due;
  };
  ticket.firstResponseDueAt = keep(targets.firstResponse, ticket.firstResponseDueAt);
  ticket.resolutionDueAt = keep(targets.resolution, ticket.resolutionDueAt);
  ticket.slaPausedAt = null;
}

/**
 * When staff edit the business calendar, business-day targets keep the business time they have left, measured on
 * the calendar as it was, and get their due times on the calendar as it is now. `from` is where the clock stands:
 * the start of the pause for a paused ticket, now for a running one. Clock-hour targets do not move.
 */
export function rescheduleForCalendar(
  ticket: SlaClock & { firstRespondedAt?: Date | null },
  from: Date,
  before: BusinessCalendar,
  after: BusinessCalendar,
): void {
  const targets = SLA_TARGETS[ticket.slaClass];
  const moved = (target: SlaTarget, due: Date) => {
    if (target.kind !== 'BUSINESS_DAYS') return due;
    const remaining = elapsed(target, from, due, before);
    return remaining > 0 ? advance(target, from, remaining, after) : due;
  };
  if (!ticket.firstRespondedAt) ticket.firstResponseDueAt = moved(targets.firstResponse, ticket.firstResponseDueAt);
  ticket.resolutionDueAt = moved(targets.resolution, ticket.resolutionDueAt);
}

/**
 * The calendar days a computation at `now` may read: from the start of the pause being resumed (or `now`) through
 * the longest target (10 business days) with every weekend and holiday on the way, and room to spare.
 */
export function calendarSpan(now: Date, pausedAt?: Date | null): { from: Date; days: number } {
  const from = pausedAt && pausedAt < now ? pausedAt : now;
  return { from, days: Math.ceil((now.getTime() - from.getTime()) / 86_400_000) + 60 };
}

/** The business calendar as staff keep it, loaded for the SLA arithmetic of a ticket at `now` (see `calendarSpan`). */
export function loadSlaCalendar(calendar: CalendarService, em: Em, now: Date, pausedAt?: Date | null) {
  const span = calendarSpan(now, pausedAt);
  return calendar.load(em, span.from, span.days);
}
