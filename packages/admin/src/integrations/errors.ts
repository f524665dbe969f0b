import type { TranslateFunction } from 'react-admin';
import { isApiError } from '../api/client';
import { codeText, fieldErrorsText, ruleText, type FieldError } from '../errors';
import { i18nProvider } from '../i18n';

/** The panel's language (the API's own words never go into its sentences). */
const locale = () => i18nProvider.getLocale();
/** A field path as the form names it: `input.url` → `url`. */
const formField = (path: string) => path.replace(/^input\./, '');

/**
 * A failed integrations call as a sentence in the panel's language: `extensions.code` picks the message and the
 * panel's phrasing of the field rules (or of the code) fills in the detail (e.g. why a webhook URL was refused).
 */
export function describeIntegrationsError(translate: TranslateFunction, error: unknown): string {
  if (!isApiError(error)) {
    const detail = error instanceof Error ? error.message : String(error);
    return translate('support.integrations.errors.unknown', { detail });
  }
  const detail = fieldErrorsText(error, locale(), formField) || codeText(error, locale()) || error.code;
  return translate(`support.integrations.errors.${error.code}`, {
    detail,
    _: translate('support.integrations.errors.unknown', { detail }),
  });
}

/**
 * Lets react-admin's forms put the API's field errors (BAD_USER_INPUT `extensions.fieldErrors`, phrased by the panel)
 * under the inputs:
 * its save reads them from `error.body.errors`.
 */
export async function withFieldErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const fieldErrors = isApiError(error, 'BAD_USER_INPUT') ? error.extensions['fieldErrors'] : undefined;
    if (Array.isArray(fieldErrors)) {
      const fields = Object.fromEntries(
        (fieldErrors as FieldError[]).map((entry) => [formField(entry.field), ruleText(entry, locale())]),
      );
      Object.assign(error as object, { body: { errors: fields } });
    }
    throw error;
  }
}
