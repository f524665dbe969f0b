import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocaleState, useLogoutIfAccessDenied } from 'react-admin';
import { HotlineDocument, type HotlineFieldsFragment } from '@support/schema';
import { api } from '../api/graphql';
import { useAction } from '../api/action';
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

/**
 * Runs a change against the API with `useAction` (src/api/action.ts): on success the answer (the hotline as the API
 * now computes it, when the change returns one) replaces the cached hotline and a notice confirms; a refusal is
 * returned (`error`, in words) for the card to show, and notified.
 */
export function useHotlineAction() {
  const [locale] = useLocaleState();
  const queryClient = useQueryClient();
  const action = useAction(
    async ({
      call,
      invalidate = [],
    }: {
      call: () => Promise<unknown>;
      success?: string;
      invalidate?: readonly string[];
    }) => {
      const result = await call();
      if (isHotline(result)) queryClient.setQueryData(hotlineQueryKey(locale), result);
      await Promise.all(invalidate.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
    },
    { refresh: false, success: (_, { success = 'support.hotline.saved' }) => success },
  );
  const run = (
    call: () => Promise<unknown>,
    options: { success?: string; invalidate?: readonly string[] } = {},
  ): Promise<boolean> => action.run({ call, ...options });
  return { run, busy: action.busy, error: action.refusal };
}

const isHotline = (value: unknown): value is Hotline =>
  typeof value === 'object' && value !== null && 'isOpenNow' in value;
