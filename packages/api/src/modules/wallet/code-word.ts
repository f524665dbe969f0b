import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;
/** Hashes of the normal form below. Hashes written before it (`scrypt$`) were of NFKC + lower case only. */
const SCHEME = 'scrypt2';
const LEGACY_SCHEME = 'scrypt';

/**
 * The form a code word is compared in: Unicode compatibility normalisation (NFKC: full-width letters, ligatures),
 * case folding (lower → upper → lower, which also folds ß to ss and final ς to σ), ё → е (people write «елка» for
 * «ёлка»), and any run of spaces as one space, trimmed. So «Зелёная  ЁЛКА» and «зеленая елка» are the same code word.
 */
export function normalizeCodeWord(codeWord: string): string {
  return codeWord
    .normalize('NFKC')
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The form the first hashes were made of (kept to check them). */
const legacyForm = (codeWord: string) => codeWord.trim().normalize('NFKC').toLowerCase();

const derive = (secret: string, salt: Buffer, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(secret, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

/** A slow, salted hash of a code word's normal form (scrypt), in a self-describing string. */
export async function hashCodeWord(codeWord: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(normalizeCodeWord(codeWord), salt, PARAMS);
  return `${SCHEME}$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether a stored hash was made before the normal form (the caller rehashes it after a match). */
export const isLegacyCodeWordHash = (stored: string): boolean => stored.startsWith(`${LEGACY_SCHEME}$`);

/**
 * Compares a code word with a stored hash. A legacy hash is checked against the legacy form and the normal form
 * (an old hash of «зеленая елка» matches «Зелёная ёлка» only if it was set without ё; see docs/decisions.md).
 */
export async function codeWordMatches(codeWord: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if ((scheme !== SCHEME && scheme !== LEGACY_SCHEME) || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: PARAMS.maxmem };
  const candidates =
    scheme === SCHEME
      ? [normalizeCodeWord(codeWord)]
      : [...new Set([legacyForm(codeWord), normalizeCodeWord(codeWord)])];
  for (const candidate of candidates) {
    const key = await derive(candidate, Buffer.from(salt, 'base64url'), options);
    if (key.length === expected.length && timingSafeEqual(key, expected)) return true;
  }
  return false;
}

/** 6 to 32 letters or digits (spaces inside allowed), not just digits of a phone. */
export function codeWordProblem(codeWord: string, phone: string): string | null {
  const word = normalizeCodeWord(codeWord);
  if (word.length < 6 || word.length > 32) return 'between 6 and 32 characters';
  if (!/^[\p{L}\p{N}][\p{L}\p{N} -]*$/u.test(word)) return 'letters, digits, spaces and dashes';
  if (/^\d+$/.test(word) && phone.includes(word)) return 'must not be part of your phone number';
  return null;
}
