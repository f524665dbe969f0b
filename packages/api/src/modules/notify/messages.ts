import { formatRubles } from '../../lib/scalars.js';
import { formatMoscow } from '../calendar/business-time.js';

/** Where an appeal's answers go, as the customer reads it. */
const CHANNEL_NAMES = { EMAIL: 'по электронной почте', PUSH: 'в push-уведомлении', SMS: 'в SMS' };

/** Characters in two SMS segments of UCS-2 (any Cyrillic letter makes a message UCS-2: 67 per joined segment). */
export const SMS_TWO_SEGMENTS = 134;

/** The Latin part of the GSM 03.38 alphabet; any other character makes an SMS UCS-2. */
const GSM7 = /^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;

/** How many segments a text takes as an SMS: 160 or 153 per segment in GSM-7, 70 or 67 in UCS-2. */
export function smsSegments(text: string): number {
  const [single, joined] = GSM7.test(text) ? [160, 153] : [70, 67];
  return text.length <= single ? 1 : Math.ceil(text.length / joined);
}

/** Fits `text` after `head` into two segments, ending with `more` when it had to be cut. */
function fitTwoSegments(head: string, text: string, more: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (head.length + flat.length <= SMS_TWO_SEGMENTS) return head + flat;
  return `${head}${flat.slice(0, SMS_TWO_SEGMENTS - head.length - more.length - 1).trimEnd()}…${more}`;
}

/**
 * SMS texts: each fits two segments (a unit test renders every one with its longest values), says what the
 * customer needs and nothing twice.
 */
export const smsMessages = {
  /** A login code. */
  loginCode: (code: string) => `Код для входа: ${code}. Никому его не сообщайте, даже сотрудникам поддержки.`,
  /** An appeal was filed: its number, when and where the answer comes. */
  ticketCreated: (ticket: { number: string; firstResponseDueAt: Date }) =>
    `Обращение ${ticket.number} принято. Ответим до ${formatMoscow(ticket.firstResponseDueAt)} мск в SMS и в приложении.`,
  /** Support answered: as much of the answer as fits, the whole of it in the app. */
  ticketReply: (ticket: { number: string }, body: string) =>
    fitTwoSegments(`Ответ по обращению ${ticket.number}: `, body, ' Полностью — в приложении.'),
};

/**
 * The texts the platform sends to people (SMS, call, push, email, the security chat), in one place: each function
 * gives the text of one message (appeals: the subject, the text, and the SMS form). Customers read Russian.
 */
export const messages = {
  // ---- appeals (ticket.filing.ts, ticket.workflow.ts) ----
  /** An appeal was filed. */
  ticketCreated: (ticket: { number: string; replyChannel: keyof typeof CHANNEL_NAMES; firstResponseDueAt: Date }) => ({
    subject: `Обращение ${ticket.number} принято`,
    text:
      `Ваше обращение ${ticket.number} принято. Ответим ${CHANNEL_NAMES[ticket.replyChannel]} ` +
      `до ${formatMoscow(ticket.firstResponseDueAt)} (мск). Указывайте номер ${ticket.number} в теме письма, ` +
      `если будете писать нам на почту.`,
    sms: smsMessages.ticketCreated(ticket),
  }),
  /** Support answered an appeal. */
  ticketReply: (ticket: { number: string }, body: string) => ({
    subject: `Ответ по обращению ${ticket.number}`,
    text: `Ответ поддержки по обращению ${ticket.number}:\n\n${body}`,
    sms: smsMessages.ticketReply(ticket, body),
  }),

  // ---- signing in (login.service.ts, session.service.ts) ----
  loginCodeCall: (callerNumber: string, digits: number) =>
    `Сейчас вам позвонит номер ${callerNumber}. Последние ${digits} цифр номера — код для входа.`,
  loginCodePush: (code: string) => `Код для входа: ${code}`,
  loginCodeSecurityChat: (code: string) =>
    `Код для входа на новом устройстве: ${code}. Если это не вы, никому не сообщайте код и завершите чужие сеансы.`,
  newDeviceLogin: (userAgent: string | null | undefined) =>
    `Выполнен вход с нового устройства${userAgent ? ` («${userAgent.slice(0, 80)}»)` : ''}. Если это не вы, завершите этот сеанс в настройках.`,
  /** A session ended; `copied` when its refresh token turned up twice (it was probably copied). */
  sessionRevoked: (device: string, copied: boolean) =>
    copied
      ? `Ключ входа сеанса на устройстве «${device}» предъявили дважды: похоже, его скопировали. Мы завершили этот сеанс на всех устройствах, где он был открыт. Войдите заново; если это были не вы, обратитесь в поддержку.`
      : `Сеанс на устройстве «${device}» завершён. Если это были не вы, смените пароли и обратитесь в поддержку.`,

  // ---- the wallet (the security chat) ----
  walletCredited: (amount: bigint, reason: string) => `Зачислено ${formatRubles(amount)}: ${reason}.`,
  withdrawalRequested: (amount: bigint) =>
    `Запрошен вывод ${formatRubles(amount)}. Деньги зарезервированы до зачисления.`,
  /** `wasPending`: cancelled before it went to the bank (the money returns now), else after it failed. */
  withdrawalCancelled: (amount: bigint, wasPending: boolean) =>
    wasPending
      ? `Вывод ${formatRubles(amount)} отменён, деньги вернулись на баланс.`
      : `Вывод ${formatRubles(amount)} отменён. Деньги уже на балансе: их вернули, когда выплата не прошла.`,
  withdrawalCompleted: (amount: bigint) => `Вывод ${formatRubles(amount)} выполнен.`,
  /** The bank refused the payout (BANK_REJECTED); its own words are for staff, in the audit log. */
  withdrawalFailed: (amount: bigint) =>
    `Вывод ${formatRubles(amount)} не прошёл: банк получателя отклонил платёж. Деньги вернулись на баланс.`,

  // ---- the marketplace card (the security chat) ----
  cardApplied: () =>
    'Заявка на карту маркетплейса принята. Кодовое слово никому не сообщайте — его спросит только поддержка.',
  cardDecided: (decision: 'APPROVED' | 'REJECTED' | 'ISSUED', reason: string | null) =>
    ({
      APPROVED: 'Заявка на карту одобрена.',
      REJECTED: `Заявка на карту отклонена: ${reason}.`,
      ISSUED: 'Карта маркетплейса выпущена.',
    })[decision],
  codeWordReset: (staffName: string) =>
    `Кодовое слово сброшено сотрудником поддержки (${staffName}). Задайте новое в приложении.`,
};
