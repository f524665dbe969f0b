import { parseClock, type BusinessCalendar, type DayHours } from '../calendar/business-time.js';

/** The hotline's hours: per ISO weekday, and per date exceptions (null = closed that day). */
export interface HotlineSchedule {
  weekly: ReadonlyMap<number, DayHours>;
  exceptions: ReadonlyMap<string, DayHours | null>;
}

export interface HotlineStatus {
  isOpenNow: boolean;
  /** When it closes, while open. */
  closesAt: Date | null;
  /** When it next opens, while closed (null if not within the scanned span). */
  nextOpenAt: Date | null;
}

/**
 * The hours on a date: a hotline exception wins; otherwise holidays of the business calendar close it; a
 * transferred working day on a weekend keeps a regular working day's hours (Monday's); otherwise the weekday's.
 */
export function hoursOn(calendar: BusinessCalendar, schedule: HotlineSchedule, dateKey: string): DayHours | null {
  if (schedule.exceptions.has(dateKey)) return schedule.exceptions.get(dateKey) ?? null;
  const weekday = calendar.weekday(dateKey);
  const override = calendar.override(dateKey);
  if (override === 'HOLIDAY') return null;
  if (override === 'WORKING_DAY' && !schedule.weekly.has(weekday)) return schedule.weekly.get(1) ?? null;
  return schedule.weekly.get(weekday) ?? null;
}

/** Open from `opens` inclusive to `closes` exclusive (09:00:00 open, 18:00:00 closed). */
export function hotlineStatus(
  calendar: BusinessCalendar,
  schedule: HotlineSchedule,
  now: Date,
  maxDays = 60,
): HotlineStatus {
  let dateKey = calendar.dateKey(now);
  for (let day = 0; day <= maxDays; day += 1) {
    const hours = hoursOn(calendar, schedule, dateKey);
    if (hours) {
      const opens = calendar.at(dateKey, hours.opens);
      const closes = calendar.at(dateKey, hours.closes);
      if (now >= opens && now < closes) return { isOpenNow: true, closesAt: closes, nextOpenAt: null };
      if (now < opens) return { isOpenNow: false, closesAt: null, nextOpenAt: opens };
    }
    dateKey = calendar.nextDateKey(dateKey);
  }
  return { isOpenNow: false, closesAt: null, nextOpenAt: null };
}

export const toDayHours = (opens: string, closes: string): DayHours => ({
  opens: parseClock(opens),
  closes: parseClock(closes),
});
