/** The module's Russian strings (the panel's default language; English loads on demand from messages.en.ts). */
export const ru = {
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
