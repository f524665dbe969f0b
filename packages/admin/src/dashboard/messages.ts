import type { ModuleMessages } from '../modules';

// The greeting (support.dashboard.welcome, greeting, intro) is in src/i18n with the panel's own strings.
const ru = {
  support: {
    dashboard: {
      range: {
        label: 'Период',
        from: 'С',
        to: 'По',
        days_7: '7 дней',
        days_30: '30 дней',
        days_90: '90 дней',
        days_365: 'Год',
        invalid: 'Выберите даты начала и конца периода.',
        reversed: 'Начало периода позже его конца.',
        too_long: 'Период не длиннее 366 дней.',
        moscow: 'Дни считаются по московскому времени.',
      },
      totals: {
        created: 'Создано',
        resolved: 'Решено',
        open: 'Открыто сейчас',
        first_response: 'Первый ответ в срок',
        resolution: 'Решение в срок',
        median: 'Медиана первого ответа',
      },
      per_day: {
        title: 'Обращения по дням',
        created: 'Создано',
        resolved: 'Решено',
      },
      open_by_status: {
        title: 'Открытые обращения по статусам',
        hint: 'Из созданных за период — те, что открыты сейчас.',
        count: 'Обращений',
      },
      sla: {
        title: 'Соблюдение SLA по категориям',
        hint: 'Доля обращений, где первый ответ и решение уложились в срок. Обращения, срок которых ещё не наступил, не учитываются.',
        first_response: 'Первый ответ, %',
        resolution: 'Решение, %',
        met_of: '%{met} из %{total}',
        none: 'нет данных',
        pending: 'ещё в срок: %{count}',
      },
      median: {
        title: 'Медиана времени первого ответа по категориям',
        hours: 'Часы',
      },
      table: {
        title: 'По категориям',
        category: 'Категория',
        created: 'Создано',
        first_response: 'Первый ответ в срок',
        resolution: 'Решение в срок',
        median: 'Медиана первого ответа',
        overall: 'Все категории',
      },
      duration: {
        seconds: '%{seconds} с',
        minutes: '%{minutes} мин',
        hours: '%{hours} ч',
        hours_minutes: '%{hours} ч %{minutes} мин',
        days_hours: '%{days} д %{hours} ч',
      },
      no_data: 'За период обращений нет',
      load_failed: 'Не удалось загрузить статистику.',
      errors: {
        BAD_USER_INPUT: 'Сервер не принял период: %{message}',
        FORBIDDEN: 'Статистика доступна только сотрудникам поддержки.',
        NETWORK_ERROR: 'Нет связи с сервером. Проверьте подключение и повторите.',
      },
      retry: 'Повторить',
    },
  },
};

const en: typeof ru = {
  support: {
    dashboard: {
      range: {
        label: 'Period',
        from: 'From',
        to: 'To',
        days_7: '7 days',
        days_30: '30 days',
        days_90: '90 days',
        days_365: 'Year',
        invalid: 'Choose the first and the last day of the period.',
        reversed: 'The period starts after it ends.',
        too_long: 'The period is at most 366 days.',
        moscow: 'Days are counted in Moscow time.',
      },
      totals: {
        created: 'Filed',
        resolved: 'Resolved',
        open: 'Open now',
        first_response: 'First response in time',
        resolution: 'Resolved in time',
        median: 'Median first response',
      },
      per_day: {
        title: 'Tickets per day',
        created: 'Filed',
        resolved: 'Resolved',
      },
      open_by_status: {
        title: 'Open tickets by status',
        hint: 'Of the tickets filed in the period, those open now.',
        count: 'Tickets',
      },
      sla: {
        title: 'SLA compliance by category',
        hint: 'The share of tickets whose first response and resolution came in time. Tickets not yet due are left out.',
        first_response: 'First response, %',
        resolution: 'Resolution, %',
        met_of: '%{met} of %{total}',
        none: 'no data',
        pending: 'not yet due: %{count}',
      },
      median: {
        title: 'Median first response time by category',
        hours: 'Hours',
      },
      table: {
        title: 'By category',
        category: 'Category',
        created: 'Filed',
        first_response: 'First response in time',
        resolution: 'Resolved in time',
        median: 'Median first response',
        overall: 'All categories',
      },
      duration: {
        seconds: '%{seconds} s',
        minutes: '%{minutes} min',
        hours: '%{hours} h',
        hours_minutes: '%{hours} h %{minutes} min',
        days_hours: '%{days} d %{hours} h',
      },
      no_data: 'No tickets in this period',
      load_failed: 'The statistics could not be loaded.',
      errors: {
        BAD_USER_INPUT: 'The server did not accept the period: %{message}',
        FORBIDDEN: 'Statistics are for support staff only.',
        NETWORK_ERROR: 'No connection to the server. Check the connection and try again.',
      },
      retry: 'Retry',
    },
  },
};

export const messages: ModuleMessages<typeof ru> = { ru, en };
