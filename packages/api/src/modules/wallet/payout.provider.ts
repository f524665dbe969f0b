import type { Withdrawal } from './wallet.entity.js';

/** One request to the bank: the idempotency key is the withdrawal's id and attempt, the same on every re-drive. */
export interface PayoutRequest {
  idempotencyKey: string;
  withdrawal: Withdrawal;
}

/** What the bank answered: paid, or refused (the money did not leave). */
export type PayoutResult = { outcome: 'PAID' } | { outcome: 'REJECTED'; reason: string };

/**
 * Pays withdrawals out. It must honour the idempotency key: a request with a key it has seen pays nothing again and
 * answers as the first time. Throwing means no answer (a timeout, a dropped connection): the outcome is unknown.
 */
export interface PayoutProvider {
  payout(request: PayoutRequest): Promise<PayoutResult>;
}

/** The key a payout attempt goes to the bank with. */
export const payoutKey = (withdrawal: Pick<Withdrawal, 'id' | 'attempt'>) => `${withdrawal.id}:${withdrawal.attempt}`;
