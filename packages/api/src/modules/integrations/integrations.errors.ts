import { errorsOf } from '../../lib/errors.js';

/** Codes of the integrations domain, joined into the one table in src/errors.ts. */
export const integrationErrorCodes = {
  API_KEY_REVOKED: 'The API key is revoked: its scopes no longer change; create a new key.',
} as const;

export const integrationError = errorsOf(integrationErrorCodes);
