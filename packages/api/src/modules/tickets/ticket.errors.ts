import { errorsOf } from '../../lib/errors.js';

/** Codes of the tickets domain, joined into the one table in src/errors.ts. */
export const ticketErrorCodes = {
  TICKET_DUPLICATE: 'An open appeal about the same problem and order exists; `extensions.ticketNumber` names it.',
  TICKET_TRANSITION_INVALID:
    'The appeal cannot move from its status to the one asked for; `extensions.from` and `extensions.to` say which.',
  TICKET_CLOSED: 'The appeal is closed; file a new one.',
  TICKET_RESOLVED: 'The appeal is resolved; reopen it to write in it.',
  TICKET_NOT_ESCALATABLE: 'Only open appeals can be escalated.',
  TICKET_NOT_REOPENABLE: 'Only a resolved appeal can be reopened, by its customer within 14 days of resolution.',
  TICKET_NOT_RATEABLE: 'An appeal is rated once it is resolved.',
  TICKET_ALREADY_RATED: 'The appeal has been rated already.',
  CATEGORY_PROBLEM_MISMATCH: 'The problem does not belong to the category given.',
} as const;

export const ticketError = errorsOf(ticketErrorCodes);
