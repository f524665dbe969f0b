import { getMetadataStorage, type ValidationError } from 'class-validator';
import type { Locale } from './locale.js';

/**
 * A field error in machine form: which rule the value broke and the rule's limits, e.g.
 * `{ rule: 'maxLength', max: 200 }`. Clients phrase it themselves from `rule` and the limits; the API also sends a
 * message in the request's language.
 */
export type FieldRule =
  | { rule: 'required' }
  | { rule: 'minLength'; min: number }
  | { rule: 'maxLength'; max: number }
  | { rule: 'minItems'; min: number }
  | { rule: 'maxItems'; max: number }
  | { rule: 'min'; min: number | string }
  | { rule: 'max'; max: number | string }
  | { rule: 'range'; min: number | string; max: number | string }
  | { rule: 'oneOf'; values: readonly string[] }
  | { rule: 'format'; format: FieldFormat }
  | { rule: 'unique' }
  | { rule: 'noNullCharacter' }
  | { rule: 'wellFormedUnicode' }
  | { rule: 'custom'; message: string };

/** Shapes a value must have, named once for both languages. */
export const FIELD_FORMATS = {
  id: ['an id this API gave out', 'идентификатор, выданный этим API'],
  cursor: ['a cursor this API gave out', 'курсор, выданный этим API'],
  email: ['an email address', 'адрес электронной почты'],
  phone: ['a phone number', 'номер телефона'],
  date: ['a date, YYYY-MM-DD', 'дата в виде ГГГГ-ММ-ДД'],
  dateTime: ['a date and time, ISO 8601 (2026-01-31T09:00:00Z)', 'дата и время по ISO 8601 (2026-01-31T09:00:00Z)'],
  time: ['a time, HH:mm from 00:00 to 23:59', 'время ЧЧ:мм от 00:00 до 23:59'],
  integer: ['a whole number', 'целое число'],
  kopecks: ['whole kopecks, written as digits', 'целое число копеек цифрами'],
  text: ['text', 'текст'],
  boolean: ['true or false', 'true или false'],
  list: ['a list', 'список'],
  key: ['8 to 100 letters, digits, - or _', 'от 8 до 100 латинских букв, цифр, - или _'],
  url: ['a full http:// or https:// address', 'полный адрес http:// или https://'],
  publicUrl: ['a public address (not loopback or private)', 'публичный адрес (не локальный и не частный)'],
  digits: ['digits only', 'только цифры'],
} as const;
export type FieldFormat = keyof typeof FIELD_FORMATS;

type Phrase = (rule: FieldRule & Record<string, unknown>) => string;
const en: Record<FieldRule['rule'], Phrase> = {
  required: () => 'required',
  minLength: (r) => `at least ${r['min']} characters`,
  maxLength: (r) => `at most ${r['max']} characters`,
  minItems: (r) => `at least ${r['min']} items`,
  maxItems: (r) => `at most ${r['max']} items`,
  min: (r) => `at least ${r['min']}`,
  max: (r) => `at most ${r['max']}`,
  range: (r) => `from ${r['min']} to ${r['max']}`,
  oneOf: (r) => `one of: ${(r['values'] as string[]).join(', ')}`,
  format: (r) => `must be ${FIELD_FORMATS[r['format'] as FieldFormat][0]}`,
  unique: () => 'each value only once',
  noNullCharacter: () => 'must not contain the NUL character (U+0000)',
  wellFormedUnicode: () => 'must be well-formed Unicode (no lone surrogates)',
  custom: (r) => String(r['message']),
};
const ru: Record<FieldRule['rule'], Phrase> = {
  required: () => 'обязательное поле',
  minLength: (r) => `не короче ${r['min']} симв.`,
  maxLength: (r) => `не длиннее ${r['max']} симв.`,
  minItems: (r) => `не меньше ${r['min']} элем.`,
  maxItems: (r) => `не больше ${r['max']} элем.`,
  min: (r) => `не меньше ${r['min']}`,
  max: (r) => `не больше ${r['max']}`,
  range: (r) => `от ${r['min']} до ${r['max']}`,
  oneOf: (r) => `одно из: ${(r['values'] as string[]).join(', ')}`,
  format: (r) => `нужно: ${FIELD_FORMATS[r['format'] as FieldFormat][1]}`,
  unique: () => 'каждое значение только один раз',
  noNullCharacter: () => 'не должно содержать символ NUL (U+0000)',
  wellFormedUnicode: () => 'должно быть корректным Юникодом (без одиночных суррогатов)',
  custom: (r) => String(r['message']),
};

