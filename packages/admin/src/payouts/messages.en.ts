import type { ru } from './messages';

/** The module's English strings, loaded when the panel switches to English. */
export const en: typeof ru = {
  support: {
    payouts: {
      fields: {
        createdAt: 'Created',
        customer: 'Customer',
        amount: 'Amount',
        destination: 'To',
        status: 'Status',
        failureReason: 'Failure reason',
      },
      status: {
        PENDING: 'Waiting to be sent',
        PROCESSING: 'Being sent to the bank',
        UNKNOWN: 'Outcome unknown',
        COMPLETED: 'Completed',
        FAILED: 'Failed',
        CANCELLED: 'Cancelled',
      },
      destination: { CARD: 'Marketplace card', BANK_ACCOUNT: 'Bank account' },
      actions: {
        retry: 'Retry',
        cancel: 'Cancel',
        done_retry: 'The payout is sent again',
        done_cancel: 'The payout is cancelled',
        done_paid: 'The payout is settled',
        done_not_paid: 'The money is back on the customer’s balance',
        paid: 'The bank paid',
        not_paid: 'The bank did not pay',
        ask_again: 'Ask the bank again',
        paid_title: 'Did the bank pay %{amount}?',
        paid_content: 'Check with the bank that the money reached the recipient: the payout will be settled for good.',
        not_paid_title: 'The bank did not pay %{amount}?',
        not_paid_content: 'Check with the bank that the money did not leave: it returns to the customer’s balance.',
        ask_again_content:
          'The bank gets the same idempotency key: it will not repeat a payment it made, it will report its outcome.',
        retry_title: 'Retry the payout of %{amount}?',
        retry_content: 'The amount is held on the customer’s balance again and sent to the bank.',
        cancel_title: 'Cancel the payout of %{amount}?',
        cancel_pending:
          'The payout has not gone to the bank yet: it is cancelled and the money returns to the balance.',
        cancel_failed:
          'The payout failed and the money is back on the customer’s balance. Cancelling closes it without a retry.',
      },
    },
  },
  resources: { payouts: { name: 'Payout |||| Payouts' } },
};
