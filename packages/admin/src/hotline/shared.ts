import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocaleState, useLogoutIfAccessDenied, useNotify, useTranslate } from 'react-admin';
import { HotlineDocument, type HotlineFieldsFragment } from '@support/schema';
import { api } from '../api/graphql';
import { isApiError } from '../api/client';
import { codeText, fieldErrorsText } from '../errors';
import { ADMIN_ONLY, useHasRole } from '../roles';

export const MOSCOW = 'Europe/Moscow';
export type Hotline = HotlineFieldsFragment;

/** A Moscow calendar date, yyyy-MM-dd (the business calendar and the exceptions are kept by Moscow dates). */
export function moscowDate(instant: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: MOSCOW,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** Changing the hotline and the calendar is for admins (the API's @Authorized('ADMIN')); agents see it read-only. */
export function useIsAdmin(): boolean {
  return useHasRole(ADMIN_ONLY).allowed;
}

/** Formats a yyyy-MM-dd date and instants in Moscow time, in the panel's language. */
export function useFormats() {
  const [locale] = useLocaleState();
  const date = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const when = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: MOSCOW,
  });
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone: MOSCOW,
  });
  return {
    /** A yyyy-MM-dd calendar date (no time zone to apply). */
    date: (value: string) => date.format(new Date(`${value}T00:00:00Z`)),
    /** An instant, Moscow time, with the weekday. */
    when: (value: string | Date) => when.format(new Date(value)),
    time: (value: string | Date | number) => time.format(new Date(value)),
  };
}

export const hotlineQueryKey = (locale: string) => ['hotline', locale] as const;

/** The hotline as the API computes it (open now, next opening), read again every minute so the status stays true. */
export function useHotline() {
  const [locale] = useLocaleState();
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  return useQuery({
    queryKey: hotlineQueryKey(locale),
    queryFn: async () => {
      try {
        return (await api(HotlineDocument)).hotline;
      } catch (failure) {
        await logoutIfAccessDenied(failure);
        throw failure;
      }
    },
    refetchInterval: 60_000,
  });
}

/** The API's refusal in words: the code decides the sentence, the API's field messages give the details. */
export function useErrorMessage(): (error: unknown) => string {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (error) => {
    if (!isApiError(error)) return translate('support.hotline.errors.failed', { details: String(error) });
    // Field problems phrased by the panel from the API's rules, never the API's English in a Russian sentence.
    const details = fieldErrorsText(error, locale) || codeText(error, locale) || '';
    switch (error.code) {
      case 'BAD_USER_INPUT':
        return translate('support.hotline.errors.bad_input', { details });
      case 'FORBIDDEN':
        return translate('support.hotline.errors.forbidden');
      case 'NOT_FOUND':
        return translate('support.hotline.errors.not_found');
      case 'NETWORK_ERROR':
        return translate('support.hotline.errors.network');
      default:
        return translate('support.hotline.errors.failed', { details: codeText(error, locale) ?? error.code });
    }
  };
}

/**
 * Runs a change against the API: while it runs `busy` is true; on success the answer (the hotline as the API now
 * computes it, when the change returns one) replaces the cached hotline and a notification confirms; on failure the
 * error is returned for the card to show and notified.
 */
export function useHotlineAction() {
  const [locale] = useLocaleState();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (
    action: () => Promise<Hotline | unknown>,
    { success = 'support.hotline.saved', invalidate = [] as readonly string[] } = {},
  ): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      if (result && typeof result === 'object' && 'isOpenNow' in result) {
        queryClient.setQueryData(hotlineQueryKey(locale), result as Hotline);
      }
      await Promise.all(invalidate.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
      notify(success, { type: 'success' });
      return true;
    } catch (failure) {
      await logoutIfAccessDenied(failure);
      const message = errorMessage(failure);
      setError(message);
      notify(message, { type: 'error', messageArgs: { _: message } });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error };
}
