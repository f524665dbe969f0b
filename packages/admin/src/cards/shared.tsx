import { Chip } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import type { CardApplicationStatus } from '@support/schema';
import { isApiError } from '../api/client';

const STATUS_COLORS: Record<CardApplicationStatus, 'default' | 'primary' | 'warning' | 'success' | 'error' | 'info'> = {
  SUBMITTED: 'warning',
  APPROVED: 'info',
  REJECTED: 'error',
  ISSUED: 'success',
};

export function CardStatusChip({ status }: { status: CardApplicationStatus }) {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={STATUS_COLORS[status]}
      label={translate(`support.cards.status.${status}`, { _: status })}
      data-status={status}
    />
  );
}

/** Dates as the business runs: Moscow time, in the panel's language. */
export function useFormatDate(): (value: string | null | undefined) => string {
  const [locale] = useLocaleState();
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Moscow' });
  return (value) => (value ? format.format(new Date(value)) : '—');
}

/**
 * A clear message for what the API refused, by its `extensions.code` (with the extensions as placeholders);
 * `overrides` names a more specific message for a code in this action's context.
 */
export function useErrorText(): (error: unknown, overrides?: Partial<Record<string, string>>) => string {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (error, overrides = {}) => {
    if (!isApiError(error)) return translate('support.cards.errors.unknown');
    const key = overrides[error.code] ?? `support.cards.errors.${error.code}`;
    const wait = waitText(locale, error.extensions['retryAfterSeconds']);
    return translate(key, { ...error.extensions, wait, _: translate('support.cards.errors.unknown') });
  };
}

/** «45 с» or «12 мин» (in the panel's language) for a wait the API gave in seconds. */
export function waitText(locale: string, seconds: unknown): string {
  const value = typeof seconds === 'number' && seconds > 0 ? seconds : 1;
  const [amount, unit] = value < 60 ? [value, 'second'] : [Math.ceil(value / 60), 'minute'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(amount);
}
