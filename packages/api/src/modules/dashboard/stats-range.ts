import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { badInput } from '../../lib/errors.js';
import { BUSINESS_TIME_ZONE } from '../calendar/business-time.js';

/** The range the dashboard shows when none is asked for: the last 30 Moscow days, today included. */
export const DEFAULT_RANGE_DAYS = 30;
/** The longest range one request may ask for (a leap year). */
export const MAX_RANGE_DAYS = 366;

/** Moscow calendar days `from`..`to` (both included) and the instants that bound them (`start` ≤ t < `end`). */
export interface StatsRange {
  from: string;
  to: string;
  days: number;
  start: Date;
  end: Date;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(value: string, field: string): Date {
  const parsed = parseISO(value);
  if (!DATE.test(value) || !isValid(parsed))
    throw badInput(`"${field}" is not a date`, { [field]: { rule: 'format', format: 'date' } });
  return parsed;
}

/** Midnight of a Moscow calendar date, as an instant. */
const moscowMidnight = (date: Date): Date =>
  new Date(new TZDate(date.getFullYear(), date.getMonth(), date.getDate(), BUSINESS_TIME_ZONE).getTime());

/** Today's date in Moscow (YYYY-MM-DD). */
export const moscowToday = (now: Date): string => format(new TZDate(now.getTime(), BUSINESS_TIME_ZONE), 'yyyy-MM-dd');

/**
 * Checks and completes a requested range: `to` defaults to today (Moscow), `from` to 29 days before `to`;
 * `from` after `to`, or more than a year, is BAD_USER_INPUT.
 */
export function statsRange(
  from: string | null | undefined,
  to: string | null | undefined,
  now = new Date(),
): StatsRange {
  const last = parseDate(to ?? moscowToday(now), 'to');
  const first = from ? parseDate(from, 'from') : addDays(last, -(DEFAULT_RANGE_DAYS - 1));
  const days = differenceInCalendarDays(last, first) + 1;
  if (days < 1) throw badInput('"from" is after "to"', { from: { rule: 'before', other: 'to' } });
  if (days > MAX_RANGE_DAYS) {
    throw badInput(`The range is longer than ${MAX_RANGE_DAYS} days`, {
      to: { rule: 'maxDays', max: MAX_RANGE_DAYS },
    });
  }
  return {
    from: format(first, 'yyyy-MM-dd'),
    to: format(last, 'yyyy-MM-dd'),
    days,
    start: moscowMidnight(first),
    end: moscowMidnight(addDays(last, 1)),
  };
}
