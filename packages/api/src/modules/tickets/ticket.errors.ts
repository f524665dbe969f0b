/** Codes of the tickets domain, merged into the one table in lib/errors.ts. */
export const ticketErrorCodes = {
  TICKET_DUPLICATE: 'An open appeal about the same problem and order exists; `extensions.ticketNumber` names it.',
} as const;
