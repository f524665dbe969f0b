import type { Orm } from '../../db/orm.js';
import { queryPrepared } from '../../db/prepared.js';
import { pgArray } from '../../lib/ids.js';
import type { PayoutProvider, PayoutRequest, PayoutResult } from './payout.provider.js';

interface Payment {
  outcome: 'PAID' | 'REJECTED';
  reason: string | null;
}
interface Waiting {
  request: PayoutRequest;
  answer: (payment: Payment | undefined) => void;
  fail: (error: unknown) => void;
}

/**
 * A sandbox bank: it records each payment by idempotency key in its own table (so it never pays a key twice, across
 * restarts and instances), answers after `delayMs`, and refuses a recipient whose name starts with "FAIL". Payments
 * asked for together (a payout batch asks in one go) are recorded in one statement, each under its own key with its
 * own answer, as a bank's bulk endpoint would.
 */
export class SimulatedBank implements PayoutProvider {
  private waiting: Waiting[] = [];

  constructor(
    private readonly orm: Orm,
    private readonly delayMs: number,
  ) {}

  async payout(request: PayoutRequest): Promise<PayoutResult> {
    const payment = await new Promise<Payment | undefined>((answer, fail) => {
      this.waiting.push({ request, answer, fail });
      if (this.waiting.length === 1) queueMicrotask(() => void this.record());
    });
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return payment?.outcome === 'PAID'
      ? { outcome: 'PAID' }
      : { outcome: 'REJECTED', reason: payment?.reason ?? 'rejected' };
  }

  /** Records the payments asked for so far; a key asked twice at once waits for the next statement. */
  private async record(): Promise<void> {
    const keys = new Set<string>();
    const now: Waiting[] = [];
    const later: Waiting[] = [];
    for (const waiting of this.waiting) {
      if (keys.has(waiting.request.idempotencyKey)) later.push(waiting);
      else {
        keys.add(waiting.request.idempotencyKey);
        now.push(waiting);
      }
    }
    this.waiting = later;
    if (later.length > 0) queueMicrotask(() => void this.record());
    const refused = (waiting: Waiting) =>
      waiting.request.withdrawal.recipientName?.toUpperCase().startsWith('FAIL') ?? false;
    try {
      const rows = await queryPrepared<Payment & { idempotency_key: string }>(
        this.orm.em.fork(),
        `insert into sandbox_payment (idempotency_key, withdrawal_id, amount, outcome, reason, requests, created_at)
         select p.idempotency_key, p.withdrawal_id, p.amount, p.outcome, nullif(p.reason, ''), 1, now()
           from unnest($1::varchar[], $2::uuid[], $3::bigint[], $4::text[], $5::varchar[])
             as p(idempotency_key, withdrawal_id, amount, outcome, reason)
         on conflict (idempotency_key) do update set requests = sandbox_payment.requests + 1
         returning idempotency_key, outcome, reason`,
        [
          pgArray(now.map((w) => w.request.idempotencyKey)),
          pgArray(now.map((w) => w.request.withdrawal.id)),
          pgArray(now.map((w) => w.request.withdrawal.amount.toString())),
          pgArray(now.map((w) => (refused(w) ? 'REJECTED' : 'PAID'))),
          pgArray(now.map((w) => (refused(w) ? 'The receiving bank rejected the payment' : ''))),
        ],
      );
      const byKey = new Map(rows.map((row) => [row.idempotency_key, row]));
      for (const waiting of now) {
        const payment = byKey.get(waiting.request.idempotencyKey);
        waiting.answer(payment && { outcome: payment.outcome, reason: payment.reason || null });
      }
    } catch (error) {
      for (const waiting of now) waiting.fail(error);
    }
  }
}
