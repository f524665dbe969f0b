import polyglotI18nProvider from 'ra-i18n-polyglot';
import { localStorageStore, mergeTranslations, type Store } from 'react-admin';
import { modules } from '../registry';
import { ru } from './ru';

const russian = mergeTranslations(ru, ...modules.map((module) => module.messages.ru)) as typeof ru;

/** English: react-admin's pack, the panel's own strings and each module's, loaded on demand. */
async function english(): Promise<typeof ru> {
  const [{ en }, ...parts] = await Promise.all([import('./en'), ...modules.map((module) => module.messages.en())]);
  return mergeTranslations(en, ...parts) as typeof ru;
}

/** Russian by default; English on request. Every label of the project has a key in both. */
export const i18nProvider = polyglotI18nProvider((locale) => (locale === 'en' ? english() : russian), 'ru', [
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
