import polyglotI18nProvider from 'ra-i18n-polyglot';
import { ru } from './ru';
import { en } from './en';

const messages = { ru, en } as const;

/** Russian by default; English on request. Every label of the project has a key in both. */
export const i18nProvider = polyglotI18nProvider((locale) => messages[locale as keyof typeof messages] ?? ru, 'ru', [
  { locale: 'ru', name: 'Русский' },
  { locale: 'en', name: 'English' },
]);
