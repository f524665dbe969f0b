import type { ru } from './messages';

/** The module's English strings, loaded when the panel switches to English. */
export const en: typeof ru = {
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
    },
  },
  resources: { catalog: { name: 'Category |||| Categories and problems' } },
};
