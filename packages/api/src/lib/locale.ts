import type { IncomingMessage } from 'node:http';
import accepts from 'accepts';

export const LOCALES = ['ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** The language a client asked for in Accept-Language: Russian by default, English on request. */
export function localeOf(request: IncomingMessage): Locale {
  const chosen = accepts(request).languages([...LOCALES]);
  return chosen === 'en' ? 'en' : 'ru';
}

/** Picks the title in the caller's language. */
export const localized = (locale: Locale, ru: string, en: string): string => (locale === 'en' ? en : ru);
