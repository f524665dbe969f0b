import englishMessages from 'ra-language-english';
import type { ru } from './ru';

export const en: typeof ru = {
  ...(englishMessages as unknown as typeof ru),
  support: {
    title: 'Marketplace support',
    dashboard: {
      welcome: 'Support staff panel',
      intro: 'Tickets, chats, categories and the hotline are in the menu on the left.',
    },
  },
};
