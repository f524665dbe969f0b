import { isApiError } from './api/client';

/**
 * The one place where the panel turns the API's refusals into words, in Russian and English: a sentence per
 * `extensions.code` (the API's table, README "Input and error codes") and a phrase per field rule
 * (`extensions.fieldErrors`: `{ field, rule, …limits }`). The API's own English never reaches a Russian sentence.
 * Areas may say more for a code in their context (`support.<area>.errors.<CODE>`); this is what they fall back on.
 */
type Text = { ru: string; en: string };

export const CODE_TEXT: Record<string, Text> = {
  BAD_USER_INPUT: { ru: 'Проверьте поля формы.', en: 'Check the form’s fields.' },
  UNAUTHENTICATED: { ru: 'Войдите снова.', en: 'Sign in again.' },
  FORBIDDEN: { ru: 'Недостаточно прав для этого действия.', en: 'You are not allowed to do this.' },
  NOT_FOUND: { ru: 'Запись не найдена или уже удалена.', en: 'The record does not exist or was deleted.' },
  CONFLICT: { ru: 'Состояние записи изменилось. Обновите страницу.', en: 'The record has changed. Reload the page.' },
  RATE_LIMITED: { ru: 'Слишком много попыток. Подождите немного.', en: 'Too many attempts. Wait a little.' },
  IDEMPOTENCY_KEY_REUSED: {
    ru: 'Этот запрос уже выполнялся с другими данными. Начните заново.',
    en: 'This request was already made with other data. Start again.',
  },
  INTERNAL_SERVER_ERROR: { ru: 'Сбой на сервере. Повторите позже.', en: 'The server failed. Try again later.' },
  NETWORK_ERROR: { ru: 'Нет связи с сервером.', en: 'The server cannot be reached.' },
  TOO_MANY_SUBSCRIPTIONS: { ru: 'Слишком много открытых подписок.', en: 'Too many open subscriptions.' },
  LOGIN_CODE_INVALID: {
    ru: 'Неверный код. Осталось попыток: %{attemptsLeft}.',
    en: 'Wrong code. Tries left: %{attemptsLeft}.',
  },
  LOGIN_CODE_EXPIRED: { ru: 'Код устарел. Запросите новый.', en: 'The code has expired. Request a new one.' },
  LOGIN_ATTEMPTS_EXCEEDED: {
    ru: 'Слишком много неверных кодов. Запросите новый.',
    en: 'Too many wrong codes. Request a new one.',
  },
  LOGIN_CHANNEL_UNAVAILABLE: {
    ru: 'Этот способ получения кода недоступен.',
    en: 'This way of getting a code is unavailable.',
  },
  ROLE_SELF_REVOKE: {
    ru: 'Нельзя снять роль администратора с себя — попросите другого администратора.',
    en: 'You cannot take ADMIN from yourself; ask another admin.',
  },
  CATEGORY_IN_USE: {
    ru: 'Категорию нельзя удалить: по ней есть обращения. Скройте её вместо удаления.',
    en: 'Appeals use this category, so it cannot be deleted. Hide it instead.',
  },
  PROBLEM_IN_USE: {
    ru: 'Проблему нельзя удалить: по ней есть обращения. Скройте её вместо удаления.',
    en: 'Appeals use this problem, so it cannot be deleted. Hide it instead.',
  },
  OTHER_PROBLEM_FIXED: {
    ru: '«Другое» есть в каждой категории: меняются только названия и класс SLA.',
    en: '«Другое» (Other) is in every category: only its titles and SLA class change.',
  },
  CATEGORY_PROBLEM_MISMATCH: {
    ru: 'Проблема не относится к выбранной категории.',
    en: 'The problem does not belong to the chosen category.',
  },
  CHAT_CLOSED: { ru: 'Чат закрыт.', en: 'The chat is closed.' },
  CHAT_TAKEN: { ru: 'Чат уже взял другой сотрудник.', en: 'Another agent has taken this chat.' },
  CHAT_NOT_SUPPORT: { ru: 'Это не чат поддержки.', en: 'This is not a support chat.' },
  CHAT_ALREADY_CONVERTED: { ru: 'По этому чату уже создано обращение.', en: 'This chat is an appeal already.' },
  TICKET_DUPLICATE: {
    ru: 'По этому заказу уже есть открытое обращение %{ticketNumber}.',
    en: 'Appeal %{ticketNumber} about this order is still open.',
  },
  TICKET_TRANSITION_INVALID: {
    ru: 'Обращение нельзя перевести в этот статус.',
    en: 'The appeal cannot move to this status.',
  },
  TICKET_CLOSED: { ru: 'Обращение закрыто.', en: 'The appeal is closed.' },
  TICKET_RESOLVED: {
    ru: 'Обращение решено; сначала откройте его снова.',
    en: 'The appeal is resolved; reopen it first.',
  },
  TICKET_NOT_ESCALATABLE: {
    ru: 'Передать старшему можно только открытое обращение.',
    en: 'Only open appeals can be escalated.',
  },
  TICKET_NOT_REOPENABLE: { ru: 'Это обращение нельзя открыть снова.', en: 'This appeal cannot be reopened.' },
  TICKET_NOT_RATEABLE: { ru: 'Оценить можно только решённое обращение.', en: 'Only a resolved appeal can be rated.' },
  TICKET_ALREADY_RATED: { ru: 'Обращение уже оценено.', en: 'The appeal has been rated already.' },
  WITHDRAWAL_BELOW_MINIMUM: { ru: 'Меньше минимальной суммы вывода.', en: 'Below the smallest withdrawal.' },
  INSUFFICIENT_FUNDS: { ru: 'Недостаточно средств.', en: 'The balance does not cover the amount.' },
  INVALID_BANK_ACCOUNT: { ru: 'Номер счёта не соответствует БИК.', en: 'The account number does not match the BIK.' },
  CARD_REQUIRED: { ru: 'У клиента нет выпущенной карты.', en: 'The customer has no issued card.' },
  CARD_ALREADY_APPLIED: { ru: 'Заявка на карту уже подана.', en: 'The card has been applied for already.' },
  CARD_DECISION_INVALID: {
    ru: 'Заявка уже изменилась. Обновите страницу.',
    en: 'The application has changed. Reload the page.',
  },
  CODE_WORD_ALREADY_SET: { ru: 'Кодовое слово уже задано.', en: 'A code word is set already.' },
  PAYOUT_NOT_CANCELLABLE: {
    ru: 'Статус выплаты уже изменился: отменить её нельзя.',
    en: 'The payout’s status has changed: it cannot be cancelled.',
  },
  PAYOUT_NOT_RETRYABLE: {
    ru: 'Статус выплаты уже изменился: повторить её нельзя.',
    en: 'The payout’s status has changed: it cannot be retried.',
  },
  PAYOUT_NOT_RESOLVABLE: {
    ru: 'Исход этой выплаты уже известен: решать его не нужно.',
    en: 'This payout’s outcome is already known: there is nothing to resolve.',
  },
  LEDGER_LIMIT_EXCEEDED: { ru: 'Сумма превышает лимит счёта.', en: 'The amount exceeds the account’s limit.' },
  ATTACHMENT_TYPE_NOT_ALLOWED: { ru: 'Этот тип файла не принимается.', en: 'This type of file is not accepted.' },
  ATTACHMENT_TOO_LARGE: { ru: 'Файл больше 10 МБ.', en: 'The file is larger than 10 MB.' },
  API_KEY_REVOKED: {
    ru: 'Ключ отозван: его права больше не меняются. Создайте новый ключ.',
    en: 'The key is revoked: its scopes no longer change. Create a new key.',
  },
  POSITION_AHEAD: {
    ru: 'Такой позиции в потоке событий ещё нет.',
    en: 'The event stream has not reached this position yet.',
  },
  POSITION_EXPIRED: {
    ru: 'События после этой позиции уже удалены по сроку хранения.',
    en: 'The events after this position are past the retention and gone.',
  },
  /** Anything the panel has no sentence for (an unknown code, a failure that is not the API's): never its English. */
  UNKNOWN: { ru: 'Не удалось выполнить действие. Повторите позже.', en: 'That did not work. Try again later.' },
  /** Why a payout failed (`Withdrawal.failureCode`), shown to staff in the panel's language. */
  BANK_REJECTED: { ru: 'Банк получателя отклонил платёж.', en: 'The receiving bank rejected the payment.' },
  BANK_NO_ANSWER: { ru: 'Банк не ответил на запрос выплаты.', en: 'The bank did not answer the payout request.' },
};

