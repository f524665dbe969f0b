/** Codes of the ticket event stream, joined into the one table in src/errors.ts. */
export const eventErrorCodes = {
  POSITION_AHEAD:
    '`after` is beyond the end of the event stream (a position this API never gave out); `extensions.head` is the last position.',
  POSITION_EXPIRED:
    'Events after `after` are older than the retention (EVENT_RETENTION_DAYS) and gone; `extensions.oldest` is the earliest position to resume from (the replay then starts with the oldest event kept).',
} as const;
