import { Chip } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import type { WithdrawalStatus } from '@support/schema';
import { isApiError } from '../api/client';

const STATUS_COLORS: Record<WithdrawalStatus, 'default' | 'warning' | 'success' | 'error' | 'info'> = {
  PENDING: 'warning',
  PROCESSING: 'info',
  COMPLETED: 'success',
  FAILED: 'error',
  CANCELLED: 'default',
};

export function PayoutStatusChip({ status }: { status: WithdrawalStatus }) {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={STATUS_COLORS[status]}
      label={translate(`support.payouts.status.${status}`, { _: status })}
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

/** Kopecks (a BigInt string, as the API sends them) as rubles, in integers all the way: «1 234,56 ₽». */
export function formatKopecks(locale: string, kopecks: string): string {
  let value: bigint;
  try {
    value = BigInt(kopecks);
  } catch {
    return kopecks;
  }
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const rubles = new Intl.NumberFormat(locale).format(abs / 100n);
  const decimal = locale === 'en' ? '.' : ',';
  return `${negative ? '−' : ''}${rubles}${decimal}${String(abs % 100n).padStart(2, '0')} ₽`;
}

/** A clear message for what the API refused, by its `extensions.code` (with the extensions as placeholders). */
export function useErrorText(): (error: unknown) => string {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (error) => {
    if (!isApiError(error)) return translate('support.payouts.errors.unknown');
    const available = error.extensions['available'];
    return translate(`support.payouts.errors.${error.code}`, {
      ...error.extensions,
      available: typeof available === 'string' ? formatKopecks(locale, available) : '—',
      _: translate('support.payouts.errors.unknown'),
    });
  };
}
