import { Chip } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import type { SupportChatState } from '@support/schema';
import { isApiError } from '../api/client';

const STATE_COLORS: Record<SupportChatState, 'default' | 'primary' | 'warning' | 'success' | 'info'> = {
  BOT: 'default',
  QUEUED: 'warning',
  ASSIGNED: 'info',
  CLOSED: 'success',
};

export function ChatStateChip({ state }: { state: SupportChatState | null }) {
  const translate = useTranslate();
  if (!state) return null;
  return (
    <Chip
      size="small"
      color={STATE_COLORS[state]}
      label={translate(`support.chats.state.${state}`, { _: state })}
      data-state={state}
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
    if (!isApiError(error)) return translate('support.chats.errors.unknown');
    const key = overrides[error.code] ?? `support.chats.errors.${error.code}`;
    const wait = waitText(locale, error.extensions['retryAfterSeconds']);
    return translate(key, { ...error.extensions, wait, _: translate('support.chats.errors.unknown') });
  };
}

/** «45 с» or «12 мин» (in the panel's language) for a wait the API gave in seconds. */
export function waitText(locale: string, seconds: unknown): string {
  const value = typeof seconds === 'number' && seconds > 0 ? seconds : 1;
  const [amount, unit] = value < 60 ? [value, 'second'] : [Math.ceil(value / 60), 'minute'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(amount);
}
