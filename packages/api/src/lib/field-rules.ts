import { getMetadataStorage, ValidateBy, type ValidationError, type ValidationOptions } from 'class-validator';
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
  /** The value's type is not the declared one (e.g. a number for a String). */
  | { rule: 'type'; type: string }
  /** The input object has no field of this name. */
  | { rule: 'unknownField' }
  /** Required because another field is given (e.g. `opens` with `closes`). */
  | { rule: 'requiredWith'; other: string }
  /** Required unless another field is given (e.g. `problemId` unless `categoryId`). */
  | { rule: 'requiredWithout'; other: string }
  /** Not allowed while another field has a value (e.g. urgent handling with the COMPLEX SLA class). */
  | { rule: 'notWith'; other: string; value: string }
  /** Must come before another field's value (`from` not after `to`, opening before closing). */
  | { rule: 'before'; other: string }
  /** Someone else's account, not the caller's own. */
  | { rule: 'notSelf' }
  /** A range of at most this many days. */
  | { rule: 'maxDays'; max: number }
  /** At least this many digits. */
  | { rule: 'minDigits'; min: number }
  /** Ids that name nothing the caller may use here (unknown, someone else's, or used already). */
  | { rule: 'unavailable' }
  /** An account holding one of these roles (e.g. an assignee is support staff). */
  | { rule: 'role'; roles: readonly string[] }
  /** A list that must hold each of a set exactly once (e.g. a new order of all categories). */
  | { rule: 'permutation' };

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
  orderNumber: [
    'digits and dashes, starting and ending with a digit, e.g. 12345678-0001',
    'цифры и дефисы, в начале и в конце цифра, например 12345678-0001',
  ],
  position: ['a position this API gave out, e.g. "42"', 'позиция, выданная этим API, например "42"'],
  loginCode: ['the six digits of the code', 'шесть цифр кода'],
  mobilePhone: ['a mobile number of a country codes are sent to', 'мобильный номер страны, куда отправляются коды'],
  codeWord: [
    '6 to 32 letters, digits, spaces or dashes, not part of your phone number',
    'от 6 до 32 букв, цифр, пробелов или дефисов, не часть вашего номера телефона',
  ],
  urlWithoutCredentials: ['an address without user:password@', 'адрес без user:password@'],
  emptyForCard: [
    'empty for a withdrawal to the card (no recipient, BIK or account)',
    'пусто при выводе на карту (без получателя, БИК и счёта)',
  ],
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
  type: (r) => `must be of type ${r['type']}`,
  unknownField: () => 'no such field',
  requiredWith: (r) => `required together with ${r['other']}`,
  requiredWithout: (r) => `required unless ${r['other']} is given`,
  notWith: (r) => `not allowed when ${r['other']} is ${r['value']}`,
  before: (r) => `must be before ${r['other']}`,
  notSelf: () => 'must be another account, not yours',
  maxDays: (r) => `a range of at most ${r['max']} days`,
  minDigits: (r) => `at least ${r['min']} digits`,
  unavailable: () => 'unknown, not yours, or in use already',
  permutation: () => 'each of the current items exactly once',
  role: (r) => `must be an account with a role: ${(r['roles'] as string[]).join(', ')}`,
};
/** Every rule a field error can name (the panel phrases each one; a test checks it). */
export const FIELD_RULE_NAMES = Object.keys(en) as Array<FieldRule['rule']>;

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
  type: (r) => `нужен тип ${r['type']}`,
  unknownField: () => 'такого поля нет',
  requiredWith: (r) => `обязательно вместе с ${r['other']}`,
  requiredWithout: (r) => `обязательно, если не указано ${r['other']}`,
  notWith: (r) => `недоступно, когда ${r['other']} = ${r['value']}`,
  before: (r) => `должно быть раньше, чем ${r['other']}`,
  notSelf: () => 'нужен другой аккаунт, не ваш',
  maxDays: (r) => `диапазон не больше ${r['max']} дн.`,
  minDigits: (r) => `не меньше ${r['min']} цифр`,
  unavailable: () => 'неизвестно, не ваше или уже используется',
  permutation: () => 'каждый из текущих элементов ровно один раз',
  role: (r) => `нужен аккаунт с ролью: ${(r['roles'] as string[]).join(', ')}`,
};

/** `orBlank`: blank text (after trimming) is accepted and means "absent", as for an optional order number. */
type TextOptions = ValidationOptions & { orBlank?: boolean };

/**
 * Text as the API stores it, surrounding whitespace trimmed, from `min` to `max` characters (`min` above 0 makes
 * it required: blank text is refused as `required`). The one way to declare a text's length on an input type or
 * an `@ArgsType` (plain arguments); services trim and store, and never check the length again.
 */
