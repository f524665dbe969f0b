import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { badInput } from '../../lib/errors.js';

/**
 * Parses a phone number as a Russian user types it (+7..., 8..., with spaces, dashes or brackets) and returns
 * E.164 (+7XXXXXXXXXX). Anything that is not a valid number is BAD_USER_INPUT.
 */
export function normalizePhone(input: string, field = 'phone'): string {
  const parsed = parsePhoneNumberFromString(input.trim(), 'RU');
  if (!parsed || !parsed.isValid()) {
    throw badInput('This is not a valid phone number', {
      [field]: 'must be a valid phone number, e.g. +7 999 123-45-67',
    });
  }
  return parsed.number;
}

/** Whether a number can receive SMS and calls (mobile), as far as the numbering plan tells. */
export function isMobile(e164: string): boolean {
  const type = parsePhoneNumberFromString(e164)?.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' || type === undefined;
}
