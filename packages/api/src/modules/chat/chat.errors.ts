import { errorsOf } from '../../lib/errors.js';

/** Codes of the chats domain, joined into the one table in src/errors.ts. */
export const chatErrorCodes = {
  CHAT_CLOSED: 'The support chat is closed; start a new one.',
  CHAT_TAKEN: 'Another agent has taken this support chat.',
  CHAT_NOT_SUPPORT: 'Only support chats have agents and become appeals.',
  CHAT_ALREADY_CONVERTED: 'This chat is an appeal already; `extensions.ticketId` names it.',
} as const;

export const chatError = errorsOf(chatErrorCodes);
