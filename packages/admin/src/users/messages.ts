import type { ModuleMessages } from '../modules';

const ru = {
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
      errors: {
        OWN_ADMIN:
          'Нельзя снять роль администратора с самого себя: так можно случайно потерять доступ. Попросите другого администратора.',
        CONFLICT: 'Изменение противоречит текущему состоянию аккаунта (%{message}).',
        FORBIDDEN: 'Выдавать и снимать роли могут только администраторы.',
        NOT_FOUND: 'Такого пользователя нет.',
        BAD_USER_INPUT: 'Сервер не принял данные (%{message}).',
        NETWORK_ERROR: 'Нет связи с сервером. Проверьте подключение и повторите.',
        unknown: 'Не удалось изменить роль (%{message}).',
      },
    },
  },
  resources: { users: { name: 'Пользователь |||| Пользователи' } },
};

const en: typeof ru = {
  support: {
    users: {
      fields: {
        displayName: 'Name',
        phone: 'Phone',
        roles: 'Roles',
        createdAt: 'Signed up',
      },
      filters: {
        text: 'Name or phone',
        role: 'Role',
      },
      role: {
        CUSTOMER: 'Customer',
        SELLER: 'Seller',
        AGENT: 'Support agent',
        SENIOR_AGENT: 'Senior agent',
        ADMIN: 'Administrator',
      },
      roles_title: 'Roles',
      roles_hint:
        "Roles take effect when the user's session next refreshes (within 10 minutes) or at their next login.",
      has_role: 'yes',
      no_role: 'no',
      you: 'you',
      grant: 'Grant',
      revoke: 'Revoke',
      confirm_grant_title: 'Grant the role “%{role}”?',
      confirm_grant: '%{name} (%{phone}) will get the role “%{role}”.',
      confirm_revoke_title: 'Revoke the role “%{role}”?',
      confirm_revoke: '%{name} (%{phone}) will no longer have the role “%{role}”.',
      granted: 'Role “%{role}” granted',
      revoked: 'Role “%{role}” revoked',
      refused: 'The server refused',
      errors: {
        OWN_ADMIN:
          'You cannot take the administrator role from yourself: you could lock yourself out. Ask another admin.',
        CONFLICT: 'The change conflicts with the account’s current state (%{message}).',
        FORBIDDEN: 'Only administrators grant and revoke roles.',
        NOT_FOUND: 'There is no such user.',
        BAD_USER_INPUT: 'The server did not accept the input (%{message}).',
        NETWORK_ERROR: 'No connection to the server. Check the connection and try again.',
        unknown: 'The role could not be changed (%{message}).',
      },
    },
  },
  resources: { users: { name: 'User |||| Users' } },
};

export const messages: ModuleMessages<typeof ru> = { ru, en };
