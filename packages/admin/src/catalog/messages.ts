import type { ModuleMessages } from '../modules';

const ru = {
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
      errors: {
        in_use:
          'Удалить нельзя: по этой записи уже есть обращения. Снимите отметку «Показывать клиентам», чтобы скрыть её.',
        conflict: 'Это изменение противоречит текущему состоянию каталога. Обновите страницу и повторите.',
        bad_input: 'Проверьте поля: названия на обоих языках обязательны, сложные обращения не бывают срочными.',
        forbidden: 'Изменять каталог могут только администраторы.',
        not_found: 'Запись не найдена: возможно, её уже удалили.',
        network: 'Нет связи с сервером. Проверьте подключение и повторите.',
        reorder_failed: 'Не удалось сохранить порядок. Список обновлён — повторите.',
      },
    },
  },
  resources: { catalog: { name: 'Категория |||| Категории и проблемы' } },
};

const en: typeof ru = {
  support: {
    catalog: {
      tree_title: 'Categories and problems',
      category: 'Category',
      problem: 'Problem',
      category_title: 'Category “%{title}”',
      problem_title: 'Problem “%{title}”',
      new_category: 'New category',
      new_problem: 'New problem',
      add_category: 'Add category',
      add_problem: 'Add problem',
      in_category: 'In the category “%{title}”',
      edit: 'Edit “%{title}”',
      move_up: 'Move “%{title}” up',
      move_down: 'Move “%{title}” down',
      drag: 'Drag to change the order',
      reordered: 'Order saved',
      empty: 'No categories yet.',
      view_only: 'View only: only administrators can change categories and problems.',
      admins_only: 'Only administrators can change categories and problems.',
      back: 'Back to the categories',
      other_hint: '“Other” is in every category and always comes last: only its titles and SLA class can change.',
      delete_title: 'Delete “%{title}”?',
      delete_category_content:
        'The category is deleted with all its problems. If appeals already use them, it cannot be deleted — hide it from customers instead.',
      delete_problem_content:
        'The problem is deleted. If appeals already use it, it cannot be deleted — hide it from customers instead.',
      fields: {
        titleRu: 'Title in Russian',
        titleEn: 'Title in English',
        audience: 'For',
        active: 'Shown to customers',
        slaClass: 'SLA class',
        urgentAvailable: 'Urgent handling can be requested',
        requiresOrderNumber: 'Order number required',
      },
      audience: { BUYER: 'Buyers', SELLER: 'Sellers', ALL: 'Buyers and sellers' },
      sla_class: { STANDARD: 'Standard (24 hours)', URGENT: 'Urgent (2 hours)', COMPLEX: 'Complex (3 business days)' },
      chips: {
        inactive: 'Hidden from customers',
        urgent: 'Urgent on request',
        order_number: 'Order number',
        other: 'Other',
      },
      validation: {
        urgent_complex: 'Complex cases cannot be handled urgently: choose another SLA class.',
      },
      errors: {
        in_use: 'It cannot be deleted: appeals already use it. Untick “Shown to customers” to hide it instead.',
        conflict: 'This change conflicts with the current catalog. Reload the page and try again.',
        bad_input: 'Check the fields: titles in both languages are required, and complex cases cannot be urgent.',
        forbidden: 'Only administrators can change the catalog.',
        not_found: 'Not found: it may have been deleted already.',
        network: 'No connection to the server. Check the connection and try again.',
        reorder_failed: 'The order could not be saved. The list has been reloaded — try again.',
      },
    },
  },
  resources: { catalog: { name: 'Category |||| Categories and problems' } },
};

export const messages: ModuleMessages<typeof ru> = { ru, en };
