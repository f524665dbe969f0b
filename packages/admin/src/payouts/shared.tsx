import { Chip } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import type { WithdrawalStatus } from '@support/schema';
import { textOf } from '../errors';

const STATUS_COLORS: Record<WithdrawalStatus, 'default' | 'warning' | 'success' | 'error' | 'info'> = {
  PENDING: 'warning',
  PROCESSING: 'info',
  UNKNOWN: 'warning',
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

/**
 * Why a payout failed, in the panel's language: `Withdrawal.failureCode` (BANK_REJECTED, BANK_NO_ANSWER) looked up
 * in the one code → text table (src/errors.ts), never the bank's own English.
 */
export function PayoutFailure({ code }: { code: string | null | undefined }) {
  const [locale] = useLocaleState();
  return <>{code ? textOf(code, locale) : '—'}</>;
}