/** A field error as the API sends it: `{ field, rule, …limits }`. */
export interface FieldError {
  field: string;
  rule: string;
  [limit: string]: unknown;
}

const FORMATS: Record<string, Text> = {
  id: { ru: 'идентификатор из списка', en: 'an id from the list' },
  cursor: { ru: 'страница из списка', en: 'a page from the list' },
  email: { ru: 'адрес электронной почты', en: 'an email address' },
  phone: { ru: 'номер телефона', en: 'a phone number' },
  date: { ru: 'дата', en: 'a date' },
  dateTime: { ru: 'дата и время', en: 'a date and time' },
  time: { ru: 'время ЧЧ:мм', en: 'a time, HH:mm' },
  integer: { ru: 'целое число', en: 'a whole number' },
  kopecks: { ru: 'сумма в копейках', en: 'an amount in kopecks' },
  key: { ru: 'от 8 до 100 латинских букв и цифр', en: '8 to 100 letters and digits' },
  url: { ru: 'полный адрес http:// или https://', en: 'a full http:// or https:// address' },
  publicUrl: { ru: 'публичный адрес', en: 'a public address' },
  digits: { ru: 'только цифры', en: 'digits only' },
  orderNumber: { ru: 'цифры и дефисы, например 12345678-0001', en: 'digits and dashes, e.g. 12345678-0001' },
  position: { ru: 'позиция из потока событий', en: 'a position from the event stream' },
  loginCode: { ru: 'шесть цифр кода', en: 'the six digits of the code' },
  mobilePhone: { ru: 'мобильный номер', en: 'a mobile number' },
  codeWord: { ru: 'от 6 до 32 букв или цифр, не часть телефона', en: '6 to 32 letters or digits, not the phone' },
  urlWithoutCredentials: { ru: 'адрес без user:password@', en: 'an address without user:password@' },
  emptyForCard: { ru: 'пусто при выводе на карту', en: 'empty for a withdrawal to the card' },
  text: { ru: 'текст', en: 'text' },
  boolean: { ru: 'да или нет', en: 'yes or no' },
  list: { ru: 'список', en: 'a list' },
};

