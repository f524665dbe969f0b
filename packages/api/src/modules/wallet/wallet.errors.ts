/** Codes of the wallet domain, merged into the one table in lib/errors.ts. */
export const walletErrorCodes = {
  WITHDRAWAL_BELOW_MINIMUM:
    'At least 100 rubles; below that only the whole balance. `extensions.allowedAmount` (kopecks) says what is allowed.',
  INSUFFICIENT_FUNDS: 'The available balance does not cover the amount.',
  INVALID_BANK_ACCOUNT: 'The account number does not match the BIK (Bank of Russia control key).',
} as const;
