import type { TranslateFunction } from 'react-admin';
import { isApiError } from '../api/client';

/**
 * A failed help-centre call as a sentence in the panel's language: the API's `extensions.code` picks the message,
 * and the API's own words (which fields, and why) fill in the detail.
 */
export function describeHelpError(translate: TranslateFunction, error: unknown): string {
  if (!isApiError(error)) {
    return translate('support.help.errors.unknown', { detail: error instanceof Error ? error.message : String(error) });
  }
  const fields = error.extensions['fields'];
  const detail =
    fields && typeof fields === 'object'
      ? Object.entries(fields as Record<string, string>)
          .map(([field, problem]) => `${translate(`support.help.fields.${field}`, { _: field })} — ${problem}`)
          .join('; ')
      : error.message;
  return translate(`support.help.errors.${error.code}`, {
    detail,
    _: translate('support.help.errors.unknown', { detail }),
  });
}
