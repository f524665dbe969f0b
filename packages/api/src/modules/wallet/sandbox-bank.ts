import type { Orm } from '../../db/orm.js';
import { queryPrepared } from '../../db/prepared.js';
import type { PayoutProvider, PayoutRequest, PayoutResult } from './payout.provider.js';

/**
 * A sandbox bank: it records each payment by idempotency key in its own table (so it never pays a key twice, across
 * restarts and instances), answers after `delayMs`, and refuses a recipient whose name starts with "FAIL".
 */
export class SimulatedBank implements PayoutProvider {
  constructor(
    private readonly orm: Orm,
    private readonly delayMs: number,
  ) {}

  async payout({ idempotencyKey, withdrawal }: PayoutRequest): Promise<PayoutResult> {
    const refused = withdrawal.recipientName?.toUpperCase().startsWith('FAIL') ?? false;
    const [payment] = await queryPrepared<{ outcome: 'PAID' | 'REJECTED'; reason: string | null }>(
      this.orm.em.fork(),
      `insert into sandbox_payment (idempotency_key, withdrawal_id, amount, outcome, reason, requests, created_at)
       values ($1, $2, $3, $4, $5, 1, now())
       on conflict (idempotency_key) do update set requests = sandbox_payment.requests + 1
       returning outcome, reason`,
      [
        idempotencyKey,
        withdrawal.id,
        withdrawal.amount.toString(),
        refused ? 'REJECTED' : 'PAID',
        refused ? 'The receiving bank rejected the payment' : null,
      ],
    );
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return payment?.outcome === 'PAID'
      ? { outcome: 'PAID' }
      : { outcome: 'REJECTED', reason: payment?.reason ?? 'rejected' };
  }
}
