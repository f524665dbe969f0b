import type { ru } from './messages';

/** The module's English strings, loaded when the panel switches to English. */
export const en: typeof ru = {
  support: {
    cards: {
      title_one: 'Card application: %{phone}',
      fields: {
        phone: 'Phone',
        email: 'Email',
        status: 'Status',
        createdAt: 'Submitted',
        rejectionReason: 'Rejection reason',
        codeWord: 'Code word',
        codeWordResetAt: 'Reset',
        phone_search: 'Phone (digits)',
      },
      status: { SUBMITTED: 'Under review', APPROVED: 'Approved', REJECTED: 'Rejected', ISSUED: 'Card issued' },
      code_word: {
        set: 'set',
        not_set: 'not set',
        reset_by: '%{date}, by %{name}',
      },
      decision: {
        title: 'Decision',
        approve: 'Approve',
        reject: 'Reject',
        issue: 'Card issued',
        reason: 'Rejection reason',
        reason_hint: 'The customer sees it in the notification.',
        reject_title: 'Reject the application',
        cancel: 'Cancel',
        approved: 'The application is approved',
        rejected: 'The application is rejected',
        issued: 'Marked as issued',
        final: 'The application is decided; nothing is left to do.',
        not_allowed: 'Senior agents and admins decide applications.',
      },
      verify: {
        title: 'Code word check',
        hint: 'Type the word the customer says. Checks are limited, and each is recorded in the audit log.',
        input: 'The word the customer says',
        check: 'Check',
        matched: 'The code word matches.',
        mismatched: 'The code word does not match.',
        none: 'The customer has not set a code word yet: there is nothing to check.',
      },
      reset: {
        title: 'Code word reset',
        hint: 'If the customer forgot the word: identify them another way first. They set a new word in the app.',
        button: 'Reset the code word',
        confirm_title: 'Reset the code word?',
        confirm_content: 'The old word stops working and the customer is notified.',
        done: 'The code word is reset',
      },
    },
  },
  resources: { cards: { name: 'Card application |||| Card applications' } },
};
