import polyglotI18nProvider from 'ra-i18n-polyglot';
import { localStorageStore, mergeTranslations, type Store } from 'react-admin';
import { modules } from '../registry';
import { ru } from './ru';
import { en } from './en';

/** The panel's own strings, react-admin's translation pack, and each module's strings under `support.<module>`. */
const messages = {
  ru: mergeTranslations(ru, ...modules.map((module) => module.messages.ru)) as typeof ru,
  en: mergeTranslations(en, ...modules.map((module) => module.messages.en)) as typeof en,
} as const;

/** Russian by default; English on request. Every label of the project has a key in both. */
export const i18nProvider = polyglotI18nProvider((locale) => messages[locale as keyof typeof messages] ?? ru, 'ru', [
  { locale: 'ru', name: 'Русский' },
  { locale: 'en', name: 'English' },
]);

/**
 * react-admin's preferences store, except that the chosen language survives the reset react-admin does on every
 * logout (and on every anonymous visit, which it treats as one).
 */
function localeKeepingStore(store: Store): Store {
  return {
    ...store,
    reset() {
      const locale = store.getItem<string>('locale');
      store.reset();
      if (locale) store.setItem('locale', locale);
    },
  };
}

export const store = localeKeepingStore(localStorageStore());
