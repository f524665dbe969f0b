import { LockMode } from '@mikro-orm/core';
import type { Orm } from '../../db/orm.js';
import { BackgroundLoop, claimWithLease, DEFAULT_LEASE_MS, leaseEnded } from '../../lib/background-loop.js';
import type { Logger } from '../../lib/logger.js';
import { recordAudit } from '../audit/audit.service.js';
import { User } from '../identity/identity.entity.js';
import type { NotifyService } from '../notify/notify.service.js';
import { payoutKey, type PayoutProvider, type PayoutResult } from './payout.provider.js';
import { Withdrawal } from './wallet.entity.js';
import type { WalletNotices } from './wallet.notices.js';
import type { WithdrawalService } from './withdrawal.service.js';

/** The payout processor: takes pending withdrawals to the bank, one lease-claimed batch at a time. */
export class PayoutWorker {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly deps: {
      orm: Orm;
      logger: Logger;
      notify: NotifyService;
      notices: WalletNotices;
      withdrawals: WithdrawalService;
      provider: PayoutProvider;
      pollMs: number;
      /** How long a payout job's claim lasts; after it, another instance takes the payout over. */
      leaseMs?: number;
    },
  ) {
    this.loop = new BackgroundLoop({
      name: 'payouts',
      intervalMs: deps.pollMs,
      logger: deps.logger,
      pass: async () => {
        while ((await this.processOnce()) > 0 && !this.loop.stopped);
      },
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  wake(): void {
    this.loop.wake();
  }

  /**
   * Claims payouts with a lease (pending ones, and ones whose claimer died or stalled past its lease), asks the bank
   * to pay each under its idempotency key, then settles, returns the money, or marks the outcome unknown. A payout
   * re-driven after a crash goes to the bank with the same key, so it is never paid twice; the ledger's transfer
   * keys settle it once.
   */
  async processOnce(now = new Date()): Promise<number> {
    const em = this.deps.orm.em.fork();
    const lease = await em.transactional((tx) =>
      claimWithLease(
        tx,
        {
          table: 'withdrawal',
          ready: `status in ('PENDING', 'PROCESSING')`,
          orderBy: 'id',
          limit: 10,
          leaseMs: this.deps.leaseMs ?? DEFAULT_LEASE_MS,
          set: `status = 'PROCESSING'`,
        },
        now,
      ),
    );
    if (lease.ids.length === 0) return 0;
    const claimed = await em.find(Withdrawal, { id: { $in: lease.ids } }, { orderBy: { id: 'asc' } });
    for (const withdrawal of claimed) {
      await this.deps.notices.changed(withdrawal.userId);
      let result: PayoutResult | { outcome: 'UNKNOWN'; reason: string };
      try {
        result = await this.deps.provider.payout({ idempotencyKey: payoutKey(withdrawal), withdrawal });
      } catch (error) {
        result = { outcome: 'UNKNOWN', reason: (error instanceof Error ? error.message : String(error)).slice(0, 250) };
      }
      await this.deps.orm.em.fork().transactional(async (tx) => {
        const current = await tx.findOneOrFail(
          Withdrawal,
          { id: withdrawal.id },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        // Taken over by another instance after this claim's lease ran out: that one finishes it.
        if (current.status !== 'PROCESSING' || current.leaseToken !== lease.token) return;
        Object.assign(current, leaseEnded);
        const user = await tx.findOneOrFail(User, { id: current.userId });
        if (result.outcome === 'PAID') await this.deps.withdrawals.settle(tx, current, user);
        else if (result.outcome === 'REJECTED')
          await this.deps.withdrawals.fail(tx, current, user, result.reason.slice(0, 250));
        else {
          current.status = 'UNKNOWN';
          current.failureCode = 'BANK_NO_ANSWER';
          recordAudit(tx, {
            actorId: null,
            action: 'withdrawal.outcome_unknown',
            subjectType: 'Withdrawal',
            subjectId: current.id,
            after: { reason: result.reason },
          });
        }
      });
      await this.deps.notices.changed(withdrawal.userId);
    }
    this.deps.notify.wake();
    return claimed.length;
  }
}
