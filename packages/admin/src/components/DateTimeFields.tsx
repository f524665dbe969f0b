import { useEffect, useRef, useState } from 'react';
import { TextField, type TextFieldProps } from '@mui/material';
import { useInput, useLocaleState, useTranslate } from 'react-admin';

/**
 * Date and time inputs that read and write in the panel's language, not the browser's (a native `type="date"` or
 * `type="time"` input follows the browser's locale: `11/30/2026`, `09:00 AM` in the Russian panel). The value is
 * what the API takes — `yyyy-MM-dd` and `HH:mm` — and the text is the panel's: `30.11.2026` and `09:00` in Russian,
 * `11/30/2026` and `09:00` in English. ISO text typed or pasted (`2026-11-30`) is understood too.
 */

type Part = 'day' | 'month' | 'year';

/** The order of day, month and year and the separator of the locale's short numeric date. */
function datePattern(locale: string): { order: Part[]; separator: string } {
  const parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(
    new Date(Date.UTC(2026, 10, 30)),
  );
  const order = parts.map((part) => part.type).filter((type): type is Part => ['day', 'month', 'year'].includes(type));
  return { order, separator: parts.find((part) => part.type === 'literal')?.value ?? '.' };
}

/** «ДД.ММ.ГГГГ» / «MM/DD/YYYY»: what to type, in the panel's language. */
export function dateHint(locale: string, translate: (key: string) => string): string {
  const { order, separator } = datePattern(locale);
  return order.map((part) => translate(`support.date_parts.${part}`)).join(separator);
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** `2026-11-30` → «30.11.2026» (ru) or «11/30/2026» (en); anything else as given. */
export function formatDate(iso: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match;
  const { order, separator } = datePattern(locale);
  return order.map((part) => ({ day, month, year })[part]).join(separator);
}

/** The panel's text (or ISO) → `yyyy-MM-dd`; null when it is not a real date. */
export function parseDate(text: string, locale: string): string | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  let values: Record<Part, number>;
  if (iso) {
    values = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  } else {
    const numbers = trimmed.split(/\D+/).filter(Boolean).map(Number);
    const { order } = datePattern(locale);
    if (numbers.length !== 3) return null;
    values = Object.fromEntries(order.map((part, index) => [part, numbers[index] ?? 0])) as Record<Part, number>;
  }
  const { year, month, day } = values;
  if (year < 1000 || year > 9999) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** «9:00», «09:00», «0900» → `09:00` (24-hour clock in both languages); null when it is not a time. */
export function parseTime(text: string): string | null {
  const match = /^(\d{1,2})\D?(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  return hours < 24 && minutes < 60 ? `${pad(hours)}:${pad(minutes)}` : null;
}

type FieldProps = Omit<TextFieldProps, 'value' | 'onChange' | 'type'> & {
  /** `yyyy-MM-dd` (a date) or `HH:mm` (a time); empty when none. */
  value: string;
  onChange: (value: string) => void;
};

/** A text field showing `value` in the panel's words, reporting each complete, valid entry as the API's form. */
function LocalizedField({
  value,
  onChange,
  format,
  parse,
  hint,
  error,
  helperText,
  ...props
}: FieldProps & { format: (value: string) => string; parse: (text: string) => string | null; hint: string }) {
  const translate = useTranslate();
  const [text, setText] = useState(() => format(value));
  const words = useRef({ format, parse });
  words.current = { format, parse };
  // A value set from outside (a preset, a reset) replaces the text; one this field reported keeps what was typed.
  useEffect(() => {
    const { format, parse } = words.current;
    setText((current) =>
      parse(current) === value || (value === '' && current.trim() === '') ? current : format(value),
    );
  }, [value]);
  const invalid = text.trim() !== '' && parse(text) === null;
  return (
    <TextField
      {...props}
      value={text}
      placeholder={hint}
      error={error || invalid}
      helperText={invalid ? translate('support.date_parts.invalid', { hint }) : helperText}
      onChange={(event) => {
        setText(event.target.value);
        const parsed = event.target.value.trim() === '' ? '' : parse(event.target.value);
        if (parsed !== null && parsed !== value) onChange(parsed);
      }}
      onBlur={() => {
        if (!invalid) setText(format(value));
      }}
      slotProps={{ ...props.slotProps, inputLabel: { shrink: true }, htmlInput: { inputMode: 'numeric' } }}
    />
  );
}

/** A calendar date in the panel's language; `value` and `onChange` are `yyyy-MM-dd`. */
export function DateField(props: FieldProps) {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  return (
    <LocalizedField
      {...props}
      format={(value) => formatDate(value, locale)}
      parse={(text) => parseDate(text, locale)}
      hint={dateHint(locale, translate)}
      sx={{ width: 170, ...props.sx }}
    />
  );
}

/** A time of day on the 24-hour clock; `value` and `onChange` are `HH:mm`. */
export function TimeField(props: FieldProps) {
  const translate = useTranslate();
  return (
    <LocalizedField
      {...props}
      format={(value) => value}
      parse={parseTime}
      hint={translate('support.date_parts.time')}
      sx={{ width: 140, ...props.sx }}
    />
  );
}

/** react-admin's DateInput (e.g. a list filter) with the panel's date format; stores `yyyy-MM-dd`. */
export function LocalDateInput({ source, label }: { source: string; label: string }) {
  const translate = useTranslate();
  const { field } = useInput({ source });
  const value = typeof field.value === 'string' ? field.value : '';
  return (
    <DateField
      label={translate(label)}
      value={value}
      onChange={(next) => field.onChange(next || null)}
      size="small"
      sx={{ mt: 1, mb: 0.5 }}
    />
  );
}
