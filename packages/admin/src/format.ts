import { useLocaleState } from 'react-admin';

/** Dates as the business runs: Moscow time, in the panel's language. */
export function useFormatDate(): (value: string | null | undefined) => string {
  const [locale] = useLocaleState();
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Moscow' });
  return (value) => (value ? format.format(new Date(value)) : '—');
}
