/** Calendar dates (YYYY-MM-DD) as the API counts them: Moscow days. */
export interface DateRange {
  from: string;
  to: string;
}

export const PRESET_DAYS = [7, 30, 90, 365] as const;
export const MAX_RANGE_DAYS = 366;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today's date in Moscow. */
export const moscowToday = (now = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now)
    .slice(0, 10);

function toUtc(date: string): number | null {
  const match = DATE.exec(date);
  if (!match) return null;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(time).toISOString().slice(0, 10) === date ? time : null;
}

export function addDays(date: string, days: number): string {
  const time = toUtc(date);
  if (time === null) throw new RangeError(`not a date: ${date}`);
  return new Date(time + days * 86_400_000).toISOString().slice(0, 10);
}

/** The last `days` Moscow days, today included. */
export const lastDays = (days: number, now = new Date()): DateRange => {
  const to = moscowToday(now);
  return { from: addDays(to, -(days - 1)), to };
};

/** Why a range cannot be asked for (a translation key), or null when it can. */
export function rangeProblem(range: DateRange): string | null {
  const from = toUtc(range.from);
  const to = toUtc(range.to);
  if (from === null || to === null) return 'support.dashboard.range.invalid';
  if (from > to) return 'support.dashboard.range.reversed';
  if ((to - from) / 86_400_000 + 1 > MAX_RANGE_DAYS) return 'support.dashboard.range.too_long';
  return null;
}

/** Which preset a range is, if any (the last N days up to today). */
export function presetOf(range: DateRange, now = new Date()): number | null {
  return (
    PRESET_DAYS.find((days) => {
      const preset = lastDays(days, now);
      return preset.from === range.from && preset.to === range.to;
    }) ?? null
  );
}
