/** Codes of the identity domain, merged into the one table in lib/errors.ts. */
export const identityErrorCodes = {
  LOGIN_CODE_INVALID: 'The code is wrong; `extensions.attemptsLeft` says how many tries remain.',
  LOGIN_CODE_EXPIRED: 'The code has expired or was already used; request a new one.',
  LOGIN_ATTEMPTS_EXCEEDED:
    'Too many wrong codes for this phone within the code window (5 across resends); `extensions.retryAfterSeconds` says when to ask again.',
  LOGIN_CHANNEL_UNAVAILABLE: 'This delivery channel cannot be used for this login.',
} as const;
