import { errorsOf } from '../../lib/errors.js';

/** Codes of the wallet domain, joined into the one table in src/errors.ts. */
export const walletErrorCodes = {
  WITHDRAWAL_BELOW_MINIMUM:
    'At least 100 rubles; below that only the whole balance. `extensions.allowedAmount` (kopecks) says what is allowed.',
  INSUFFICIENT_FUNDS: 'The available balance does not cover the amount.',
  INVALID_BANK_ACCOUNT: 'The account number does not match the BIK (Bank of Russia control key).',
  CARD_REQUIRED: 'A withdrawal to the card needs an issued marketplace card; withdraw to a bank account or apply.',
  CARD_ALREADY_APPLIED: 'The account has applied for the card already; `extensions.status` says where it stands.',
  CARD_DECISION_INVALID: 'The application’s status does not allow this decision.',
  CODE_WORD_ALREADY_SET: 'A code word is set; support resets a forgotten one after identifying the customer.',
  PAYOUT_NOT_CANCELLABLE: 'Only a pending or failed payout can be cancelled.',
  PAYOUT_NOT_RETRYABLE: 'Only a failed payout, or one whose outcome is unknown, can be retried.',
  PAYOUT_NOT_RESOLVABLE: 'Only a payout whose outcome is unknown (`UNKNOWN`) can be resolved by staff.',
  LEDGER_LIMIT_EXCEEDED:
    'The operation would take a ledger account past its limit (±10^17 kopecks); nothing was moved.',
} as const;

export const walletError = errorsOf(walletErrorCodes);
