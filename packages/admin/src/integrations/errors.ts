import type { TranslateFunction } from 'react-admin';
import { isApiError } from '../api/client';

/**
 * A failed integrations call as a sentence in the panel's language: `extensions.code` picks the message and the
 * API's own words fill in the detail (e.g. why a webhook URL was refused: a private or loopback address).
 */
export function describeIntegrationsError(translate: TranslateFunction, error: unknown): string {
  if (!isApiError(error)) {
    const detail = error instanceof Error ? error.message : String(error);
    return translate('support.integrations.errors.unknown', { detail });
  }
  return translate(`support.integrations.errors.${error.code}`, {
    detail: error.message,
    _: translate('support.integrations.errors.unknown', { detail: error.message }),
  });
}

/**
 * Lets react-admin's forms put the API's field errors (BAD_USER_INPUT `extensions.fields`) under the inputs:
 * its save reads them from `error.body.errors`.
 */
export async function withFieldErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const fields = isApiError(error, 'BAD_USER_INPUT') ? error.extensions['fields'] : undefined;
    if (fields && typeof fields === 'object') Object.assign(error as object, { body: { errors: fields } });
    throw error;
  }
}
