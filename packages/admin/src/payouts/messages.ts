import type { ModuleMessages } from '../modules';

const ru = {
  support: {
    payouts: {
      fields: {
        createdAt: 'Создана',
        customer: 'Клиент',
        amount: 'Сумма',
        destination: 'Куда',
        status: 'Статус',
        failureReason: 'Причина сбоя',
      },
      status: {
        PENDING: 'Ожидает отправки',
        PROCESSING: 'Отправляется в банк',
        COMPLETED: 'Выполнена',
        FAILED: 'Не прошла',
        CANCELLED: 'Отменена',
      },
      destination: { CARD: 'Карта маркетплейса', BANK_ACCOUNT: 'Счёт в банке' },
      actions: {
        retry: 'Повторить',
        cancel: 'Отменить',
        retried: 'Выплата отправлена повторно',
        cancelled: 'Выплата отменена',
        retry_title: 'Повторить выплату %{amount}?',
        retry_content: 'Сумма снова будет зарезервирована на балансе клиента и отправлена в банк.',
        cancel_title: 'Отменить выплату %{amount}?',
        cancel_pending: 'Выплата ещё не отправлена в банк: она будет отменена, деньги вернутся на баланс клиента.',
        cancel_failed:
          'Выплата не прошла, деньги уже вернулись на баланс клиента. Отмена закроет её без повторной отправки.',
      },
      errors: {
        CONFLICT: 'Статус выплаты уже изменился. Список обновлён.',
        INSUFFICIENT_FUNDS: 'На балансе клиента не хватает денег для повтора: доступно %{available}.',
        NOT_FOUND: 'Выплата не найдена.',
        FORBIDDEN: 'Повторять и отменять выплаты могут только администраторы.',
        NETWORK_ERROR: 'Нет связи с сервером. Проверьте подключение и повторите.',
        unknown: 'Не удалось выполнить действие.',
      },
    },
  },
  resources: { payouts: { name: 'Выплата |||| Выплаты' } },
};

const en: typeof ru = {
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

export const messages: ModuleMessages<typeof ru> = { ru, en };
