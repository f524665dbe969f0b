type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A duration in seconds for people: 45 s, 12 min, 3 h 5 min, 2 d 4 h (rounded down). */
export function formatDuration(seconds: number, translate: Translate): string {
  const key = (name: string) => `support.dashboard.duration.${name}`;
  if (seconds < 60) return translate(key('seconds'), { seconds: Math.max(0, Math.floor(seconds)) });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return translate(key('minutes'), { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return minutes % 60
      ? translate(key('hours_minutes'), { hours, minutes: minutes % 60 })
      : translate(key('hours'), { hours });
  }
  return translate(key('days_hours'), { days: Math.floor(hours / 24), hours: hours % 24 });
}

/** A share from 0 to 1 as a whole percentage in the panel's language ("67 %" / "67%"), or null. */
export function formatPercent(rate: number | null | undefined, locale: string): string | null {
  if (rate === null || rate === undefined) return null;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(rate);
}
