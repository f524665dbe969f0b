import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { badInput } from '../../lib/errors.js';

/**
 * Parses a phone number as a Russian user types it (+7..., 8..., with spaces, dashes or brackets) and returns
 * E.164 (+7XXXXXXXXXX). Anything that is not a valid number is BAD_USER_INPUT.
 */
export function normalizePhone(input: string, field = 'input.phone'): string {
  const parsed = parsePhoneNumberFromString(input.trim(), 'RU');
  if (!parsed || !parsed.isValid()) {
    throw badInput('This is not a valid phone number', {
      [field]: { rule: 'format', format: 'phone' },
    });
  }
  return parsed.number;
}

/**
 * Why SMS and flash-call codes may not go to a number, or null when they may: only mobile numbers (libphonenumber's
 * full metadata: MOBILE, or FIXED_LINE_OR_MOBILE where a numbering plan cannot tell them apart) of the allowed
 * countries. Premium-rate, toll-free, shared-cost, landline and unknown types are refused.
 */
export function codeDestinationProblem(e164: string, countries: readonly string[]): string | null {
  const parsed = parsePhoneNumberFromString(e164);
  const country = parsed?.country;
  if (!parsed || !country || !countries.includes(country)) {
    return `codes are sent by SMS or call only to numbers of ${countries.join(', ')}`;
  }
  const type = parsed.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') {
    return `codes are sent by SMS or call only to mobile numbers (this one is ${(type ?? 'of an unknown type').toLowerCase().replace(/_/g, '-')})`;
  }
  return null;
}

/** The country of an E.164 number, as the numbering plan tells (null when it cannot). */
export const countryOf = (e164: string): string | null => parsePhoneNumberFromString(e164)?.country ?? null;
