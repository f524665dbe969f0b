import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

const derive = (secret: string, salt: Buffer, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(secret.normalize('NFKC').toLowerCase(), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );

/** A slow, salted hash of a code word (scrypt), in a self-describing string. Case and width are not significant. */
export async function hashCodeWord(codeWord: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(codeWord, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function codeWordMatches(codeWord: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(codeWord, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** 6 to 32 letters or digits (spaces inside allowed), not just digits of a phone. */
export function codeWordProblem(codeWord: string, phone: string): string | null {
  const word = codeWord.trim();
  if (word.length < 6 || word.length > 32) return 'between 6 and 32 characters';
  if (!/^[\p{L}\p{N}][\p{L}\p{N} -]*$/u.test(word)) return 'letters, digits, spaces and dashes';
  if (/^\d+$/.test(word) && phone.includes(word)) return 'must not be part of your phone number';
  return null;
}
