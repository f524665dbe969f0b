import russianMessages from 'ra-language-russian';

export const ru = {
  ...russianMessages,
  support: {
    title: 'Поддержка маркетплейса',
    dashboard: {
      welcome: 'Панель сотрудника поддержки',
      intro: 'Обращения, чаты, категории и горячая линия — в меню слева.',
    },
  },
};
