import { formatMoscow } from '../calendar/business-time.js';

/** Where an appeal's answers go, as the customer reads it. */
const CHANNEL_NAMES = { EMAIL: 'по электронной почте', PUSH: 'в push-уведомлении', SMS: 'в SMS' };

/**
 * The texts the platform sends to people (SMS, push, email, the security chat), in one place: each function gives
 * the subject and text of one message. Customers read Russian.
 */
export const messages = {
  /** An appeal was filed. */
  ticketCreated: (ticket: { number: string; replyChannel: keyof typeof CHANNEL_NAMES; firstResponseDueAt: Date }) => ({
    subject: `Обращение ${ticket.number} принято`,
    text:
      `Ваше обращение ${ticket.number} принято. Ответим ${CHANNEL_NAMES[ticket.replyChannel]} ` +
      `до ${formatMoscow(ticket.firstResponseDueAt)} (мск). Указывайте номер ${ticket.number} в теме письма, ` +
      `если будете писать нам на почту.`,
  }),
  /** Support answered an appeal. */
  ticketReply: (ticket: { number: string }, body: string) => ({
    subject: `Ответ по обращению ${ticket.number}`,
    text: `Ответ поддержки по обращению ${ticket.number}:\n\n${body}`,
  }),
};