export function TextLength(min: number, max: number, options: TextOptions = {}): PropertyDecorator {
  const { orBlank, ...validation } = options;
  return ValidateBy(
    {
      name: 'textLength',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (within(value.trim().length, min, max) || (orBlank === true && !value.trim())),
        defaultMessage: () => `$property is ${min} to ${max} characters`,
      },
    },
    validation,
  );
}

/** A value of one of the named shapes (FIELD_FORMATS), tested by its pattern. */
export function HasFormat(format: FieldFormat, pattern: RegExp, options: TextOptions = {}): PropertyDecorator {
  const { orBlank, ...validation } = options;
  return ValidateBy(
    {
      name: 'hasFormat',
      constraints: [format, pattern],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (pattern.test(value.trim()) || (orBlank === true && !value.trim())),
        defaultMessage: () => `$property must be ${FIELD_FORMATS[format][0]}`,
      },
    },
    validation,
  );
}

/** An amount of money (BigInt kopecks) of at least `min`, e.g. 1 for "more than nothing". */
export function AmountAtLeast(min: bigint, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'amountAtLeast',
      constraints: [min],
      validator: {
        validate: (value: unknown) => typeof value === 'bigint' && value >= min,
        defaultMessage: () => `$property is at least ${min} kopecks`,
      },
    },
    options,
  );
}

/** Texts in a list, together (trimmed) at most `max` characters: e.g. an article's tags. */
export function TotalLength(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'totalLength',
      constraints: [max],
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.reduce<number>((sum, item) => sum + (typeof item === 'string' ? item.trim().length : 0), 0) <= max,
        defaultMessage: () => `$property is at most ${max} characters together`,
      },
    },
    options,
  );
}

/** A rule between the fields of one input: the problems it finds, by field name, or nothing. */
export type FieldsCheck<T> = (value: T) => Record<string, FieldRule> | undefined;
const fieldsChecks = new WeakMap<object, Array<FieldsCheck<never>>>();

/**
 * A shape rule between fields of one input type or `@ArgsType`, declared on the class (e.g. "`closes` with
 * `opens`", "`opens` before `closes`"): `check` gets the value as given (after the fields' own rules were checked,
 * whatever they found) and answers the problems by field name (`''`: the input itself). The input boundary runs it in the same pass as every
 * other rule and reports each problem at its full path. Rules that need stored state stay in the services.
 */
export function FieldsRule<T>(check: FieldsCheck<T>): ClassDecorator {
  return (target) => {
    fieldsChecks.set(target, [...(fieldsChecks.get(target) ?? []), check as FieldsCheck<never>]);
  };
}

/** The rules between fields declared on a class and its superclasses. */
export function fieldsChecksOf(target: object): Array<FieldsCheck<object>> {
  const checks: Array<FieldsCheck<object>> = [];
  for (let type: object | null = target; type && type !== Function.prototype; type = Object.getPrototypeOf(type))
    checks.push(...((fieldsChecks.get(type) ?? []) as Array<FieldsCheck<object>>));
  return checks;
}

const within = (length: number, min: number, max: number) => length >= min && length <= max;

function textLengthRule(value: unknown, min: number, max: number): FieldRule {
  const length = typeof value === 'string' ? value.trim().length : 0;
  if (min > 0 && length === 0) return { rule: 'required' };
  return length < min ? { rule: 'minLength', min } : { rule: 'maxLength', max };
}

const FIRST_RULES = ['isNotEmpty', 'arrayMinSize', 'arrayMaxSize', 'textLength', 'isLength', 'minLength', 'maxLength'];

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
  // The rule a reader fixes first: presence and length before shape (an order number "555" is too short, which is
  // also why it does not look like one).
  const name =
    FIRST_RULES.find((candidate) => names.includes(candidate)) ??
    names.find((candidate) => candidate !== 'isString' && candidate !== 'isOptional') ??
    names[0]!;
  const [first, second] = limits(name);
  switch (name) {
    case 'textLength':
      return textLengthRule(error.value, Number(first), Number(second));
    case 'hasFormat':
      return { rule: 'format', format: first as FieldFormat };
    case 'amountAtLeast':
      return { rule: 'min', min: Number(first) };
    case 'totalLength':
      return { rule: 'maxLength', max: Number(first) };
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
    case 'matches':
      return { rule: 'format', format: 'text' };
    default:
      // A constraint without a catalogue entry: the value is simply of the wrong shape.
      return { rule: 'type', type: name };
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
