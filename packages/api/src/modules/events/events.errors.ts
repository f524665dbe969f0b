/** Codes of the ticket event stream, merged into the one table in lib/errors.ts. */
export const eventErrorCodes = {
  POSITION_AHEAD:
    '`after` is beyond the end of the event stream (a position this API never gave out); `extensions.head` is the last position.',
} as const;
