import russianMessages from 'ra-language-russian';

export const ru = {
  ...russianMessages,
  support: {
    title: 'Поддержка маркетплейса',
    dashboard: {
      welcome: 'Панель сотрудника поддержки',
      greeting: 'Здравствуйте, %{name}!',
      intro: 'Обращения, чаты, категории и горячая линия — в меню слева.',
    },
    date_parts: { day: 'ДД', month: 'ММ', year: 'ГГГГ', time: 'ЧЧ:ММ', invalid: 'Нужно: %{hint}' },
    sessions: {
      title: 'Мои сеансы',
      current: 'Это устройство',
      unknown_device: 'Неизвестное устройство',
      details: 'Последняя активность: %{lastSeen} (МСК) · %{location}',
      load_error: 'Не удалось загрузить сеансы. Обновите страницу.',
    },
    auth: {
      title: 'Вход для сотрудников',
      phone: 'Номер телефона',
      phone_hint: 'Например, +7 900 000-00-01',
      send_code: 'Получить код',
      send_code_in: 'Получить код через %{wait}',
      code_sent: 'Код отправлен в SMS на номер %{phone}',
      code: 'Код из SMS',
      sign_in: 'Войти',
      change_phone: 'Другой номер',
      resend: 'Отправить код ещё раз',
      resend_in: 'Новый код через %{wait}',
      wait_seconds: '%{seconds} с',
      wait_minutes: '%{minutes} мин',
      dev_outbox: 'Разработка: отправленные коды видны в',
      session_expired: 'Сеанс завершён. Войдите снова.',
      errors: {
        not_staff:
          'Панель только для сотрудников поддержки, а у этого аккаунта нет такой роли. Покупатели и продавцы входят через приложение маркетплейса.',
        RATE_LIMITED: 'Слишком много запросов кода. Повторите через %{wait}.',
        invalid_phone: 'Это не похоже на номер телефона. Введите номер целиком, например +7 900 000-00-01.',
        code_format: 'Код состоит из 6 цифр.',
        LOGIN_CODE_INVALID: 'Неверный код. Осталось попыток: %{attemptsLeft}.',
        LOGIN_CODE_EXPIRED: 'Код истёк или уже использован. Запросите новый.',
        NOT_FOUND: 'Запрос кода больше не действует. Запросите новый код.',
        LOGIN_ATTEMPTS_EXCEEDED: 'Слишком много неверных попыток. Запросите новый код.',
        NETWORK_ERROR: 'Нет связи с сервером. Проверьте подключение и повторите.',
        UNKNOWN: 'Не удалось войти. Повторите попытку позже.',
      },
    },
  },
  resources: {},
};
