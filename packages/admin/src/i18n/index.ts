import polyglotI18nProvider from 'ra-i18n-polyglot';
import { localStorageStore, mergeTranslations, type Store } from 'react-admin';
import { modules } from '../registry';
import { ru } from './ru';

/** Each area's Russian strings, once loaded (the login page does without them). */
let areaStrings: object[] | null = null;

const russian = () => mergeTranslations(ru, ...(areaStrings ?? [])) as typeof ru;

/** English: react-admin's pack, the panel's own strings and each area's, loaded on demand. */
async function english(): Promise<typeof ru> {
  const [{ en }, ...parts] = await Promise.all([import('./en'), ...modules.map((module) => module.messages.en())]);
  return mergeTranslations(en, ...parts) as typeof ru;
}

/** Russian by default; English on request. Every label of the project has a key in both. */
export const i18nProvider = polyglotI18nProvider((locale) => (locale === 'en' ? english() : russian()), 'ru', [
  { locale: 'ru', name: 'Русский' },
  { locale: 'en', name: 'English' },
]);

/**
 * Loads every area's strings (once) and makes them current: called before anything behind the login renders (the
 * auth provider's login and checkAuth), so the login page itself carries none of them.
 */
export async function loadAreaStrings(): Promise<void> {
  if (areaStrings) return;
  areaStrings = await Promise.all(modules.map((module) => module.messages.ru()));
  if (i18nProvider.getLocale() === 'ru') await i18nProvider.changeLocale('ru');
}

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
