import { formatRubles } from '../../lib/scalars.js';
import { formatMoscow } from '../calendar/business-time.js';

/** Where an appeal's answers go, as the customer reads it. */
const CHANNEL_NAMES = { EMAIL: 'по электронной почте', PUSH: 'в push-уведомлении', SMS: 'в SMS' };

/**
 * The texts the platform sends to people (SMS, push, email, the security chat), in one place: each function gives
 * the subject and text of one message. Customers read Russian.
 */
export const messages = {
  // ---- appeals (ticket.service.ts) ----
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

  // ---- signing in (login.service.ts, session.service.ts) ----
  loginCodeSms: (code: string) => `Код для входа: ${code}. Никому его не сообщайте, даже сотрудникам поддержки.`,
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
  withdrawalFailed: (amount: bigint, reason: string) =>
    `Вывод ${formatRubles(amount)} не прошёл: ${reason}. Деньги вернулись на баланс.`,

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
