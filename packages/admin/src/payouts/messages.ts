/** The module's Russian strings (the panel's default language; English loads on demand from messages.en.ts). */
export const ru = {
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
        UNKNOWN: 'Исход неизвестен',
        COMPLETED: 'Выполнена',
        FAILED: 'Не прошла',
        CANCELLED: 'Отменена',
      },
      destination: { CARD: 'Карта маркетплейса', BANK_ACCOUNT: 'Счёт в банке' },
      actions: {
        retry: 'Повторить',
        cancel: 'Отменить',
        done_retry: 'Выплата отправлена повторно',
        done_cancel: 'Выплата отменена',
        done_paid: 'Выплата проведена',
        done_not_paid: 'Деньги вернулись на баланс клиента',
        paid: 'Банк выплатил',
        not_paid: 'Банк не выплатил',
        ask_again: 'Спросить банк снова',
        paid_title: 'Банк выплатил %{amount}?',
        paid_content: 'Проверьте в банке, что деньги ушли получателю: выплата будет проведена окончательно.',
        not_paid_title: 'Банк не выплатил %{amount}?',
        not_paid_content: 'Проверьте в банке, что деньги не ушли: сумма вернётся на баланс клиента.',
        ask_again_content:
          'Банк получит тот же ключ идемпотентности: уже проведённую выплату он не повторит, а сообщит её исход.',
        retry_title: 'Повторить выплату %{amount}?',
        retry_content: 'Сумма снова будет зарезервирована на балансе клиента и отправлена в банк.',
        cancel_title: 'Отменить выплату %{amount}?',
        cancel_pending: 'Выплата ещё не отправлена в банк: она будет отменена, деньги вернутся на баланс клиента.',
        cancel_failed:
          'Выплата не прошла, деньги уже вернулись на баланс клиента. Отмена закроет её без повторной отправки.',
      },
    },
  },
  resources: { payouts: { name: 'Выплата |||| Выплаты' } },
};