/** A rule in words: «не длиннее 200 симв.», "at most 200 characters". */
export function ruleText(error: FieldError, locale: string): string {
  const ru = locale !== 'en';
  const n = (name: string) => String(error[name]);
  switch (error.rule) {
    case 'required':
      return ru ? 'обязательное поле' : 'required';
    case 'minLength':
      return ru ? `не короче ${n('min')} симв.` : `at least ${n('min')} characters`;
    case 'maxLength':
      return ru ? `не длиннее ${n('max')} симв.` : `at most ${n('max')} characters`;
    case 'minItems':
      return ru ? `не меньше ${n('min')}` : `at least ${n('min')} items`;
    case 'maxItems':
      return ru ? `не больше ${n('max')}` : `at most ${n('max')} items`;
    case 'min':
      return ru ? `не меньше ${n('min')}` : `at least ${n('min')}`;
    case 'max':
      return ru ? `не больше ${n('max')}` : `at most ${n('max')}`;
    case 'range':
      return ru ? `от ${n('min')} до ${n('max')}` : `from ${n('min')} to ${n('max')}`;
    case 'oneOf':
      return ru ? 'значение из списка' : 'a value from the list';
    case 'unique':
      return ru ? 'без повторов' : 'each value once';
    case 'format': {
      const format = FORMATS[n('format')];
      return format ? (ru ? `нужно: ${format.ru}` : `must be ${format.en}`) : ru ? 'неверный формат' : 'wrong format';
    }
    case 'noNullCharacter':
    case 'wellFormedUnicode':
      return ru ? 'недопустимые символы' : 'characters that cannot be stored';
    case 'type':
      return ru ? 'неверный тип значения' : 'a value of the wrong type';
    case 'unknownField':
      return ru ? 'такого поля нет' : 'no such field';
    case 'requiredWith':
      return ru ? `нужно вместе с «${n('other')}»` : `needed together with “${n('other')}”`;
    case 'requiredWithout':
      return ru ? `нужно, если не указано «${n('other')}»` : `needed unless “${n('other')}” is given`;
    case 'notWith':
      return ru ? `недоступно при «${n('other')}» = ${n('value')}` : `not with “${n('other')}” = ${n('value')}`;
    case 'before':
      return ru ? `должно быть раньше, чем «${n('other')}»` : `must be before “${n('other')}”`;
    case 'notSelf':
      return ru ? 'нужен другой аккаунт, не ваш' : 'another account, not yours';
    case 'maxDays':
      return ru ? `не больше ${n('max')} дн.` : `at most ${n('max')} days`;
    case 'minDigits':
      return ru ? `не меньше ${n('min')} цифр` : `at least ${n('min')} digits`;
    case 'unavailable':
      return ru ? 'неизвестно, чужое или уже используется' : 'unknown, not yours, or in use already';
    case 'permutation':
      return ru ? 'каждый элемент ровно один раз' : 'each item exactly once';
    case 'role':
      return ru ? 'нужен сотрудник поддержки' : 'must be support staff';
    default:
      return ru ? 'неверное значение' : 'invalid value';
  }
}

