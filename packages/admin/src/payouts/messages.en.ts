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
        COMPLETED: 'Completed',
        FAILED: 'Failed',
        CANCELLED: 'Cancelled',
      },
      destination: { CARD: 'Marketplace card', BANK_ACCOUNT: 'Bank account' },
      actions: {
        retry: 'Retry',
        cancel: 'Cancel',
        retried: 'The payout is sent again',
        cancelled: 'The payout is cancelled',
        retry_title: 'Retry the payout of %{amount}?',
        retry_content: 'The amount is held on the customer’s balance again and sent to the bank.',
        cancel_title: 'Cancel the payout of %{amount}?',
        cancel_pending:
          'The payout has not gone to the bank yet: it is cancelled and the money returns to the balance.',
        cancel_failed:
          'The payout failed and the money is back on the customer’s balance. Cancelling closes it without a retry.',
      },
      errors: {
        CONFLICT: 'The payout’s status has changed. The list is refreshed.',
        PAYOUT_NOT_CANCELLABLE: 'The payout’s status has changed. The list is refreshed.',
        PAYOUT_NOT_RETRYABLE: 'The payout’s status has changed. The list is refreshed.',
        INSUFFICIENT_FUNDS: 'The customer’s balance does not cover a retry: %{available} available.',
        NOT_FOUND: 'The payout was not found.',
        FORBIDDEN: 'Only admins retry and cancel payouts.',
        NETWORK_ERROR: 'No connection to the server. Check it and try again.',
        unknown: 'The action failed.',
      },
    },
  },
  resources: { payouts: { name: 'Payout |||| Payouts' } },
};
