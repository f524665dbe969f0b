import { localized, type Locale } from '../../lib/locale.js';
import type { HotlineView } from './hotline.service.js';
import type { SupportChannelType } from './hotline.types.js';

export const SUPPORT_EMAIL = 'support@marketplace.example';

/** Formats +79584000005 as +7 958 400-00-05. */
export const displayPhone = (e164: string): string =>
  /^\+7\d{10}$/.test(e164) ? `+7 ${e164.slice(2, 5)} ${e164.slice(5, 8)}-${e164.slice(8, 10)}-${e164.slice(10)}` : e164;

/** The Help screen's list of ways to reach support, with the hotline's live status. */
export function supportChannels(hotline: HotlineView, locale: Locale): SupportChannelType[] {
  const t = (ru: string, en: string) => localized(locale, ru, en);
  const { settings, status } = hotline;
  return [
    {
      kind: 'ONLINE_CHAT',
      title: t('Чат с поддержкой', 'Support chat'),
      purpose: t(
        'Любые вопросы о заказах, оплате, возвратах и аккаунте. Бот сразу подскажет статьи, оператор подключится по запросу.',
        'Any question about orders, payments, returns and your account. The bot suggests articles at once; an agent joins on request.',
      ),
      contact: null,
      extension: null,
      availableNow: true,
      nextAvailableAt: null,
      expectedResponse: t('Бот — сразу, оператор — в течение 15 минут', 'Bot at once, an agent within 15 minutes'),
      expectedResponseMinutes: 15,
      rules: [],
    },
    {
      kind: 'HOTLINE',
      title: t('Горячая линия', 'Hotline'),
      purpose: localized(locale, settings.purposeRu, settings.purposeEn),
      contact: displayPhone(settings.phone),
      extension: settings.extension ?? null,
      availableNow: status.isOpenNow,
      nextAvailableAt: status.nextOpenAt,
      expectedResponse: t(
        'Ответ оператора в течение 5 минут в часы работы',
        'An agent answers within 5 minutes during opening hours',
      ),
      expectedResponseMinutes: 5,
      rules: settings.extension
        ? [
            t(
              `После соединения наберите добавочный ${settings.extension}`,
              `Dial extension ${settings.extension} once connected`,
            ),
          ]
        : [],
    },
    {
      kind: 'EMAIL',
      title: t('Электронная почта', 'Email'),
      purpose: t('Подробные вопросы с документами и скриншотами', 'Detailed questions with documents and screenshots'),
      contact: SUPPORT_EMAIL,
      extension: null,
      availableNow: true,
      nextAvailableAt: null,
      expectedResponse: t('В течение 24 часов', 'Within 24 hours'),
      expectedResponseMinutes: 24 * 60,
      rules: [
        t(
          'Укажите номер обращения (например, T-2026-0000123) в теме письма — так ответ придёт быстрее',
          'Put the request number (e.g. T-2026-0000123) in the subject line so we can answer faster',
        ),
      ],
    },
    {
      kind: 'SOCIAL',
      title: t('Социальные сети', 'Social networks'),
      purpose: t(
        'Новости и общие вопросы; персональные данные и номера заказов в соцсетях не пишите',
        'News and general questions; never post personal data or order numbers there',
      ),
      contact: 'https://vk.com/marketplace_support',
      extension: null,
      availableNow: true,
      nextAvailableAt: null,
      expectedResponse: t('В течение рабочего дня', 'Within a business day'),
      expectedResponseMinutes: 9 * 60,
      rules: [
        t('Для вопросов о заказах используйте чат с поддержкой', 'For questions about orders, use the support chat'),
      ],
    },
  ];
}