/** The field errors of a refusal, each as «label — rule» in the panel's language; `label` names a field path. */
export function fieldErrorsText(error: unknown, locale: string, label: (field: string) => string = (f) => f): string {
  if (!isApiError(error)) return '';
  const fieldErrors = error.extensions['fieldErrors'];
  if (!Array.isArray(fieldErrors)) return '';
  return (fieldErrors as FieldError[]).map((entry) => `${label(entry.field)} — ${ruleText(entry, locale)}`).join('; ');
}

/** The panel's sentence for a refusal's code, with the extensions filled in, or null for a code it does not know. */
export function codeText(error: unknown, locale: string): string | null {
  if (!isApiError(error)) return null;
  const text = CODE_TEXT[error.code];
  if (!text) return null;
  const sentence = locale === 'en' ? text.en : text.ru;
  return sentence.replace(/%\{(\w+)\}/g, (_, name: string) => String(error.extensions[name] ?? ''));
}

/**
 * A form validator that checks text as the API does: trimmed first, then its length (`TextLength(min, max)` on the
 * API's inputs), so "  ab " is as short as "ab". `min` above 0 makes it required. The text is sent as typed; the API
 * trims it. (Trimming while typing would swallow the space between two words.)
 */
export const textLength = (min: number, max: number) => (value: unknown) => {
  const length = typeof value === 'string' ? value.trim().length : 0;
  if (min > 0 && length === 0) return 'ra.validation.required';
  if (length < min) return { message: 'ra.validation.minLength', args: { min } };
  if (length > max) return { message: 'ra.validation.maxLength', args: { max } };
  return undefined;
};

/** A sentence of the table by its code, in the panel's language (codes it does not know: the UNKNOWN sentence). */
export function textOf(code: string, locale: string): string {
  const text = CODE_TEXT[code] ?? CODE_TEXT['UNKNOWN'];
  return (locale === 'en' ? text?.en : text?.ru) ?? code;
}

/**
 * The panel's one way to put a refusal into words: the table's sentence for its code (UNKNOWN for anything else),
 * followed by the field rules it broke. Used by `useAction`, the data provider and every load error.
 */
export function refusalText(error: unknown, locale: string, label: (field: string) => string = formField): string {
  const sentence = codeText(error, locale) ?? textOf('UNKNOWN', locale);
  const fields = fieldErrorsText(error, locale, label);
  return fields ? `${sentence} ${fields}.` : sentence;
}

/** A field path as a form names it: `input.url` → `url`. */
export const formField = (path: string): string => path.replace(/^input\./, '');
