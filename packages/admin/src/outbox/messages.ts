import type { ModuleMessages } from '../modules';

const ru = {
  support: {
    outbox: {
      title: 'Исходящие (разработка)',
      menu: 'Исходящие (dev)',
      intro:
        'Только для разработки: сообщения, которые API отправил бы по SMS, звонком, push или почтой, — с кодами входа. В production этой страницы нет.',
      recipient: 'Получатель',
      recipient_helper: 'Телефон или адрес почты; часть номера ищет среди последних сообщений.',
      auto_refresh: 'Обновлять каждые 3 секунды',
      refresh: 'Обновить',
      empty: 'Сообщений нет.',
      not_served: 'API не отдаёт /dev/outbox: так и должно быть в production.',
      load_error: 'Не удалось загрузить исходящие: %{detail}',
      fields: {
        createdAt: 'Время',
        channel: 'Канал',
        to: 'Получатель',
        purpose: 'Назначение',
        code: 'Код',
        text: 'Текст',
        status: 'Статус',
      },
      caller: 'звонок с номера %{number}',
      purpose: {
        login_code: 'код входа',
        new_device_login: 'вход с нового устройства',
        session_revoked: 'сеанс завершён',
        ticket_created: 'обращение создано',
        ticket_reply: 'ответ по обращению',
      },
      status: { QUEUED: 'В очереди', SENT: 'Отправлено', FAILED: 'Ошибка' },
      channel: { SMS: 'SMS', CALL: 'Звонок', PUSH: 'Push', EMAIL: 'Почта', SECURITY_CHAT: 'Чат «Безопасность»' },
    },
  },
};

const en: typeof ru = {
  support: {
    outbox: {
      title: 'Outbox (development)',
      menu: 'Outbox (dev)',
      intro:
        'Development only: the messages the API would send by SMS, call, push or email, with login codes. There is no such page in production.',
      recipient: 'Recipient',
      recipient_helper: 'A phone or an email; part of a number searches the latest messages.',
      auto_refresh: 'Refresh every 3 seconds',
      refresh: 'Refresh',
      empty: 'No messages.',
      not_served: 'The API does not serve /dev/outbox, as in production.',
      load_error: 'The outbox could not be loaded: %{detail}',
      fields: {
        createdAt: 'Time',
        channel: 'Channel',
        to: 'Recipient',
        purpose: 'Purpose',
        code: 'Code',
        text: 'Text',
        status: 'Status',
      },
      caller: 'call from %{number}',
      purpose: {
        login_code: 'login code',
        new_device_login: 'new device login',
        session_revoked: 'session ended',
        ticket_created: 'ticket filed',
        ticket_reply: 'ticket reply',
      },
      status: { QUEUED: 'Queued', SENT: 'Sent', FAILED: 'Failed' },
      channel: { SMS: 'SMS', CALL: 'Call', PUSH: 'Push', EMAIL: 'Email', SECURITY_CHAT: 'Security chat' },
    },
  },
};

export const messages: ModuleMessages<typeof ru> = { ru, en };
