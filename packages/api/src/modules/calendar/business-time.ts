import { TZDate } from '@date-fns/tz';
import { addDays, format, getISODay } from 'date-fns';

/** Business rules run on Moscow time; instants are stored in UTC. */
export const BUSINESS_TIME_ZONE = 'Europe/Moscow';

/** What the calendar says about a date that differs from the weekday rule (Mon–Fri working). */
export type DayOverride = 'HOLIDAY' | 'WORKING_DAY';

/** Minutes from local midnight, e.g. 9:00 = 540. */
export interface DayHours {
  opens: number;
  closes: number;
}

export const STANDARD_WORKDAY: DayHours = { opens: 9 * 60, closes: 18 * 60 };
/** A business day's length: Moscow keeps UTC+3 all year, so every local day is 24 hours. */
export const BUSINESS_DAY_MS = 86_400_000;
/** Far enough for any SLA; a calendar with no working day in this span is a data error. */
const MAX_DAYS_SCANNED = 800;

/** `HH:mm` ⇄ minutes from midnight. */
export const parseClock = (clock: string): number => {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock);
  if (!match) throw new RangeError(`not a HH:mm time: ${clock}`);
  return Number(match[1]) * 60 + Number(match[2]);
};
export const formatClock = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The business calendar: Monday to Friday are working days unless the calendar marks a date as a holiday; a
 * weekend date can be made a working day (a transferred working day). Working hours are `workday` on working days.
 * Pure: the overrides are loaded by the caller for the span it needs.
 */
export class BusinessCalendar {
  constructor(
    private readonly overrides: ReadonlyMap<string, DayOverride> = new Map(),
    readonly timeZone: string = BUSINESS_TIME_ZONE,
    readonly workday: DayHours = STANDARD_WORKDAY,
  ) {}

  /** The local date of an instant, `yyyy-MM-dd`. */
  dateKey(instant: Date): string {
    return format(new TZDate(instant.getTime(), this.timeZone), 'yyyy-MM-dd');
  }

  /** Local midnight of a date key, as an instant. */
  startOfDate(dateKey: string): TZDate {
    const [year, month, day] = dateKey.split('-').map(Number) as [number, number, number];
    return new TZDate(year, month - 1, day, 0, 0, 0, 0, this.timeZone);
  }

  /** The instant `minutes` after local midnight of a date (time-zone rules applied by the library). */
  at(dateKey: string, minutes: number): Date {
    const start = this.startOfDate(dateKey);
    return new Date(
      new TZDate(start.getFullYear(), start.getMonth(), start.getDate(), 0, minutes, 0, 0, this.timeZone).getTime(),
    );
  }

  nextDateKey(dateKey: string): string {
    return format(addDays(this.startOfDate(dateKey), 1), 'yyyy-MM-dd');
  }

  /** ISO weekday of a date key: 1 = Monday ... 7 = Sunday. */
  weekday(dateKey: string): number {
    return getISODay(this.startOfDate(dateKey));
  }

  override(dateKey: string): DayOverride | undefined {
    return this.overrides.get(dateKey);
  }

  isWorkingDay(dateKey: string): boolean {
    const override = this.overrides.get(dateKey);
    if (override) return override === 'WORKING_DAY';
    return this.weekday(dateKey) <= 5;
  }

  /**
   * Business time between two instants: the part of [from, to) that falls on working days (whole local days).
   * Zero when `to` is not after `from`.
   */
  businessMsBetween(from: Date, to: Date): number {
    let total = 0;
    let dateKey = this.dateKey(from);
    let dayStart = this.startOfDate(dateKey).getTime();
    for (let scanned = 0; dayStart < to.getTime(); scanned += 1) {
      if (scanned > MAX_DAYS_SCANNED) throw new RangeError('span longer than the calendar scan');
      const next = this.nextDateKey(dateKey);
      const dayEnd = this.startOfDate(next).getTime();
      if (this.isWorkingDay(dateKey)) {
        total += Math.max(0, Math.min(dayEnd, to.getTime()) - Math.max(dayStart, from.getTime()));
      }
      dateKey = next;
      dayStart = dayEnd;
    }
    return total;
  }

  /**
   * The earliest instant by which `ms` of business time (time on working days) has passed since `instant`.
   * Counting starts at once on a working day, or at the start of the next working day otherwise.
   */
  addBusinessMs(instant: Date, ms: number): Date {
    if (!(ms >= 0)) throw new RangeError('business time must be ≥ 0');
    if (ms === 0) return new Date(instant.getTime());
    let remaining = ms;
    let cursor = instant.getTime();
    let dateKey = this.dateKey(instant);
    for (let scanned = 0; scanned <= MAX_DAYS_SCANNED; scanned += 1) {
      const next = this.nextDateKey(dateKey);
      const dayEnd = this.startOfDate(next).getTime();
      if (this.isWorkingDay(dateKey)) {
        const from = Math.max(cursor, this.startOfDate(dateKey).getTime());
        if (remaining <= dayEnd - from) return new Date(from + remaining);
        remaining -= dayEnd - from;
      }
      dateKey = next;
      cursor = dayEnd;
    }
    throw new RangeError('no working day in the calendar span');
  }

  /**
   * Adds N business days: N whole working days of business time (`addBusinessMs`), so the result is the same
   * local time N working days later; an instant on a non-working day counts from the start of the next working
   * day (Saturday + 3 business days = Thursday 00:00).
   */
  addBusinessDays(instant: Date, days: number): Date {
    if (!Number.isInteger(days) || days < 0) throw new RangeError('days must be a whole number ≥ 0');
    return this.addBusinessMs(instant, days * BUSINESS_DAY_MS);
  }

  /**
   * Adds N business hours: only time inside working hours on working days counts. An instant outside them
   * starts counting at the next opening (Friday 17:00 + 2 h = Monday 10:00 with 9:00–18:00 hours).
   */
  addBusinessHours(instant: Date, hours: number): Date {
    if (!(hours >= 0)) throw new RangeError('hours must be ≥ 0');
    let remainingMs = hours * 3_600_000;
    let dateKey = this.dateKey(instant);
    let cursor = instant.getTime();
    for (let scanned = 0; scanned <= MAX_DAYS_SCANNED; scanned += 1) {
      if (this.isWorkingDay(dateKey)) {
        const opens = this.at(dateKey, this.workday.opens).getTime();
        const closes = this.at(dateKey, this.workday.closes).getTime();
        const from = Math.max(cursor, opens);
        if (from < closes) {
          if (from + remainingMs <= closes) return new Date(from + remainingMs);
          remainingMs -= closes - from;
        }
      }
      dateKey = this.nextDateKey(dateKey);
      cursor = this.startOfDate(dateKey).getTime();
    }
    throw new RangeError('no working hours in the calendar span');
  }
}

/** An instant as Moscow business time, for people: 30.11.2026, 14:00. */
export const formatMoscow = (instant: Date): string =>
  new Intl.DateTimeFormat('ru-RU', {
    timeZone: BUSINESS_TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(instant);
