import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useLocaleState, useLogoutIfAccessDenied, useNotify, useRefresh, useTranslate } from 'react-admin';
import { isApiError } from './client';
import { refusalText } from '../errors';

export interface ActionOptions<TInput, TResult> {
  /** Translation key notified when the action succeeded (none: no notice). */
  success?: string | ((result: TResult, input: TInput) => string | undefined);
  /** Placeholders for the success notice. */
  successArgs?: Record<string, unknown> | ((result: TResult, input: TInput) => Record<string, unknown>);
  /** Reload react-admin's queries (the page's record and lists) after success; default true. */
  refresh?: boolean;
  /** react-query keys to invalidate after success. */
  invalidate?: readonly QueryKey[];
  /** Runs after success, before the notice (e.g. to clear a form). */
  onSuccess?: (result: TResult, input: TInput) => void;
  /** Notify the refusal as well as returning it (default true); false when the page shows it by the control. */
  notifyRefusal?: boolean;
}

export interface Action<TInput> {
  /** Runs the action; resolves to whether it succeeded (the result goes to `onSuccess`; a refusal is shown). */
  run: (input: TInput) => Promise<boolean>;
  busy: boolean;
  /** The last refusal in the panel's words (src/errors.ts), cleared when the action runs again. */
  refusal: string | null;
  /** Forgets the last refusal. */
  reset: () => void;
}

/**
 * The panel's one way to run a change against the API and show its refusal: react-query's mutation, busy while it
 * runs, a success notice and a refresh after it, and on failure the refusal in words from the one code → text table
 * (`refusalText`), notified and returned for the page to show next to the control. An expired session logs out.
 */
export function useAction<TInput = void, TResult = unknown>(
  work: (input: TInput) => Promise<TResult>,
  options: ActionOptions<TInput, TResult> = {},
): Action<TInput> {
  const { success, successArgs, refresh = true, invalidate = [], onSuccess, notifyRefusal = true } = options;
  const [locale] = useLocaleState();
  const notify = useNotify();
  const reload = useRefresh();
  const queryClient = useQueryClient();
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  const notifyOf = useRefusalNotice();
  const mutation = useMutation<TResult, unknown, TInput>({
    mutationFn: work,
    onSuccess: async (result, input) => {
      onSuccess?.(result, input);
      await Promise.all(invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      if (refresh) reload();
      const notice = typeof success === 'function' ? success(result, input) : success;
      const messageArgs = typeof successArgs === 'function' ? successArgs(result, input) : successArgs;
      if (notice) notify(notice, { type: 'success', messageArgs });
    },
    onError: async (error) => {
      await logoutIfAccessDenied(error);
      if (notifyRefusal) notifyOf(error);
    },
  });
  return {
    run: (input) =>
      mutation.mutateAsync(input).then(
        () => true,
        () => false,
      ),
    busy: mutation.isPending,
    refusal: mutation.isError ? refusalText(mutation.error, locale) : null,
    reset: mutation.reset,
  };
}

/**
 * Notifies a refusal in the panel's words; for react-admin's own forms (`mutationOptions.onError`), which show the
 * field rules under the inputs but no notice when the API sent field errors.
 */
export function useRefusalNotice(): (error: unknown) => void {
  const notify = useNotify();
  const refusalText = useRefusalText();
  return (error) => {
    const text = refusalText(error);
    notify(text, { type: 'error', messageArgs: { _: text } });
  };
}

const MISSING = '\u0000';

/**
 * The refusal text for a failed load or anything else the API refused, in the panel's language. An area may say more
 * for a code in its context: `support.<area>.errors.<CODE>` (placeholders: the refusal's extensions and `args`);
 * otherwise the one table's sentence (`refusalText`).
 */
export function useRefusalText(area?: string): (error: unknown, args?: Record<string, unknown>) => string {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  return (error, args) => {
    if (area && isApiError(error)) {
      const text = translate(`support.${area}.errors.${error.code}`, { ...error.extensions, ...args, _: MISSING });
      if (text !== MISSING) return text;
    }
    return refusalText(error, locale);
  };
}
