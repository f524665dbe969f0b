import { scrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  codeWordMatches,
  codeWordProblem,
  hashCodeWord,
  isLegacyCodeWordHash,
  normalizeCodeWord,
} from './code-word.js';

describe('code words', () => {
  it('are compared after NFKC, case folding, ё = е and collapsed spaces', async () => {
    const hash = await hashCodeWord('Зелёная ёлка');
    for (const spoken of ['зеленая елка', 'ЗЕЛЁНАЯ   ЁЛКА', ' Зеленая\tЕлка ']) {
      expect(await codeWordMatches(spoken, hash)).toBe(true);
    }
    expect(await codeWordMatches('зеленая белка', hash)).toBe(false);
    expect(await codeWordMatches('зеленаяелка', hash)).toBe(false);
  });

  it('folds compatibility forms and special cases of case', () => {
    expect(normalizeCodeWord('ＡＢＣ ｄｅｆ')).toBe('abc def');
    expect(normalizeCodeWord('Straße')).toBe(normalizeCodeWord('STRASSE'));
    expect(normalizeCodeWord('ΟΔΟΣ')).toBe(normalizeCodeWord('οδος'));
  });

  it('checks hashes made before the normal form against both forms', async () => {
    // What the first version stored: scrypt of NFKC + lower case, scheme "scrypt".
    const salt = Buffer.from('0123456789abcdef');
    const key = await new Promise<Buffer>((resolve, reject) =>
      scrypt('тихий вечер', salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (e, k) =>
        e ? reject(e) : resolve(k),
      ),
    );
    const legacy = `scrypt$32768$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    expect(isLegacyCodeWordHash(legacy)).toBe(true);
    expect(await codeWordMatches('Тихий Вечер', legacy)).toBe(true);
    expect(await codeWordMatches('Тихий   вечер', legacy)).toBe(true);
    expect(await codeWordMatches('Громкий вечер', legacy)).toBe(false);
    expect(isLegacyCodeWordHash(await hashCodeWord('тихий вечер'))).toBe(false);
  });

  it('measures the length of the normal form', () => {
    expect(codeWordProblem('  ab    cd  ', '+79000000000')).toBe('between 6 and 32 characters');
    expect(codeWordProblem('Зелёная ёлка', '+79000000000')).toBeNull();
  });
});
