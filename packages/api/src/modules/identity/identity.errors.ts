import { errorsOf } from '../../lib/errors.js';

/** Codes of the identity domain, joined into the one table in src/errors.ts. */
export const identityErrorCodes = {
  LOGIN_CODE_INVALID: 'The code is wrong; `extensions.attemptsLeft` says how many tries remain.',
  LOGIN_CODE_EXPIRED: 'The code has expired or was already used; request a new one.',
  LOGIN_ATTEMPTS_EXCEEDED:
    'Too many wrong codes for this phone within the code window (5 across resends); `extensions.retryAfterSeconds` says when to ask again.',
  LOGIN_CHANNEL_UNAVAILABLE: 'This delivery channel cannot be used for this login.',
  ROLE_SELF_REVOKE: 'An admin cannot take the ADMIN role from their own account; another admin can.',
} as const;

export const identityError = errorsOf(identityErrorCodes);
