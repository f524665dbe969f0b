import { useLocaleState, useTranslate } from 'react-admin';
import { isApiError } from './api/client';
import { codeText } from './errors';

/** Dates as the business runs: Moscow time, in the panel's language. */
export function useFormatDate(): (value: string | null | undefined) => string {
  const [locale] = useLocaleState();
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Moscow' });
  return (value) => (value ? format.format(new Date(value)) : '—');
}

/** «45 с» or «12 мин» (in the panel's language) for a wait the API gave in seconds. */
export function waitText(locale: string, seconds: unknown): string {
  const value = typeof seconds === 'number' && seconds > 0 ? seconds : 1;
  const [amount, unit] = value < 60 ? [value, 'second'] : [Math.ceil(value / 60), 'minute'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(amount);
}

/**
 * A clear message for what the API refused, from the area's strings: `support.<area>.errors.<extensions.code>`
 * (the extensions and the wait as placeholders), else the panel's own sentence for the code (src/errors.ts), else
 * `support.<area>.errors.unknown`. `overrides` names a more
 * specific message for a code in one action's context; `placeholders` adds or reformats placeholders.
 */
export function useErrorText(
  area: string,
  placeholders: (extensions: Record<string, unknown>, locale: string) => Record<string, unknown> = () => ({}),
): (error: unknown, overrides?: Partial<Record<string, string>>) => string {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (error, overrides = {}) => {
    const unknown = translate(`support.${area}.errors.unknown`);
    if (!isApiError(error)) return unknown;
    const fallback = codeText(error, locale) ?? unknown;
    const key = overrides[error.code] ?? `support.${area}.errors.${error.code}`;
    const wait = waitText(locale, error.extensions['retryAfterSeconds']);
    return translate(key, { ...error.extensions, wait, ...placeholders(error.extensions, locale), _: fallback });
  };
}
