// The greeting (support.dashboard.welcome, greeting, intro) is in src/i18n with the panel's own strings.
/** The module's Russian strings (the panel's default language; English loads on demand from messages.en.ts). */
export const ru = {
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
      retry: 'Повторить',
    },
  },
};
