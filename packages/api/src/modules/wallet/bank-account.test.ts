import { describe, expect, it } from 'vitest';
import { isValidBankAccount, validBankAccount } from './bank-account.js';

describe('the Bank of Russia control key', () => {
  it('accepts the example from the rule: BIK 049805746, account 40602810700000000025', () => {
    expect(validBankAccount('049805746', '40602810700000000025')).toBe(true);
  });

  it('refuses the same account with any single digit changed', () => {
    const account = '40602810700000000025';
    for (let i = 0; i < account.length; i += 1) {
      const changed = account.slice(0, i) + String((Number(account[i]) + 1) % 10) + account.slice(i + 1);
      expect(validBankAccount('049805746', changed), changed).toBe(false);
    }
  });

  it('refuses the account under another bank', () => {
    expect(validBankAccount('044525974', '40602810700000000025')).toBe(false);
  });

  it('refuses malformed input', () => {
    expect(isValidBankAccount('04980574', '40602810700000000025')).toBe(false);
    expect(isValidBankAccount('049805746', '4060281070000000002')).toBe(false);
    expect(isValidBankAccount('04980574a', '40602810700000000025')).toBe(false);
  });

  it('uses "0" and BIK digits 5–6 for an account at a settlement centre', () => {
    // Find an account valid under the settlement-centre rule and check the two rules differ.
    const bik = '044525000';
    const base = '4010181000000000000';
    const valid = Array.from({ length: 10 }, (_, d) => `${base}${d}`).find((a) => isValidBankAccount(bik, a, true))!;
    expect(validBankAccount(bik, valid)).toBe(true);
    expect(isValidBankAccount(bik, valid, false)).toBe(false);
  });
});
