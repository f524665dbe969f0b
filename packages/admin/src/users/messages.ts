/** The module's Russian strings (the panel's default language; English loads on demand from messages.en.ts). */
export const ru = {
  support: {
    users: {
      fields: {
        displayName: 'Имя',
        phone: 'Телефон',
        roles: 'Роли',
        createdAt: 'Зарегистрирован',
      },
      filters: {
        text: 'Имя или телефон',
        role: 'Роль',
      },
      role: {
        CUSTOMER: 'Покупатель',
        SELLER: 'Продавец',
        AGENT: 'Агент поддержки',
        SENIOR_AGENT: 'Старший агент',
        ADMIN: 'Администратор',
      },
      roles_title: 'Роли',
      roles_hint:
        'Роли действуют с ближайшего обновления сеанса пользователя (не позже чем через 10 минут) или со следующего входа.',
      has_role: 'есть',
      no_role: 'нет',
      you: 'это вы',
      grant: 'Выдать',
      revoke: 'Снять',
      confirm_grant_title: 'Выдать роль «%{role}»?',
      confirm_grant: 'Пользователь %{name} (%{phone}) получит роль «%{role}».',
      confirm_revoke_title: 'Снять роль «%{role}»?',
      confirm_revoke: 'У пользователя %{name} (%{phone}) больше не будет роли «%{role}».',
      granted: 'Роль «%{role}» выдана',
      revoked: 'Роль «%{role}» снята',
      refused: 'Сервер отказал',
    },
  },
  resources: { users: { name: 'Пользователь |||| Пользователи' } },
};
