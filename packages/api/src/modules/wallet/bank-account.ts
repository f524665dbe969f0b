/**
 * The Bank of Russia control key for a settlement account: the last 3 digits of the BIK (for an account at a
 * Bank of Russia settlement centre: "0" and BIK digits 5–6), then the 20 account digits; multiply the 23 digits
 * by 7,1,3 repeated; the account is valid when the sum of the products' last digits ends in 0.
 */
export function isValidBankAccount(bik: string, accountNumber: string, atSettlementCentre = false): boolean {
  if (!/^\d{9}$/.test(bik) || !/^\d{20}$/.test(accountNumber)) return false;
  const prefix = atSettlementCentre ? `0${bik.slice(4, 6)}` : bik.slice(6, 9);
  const digits = `${prefix}${accountNumber}`;
  const weights = [7, 1, 3];
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) sum += (Number(digits[i]) * weights[i % 3]!) % 10;
  return sum % 10 === 0;
}

/** Accounts at a Bank of Russia settlement centre: BIK digits 7–9 are "000" or "001" (the centre itself). */
export const isSettlementCentreBik = (bik: string) => /^\d{6}00[01]$/.test(bik);

export const validBankAccount = (bik: string, accountNumber: string) =>
  isValidBankAccount(bik, accountNumber, isSettlementCentreBik(bik));
