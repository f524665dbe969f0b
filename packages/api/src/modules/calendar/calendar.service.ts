import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import type { Em } from '../../db/orm.js';
import type { Viewer } from '../../lib/context.js';
import { badInput } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { BUSINESS_TIME_ZONE, BusinessCalendar, type DayOverride } from './business-time.js';
import { CalendarDay } from './calendar.entity.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a `yyyy-MM-dd` string is a real date. */
export function assertDate(value: string, field = 'date'): string {
  const parsed = DATE.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw badInput('Dates are written yyyy-MM-dd', { [field]: { rule: 'format', format: 'date' } });
  }
  return value;
}

/** Told of a calendar edit inside its transaction, with the calendar before and after it. */
export type CalendarEditListener = (
  em: Em,
  change: { date: string; before: BusinessCalendar; after: BusinessCalendar },
) => Promise<void>;

/** The business calendar (Moscow): holidays and transferred working days, edited by staff. */
export class CalendarService {
  private readonly listeners: CalendarEditListener[] = [];

  /** Modules whose due times follow the calendar (the SLA) listen to edits. */
  onEdit(listener: CalendarEditListener): void {
    this.listeners.push(listener);
  }

  /** Runs the listeners on an edit of `date`: loads the calendar around it before and after `apply`. */
  private async edit(em: Em, date: string, apply: () => Promise<void>): Promise<void> {
    const around = new Date(`${date}T12:00:00Z`);
    const from = new Date(around.getTime() - 90 * 86_400_000);
    const before = await this.load(em, from, 180);
    await apply();
    await em.flush();
    const after = await this.load(em, from, 180);
    for (const listener of this.listeners) await listener(em, { date, before, after });
  }

  /** A calendar holding the overrides from `from` for `days` days (enough for any SLA or opening search). */
  async load(em: Em, from: Date, days = 120): Promise<BusinessCalendar> {
    const start = format(addDays(new TZDate(from.getTime(), BUSINESS_TIME_ZONE), -1), 'yyyy-MM-dd');
    const end = format(addDays(new TZDate(from.getTime(), BUSINESS_TIME_ZONE), days), 'yyyy-MM-dd');
    const rows = await em.find(CalendarDay, { date: { $gte: start, $lte: end } });
    return new BusinessCalendar(new Map(rows.map((row) => [row.date, row.kind as DayOverride])));
  }

  async list(em: Em, from: string, to: string): Promise<CalendarDay[]> {
    assertDate(from, 'from');
    assertDate(to, 'to');
    // `from` not after `to`: declared on CalendarRangeArgs, checked at the boundary.
    return em.find(CalendarDay, { date: { $gte: from, $lte: to } }, { orderBy: { date: 'asc' } });
  }

  async set(
    em: Em,
    actor: Viewer,
    input: { date: string; kind: DayOverride; name?: string | null },
    requestId: string,
  ) {
    assertDate(input.date, 'input.date');
    return em.transactional(async (tx) => {
      const existing = await tx.findOne(CalendarDay, { date: input.date });
      const before = existing ? { kind: existing.kind, name: existing.name } : null;
      let day = existing;
      await this.edit(tx, input.date, async () => {
        day ??= tx.create(CalendarDay, { date: input.date, kind: input.kind, name: null });
        day.kind = input.kind;
        day.name = input.name?.trim() || null;
      });
      if (!day) throw new Error('unreachable: the day was written');
      recordAudit(tx, {
        actorId: actor.userId,
        action: 'calendar.day_set',
        subjectType: 'CalendarDay',
        subjectId: input.date,
        before,
        after: { kind: day.kind, name: day.name },
        requestId,
      });
      return day;
    });
  }

  async remove(em: Em, actor: Viewer, date: string, requestId: string): Promise<boolean> {
    assertDate(date);
    return em.transactional(async (tx) => {
      const existing = await tx.findOne(CalendarDay, { date });
      if (!existing) return false;
      recordAudit(tx, {
        actorId: actor.userId,
        action: 'calendar.day_removed',
        subjectType: 'CalendarDay',
        subjectId: date,
        before: { kind: existing.kind, name: existing.name },
        after: null,
        requestId,
      });
      await this.edit(tx, date, async () => {
        tx.remove(existing);
      });
      return true;
    });
  }
}
