/** The module's Russian strings (the panel's default language; English loads on demand from messages.en.ts). */
export const ru = {
  support: {
    catalog: {
      tree_title: 'Категории и проблемы',
      category: 'Категория',
      problem: 'Проблема',
      category_title: 'Категория «%{title}»',
      problem_title: 'Проблема «%{title}»',
      new_category: 'Новая категория',
      new_problem: 'Новая проблема',
      add_category: 'Добавить категорию',
      add_problem: 'Добавить проблему',
      in_category: 'В категории «%{title}»',
      edit: 'Изменить «%{title}»',
      move_up: 'Поднять «%{title}»',
      move_down: 'Опустить «%{title}»',
      drag: 'Перетащите, чтобы изменить порядок',
      reordered: 'Порядок сохранён',
      empty: 'Категорий пока нет.',
      view_only: 'Просмотр: изменять категории и проблемы могут только администраторы.',
      admins_only: 'Изменять категории и проблемы могут только администраторы.',
      back: 'К списку категорий',
      other_hint:
        '«Другое» есть в каждой категории и всегда стоит последней: у неё меняются только названия и класс SLA.',
      delete_title: 'Удалить «%{title}»?',
      delete_category_content:
        'Категория будет удалена вместе со всеми её проблемами. Если по ним уже есть обращения, удалить не получится — тогда её можно выключить.',
      delete_problem_content:
        'Проблема будет удалена. Если по ней уже есть обращения, удалить не получится — тогда её можно выключить.',
      fields: {
        titleRu: 'Название на русском',
        titleEn: 'Название на английском',
        audience: 'Для кого',
        active: 'Показывать клиентам',
        slaClass: 'Класс SLA',
        urgentAvailable: 'Можно запросить срочную обработку',
        requiresOrderNumber: 'Нужен номер заказа',
      },
      audience: { BUYER: 'Покупатели', SELLER: 'Продавцы', ALL: 'Покупатели и продавцы' },
      sla_class: { STANDARD: 'Стандарт (24 часа)', URGENT: 'Срочно (2 часа)', COMPLEX: 'Сложное (3 рабочих дня)' },
      chips: {
        inactive: 'Скрыта от клиентов',
        urgent: 'Срочно по запросу',
        order_number: 'Номер заказа',
        other: 'Другое',
      },
      validation: {
        urgent_complex: 'Сложные обращения нельзя обрабатывать срочно: выберите другой класс SLA.',
      },
    },
  },
  resources: { catalog: { name: 'Категория |||| Категории и проблемы' } },
};