/** class-validator constraint names → rules, with the limits read from the decorator's own metadata. */
function fromValidation(error: ValidationError): FieldRule | null {
  const names = Object.keys(error.constraints ?? {});
  if (names.length === 0) return null;
  const target = error.target?.constructor;
  const metadata = target
    ? getMetadataStorage()
        .getTargetValidationMetadatas(target, '', true, false)
        .filter((entry) => entry.propertyName === error.property)
    : [];
  const limits = (name: string): unknown[] =>
    (metadata.find((entry) => entry.name === name || entry.type === name)?.constraints as unknown[] | undefined) ?? [];
  const name = names.find((candidate) => candidate !== 'isString' && candidate !== 'isOptional') ?? names[0]!;
  const [first, second] = limits(name);
  switch (name) {
    case 'maxLength':
      return { rule: 'maxLength', max: Number(first) };
    case 'minLength':
      return { rule: 'minLength', min: Number(first) };
    case 'isLength':
      return typeof second === 'number' && typeof first === 'number' && first > 0
        ? { rule: 'range', min: first, max: second }
        : { rule: 'maxLength', max: Number(second) };
    case 'arrayMaxSize':
      return { rule: 'maxItems', max: Number(first) };
    case 'arrayMinSize':
      return { rule: 'minItems', min: Number(first) };
    case 'arrayUnique':
      return { rule: 'unique' };
    case 'max':
      return { rule: 'max', max: Number(first) };
    case 'min':
      return { rule: 'min', min: Number(first) };
    case 'isIn':
      return { rule: 'oneOf', values: (first as unknown[]).map(String) };
    case 'isUuid':
      return { rule: 'format', format: 'id' };
    case 'isEmail':
      return { rule: 'format', format: 'email' };
    case 'isInt':
      return { rule: 'format', format: 'integer' };
    case 'isBoolean':
      return { rule: 'format', format: 'boolean' };
    case 'isArray':
      return { rule: 'format', format: 'list' };
    case 'isNotEmpty':
      return { rule: 'required' };
    case 'isString':
      return { rule: 'format', format: 'text' };
    default:
      return { rule: 'custom', message: Object.values(error.constraints ?? {}).join('; ') };
  }
}

export const fieldRule = {
  fromValidation,
  /** The rule as a short phrase in a language ("at most 200 characters", «не длиннее 200 симв.»). */
  message(rule: FieldRule | ({ rule: string } & Record<string, unknown>), locale: Locale): string {
    const phrases = locale === 'ru' ? ru : en;
    const phrase = phrases[rule.rule as FieldRule['rule']];
    return phrase ? phrase(rule as FieldRule & Record<string, unknown>) : String(rule.rule);
  },
};

/**
 * Rewrites `extensions.fields` of BAD_USER_INPUT errors in the reader's language, from `extensions.fieldErrors`.
 * Both transports call it on their way out (Apollo in a plugin, graphql-ws in onNext/onError).
 */
export function localizeFieldErrors<T extends { extensions?: Record<string, unknown> | undefined }>(
  errors: readonly T[],
  locale: Locale,
): T[] {
  return errors.map((error) => {
    const fieldErrors = error.extensions?.['fieldErrors'];
    if (!Array.isArray(fieldErrors)) return error;
    const fields = Object.fromEntries(
      (fieldErrors as Array<{ field: string; rule: string } & Record<string, unknown>>).map((entry) => [
        entry.field,
        fieldRule.message(entry, locale),
      ]),
    );
    return { ...error, extensions: { ...error.extensions, fields } };
  });
}
