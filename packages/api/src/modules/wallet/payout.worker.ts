import type { Orm } from '../../db/orm.js';
import { pgArray } from '../../lib/ids.js';
import { BackgroundLoop, claimWithLease, DEFAULT_LEASE_MS, leaseEnded } from '../../lib/background-loop.js';
import type { Logger } from '../../lib/logger.js';
import { recordAudit } from '../audit/audit.service.js';
import { User } from '../identity/identity.entity.js';
import type { NotifyService } from '../notify/notify.service.js';
import { payoutKey, type PayoutProvider, type PayoutResult } from './payout.provider.js';
import { Withdrawal } from './wallet.entity.js';
import type { WalletNotices } from './wallet.notices.js';
import type { WithdrawalService } from './withdrawal.service.js';

/**
 * How many payouts one batch claims and sends to the bank at once. An instance has one batch with the bank at a time
 * (the cluster's claims stay one per instance), so the bank's latency (PAYOUT_DELAY_MS in the sandbox, 300 ms)
 * bounds it to PAYOUT_BATCH payouts per round trip (~1,300/s), which must outrun the withdrawal requests.
 */
export const PAYOUT_BATCH = 400;

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
   * Claims a batch of payouts with a lease (pending ones, and ones whose claimer died or stalled past its lease),
   * asks the bank to pay all of them at once, each under its own idempotency key, then finishes the batch in one
   * transaction: the paid ones settled set-based (WithdrawalService.settlePaid), the refused ones' money returned,
   * the unanswered ones marked UNKNOWN. Rows taken over by another instance after this claim's lease ran out are
   * left to that one. A payout re-driven after a crash goes to the bank with the same key, so it is never paid twice;
   * the ledger's transfer keys settle it once. Each customer's wallet subscribers hear once per batch and step.
   * Returns how many payouts were claimed.
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
          limit: PAYOUT_BATCH,
          leaseMs: this.deps.leaseMs ?? DEFAULT_LEASE_MS,
          set: `status = 'PROCESSING'`,
        },
        now,
      ),
    );
    if (lease.ids.length === 0) return 0;
    const claimed = await em.find(Withdrawal, { id: { $in: lease.ids } }, { orderBy: { id: 'asc' } });
    await this.changed(claimed);
    const results = new Map<string, PayoutResult | { outcome: 'UNKNOWN'; reason: string }>();
    await Promise.all(
      claimed.map(async (withdrawal) => {
        try {
          results.set(
            withdrawal.id,
            await this.deps.provider.payout({ idempotencyKey: payoutKey(withdrawal), withdrawal }),
          );
        } catch (error) {
          const reason = (error instanceof Error ? error.message : String(error)).slice(0, 250);
          results.set(withdrawal.id, { outcome: 'UNKNOWN', reason });
        }
      }),
    );
    await this.deps.orm.em.fork().transactional(async (tx) => {
      // Still this claim's: a row taken over after the lease ran out is finished by its new holder.
      const held = new Set(
        (
          await tx.execute<Array<{ id: string }>>(
            `select id from withdrawal where id in (select unnest(?::uuid[])) and status = 'PROCESSING'
                and lease_token = ? order by id for update`,
            [pgArray(lease.ids), lease.token],
          )
        ).map((row) => row.id),
      );
      const paid = claimed.filter((w) => held.has(w.id) && results.get(w.id)?.outcome === 'PAID');
      const otherIds = claimed.filter((w) => held.has(w.id) && !paid.includes(w)).map((w) => w.id);
      // The few that were not paid are changed through the ORM, in this transaction.
      const others = otherIds.length
        ? await tx.find(Withdrawal, { id: { $in: otherIds } }, { orderBy: { id: 'asc' } })
        : [];
      // Refusals first: they return money to the wallet, so they lock the wallets first (as a withdrawal request
      // does, wallet before clearing account), then every clearing account the batch moves, each set in id order,
      // so two batches (of two instances) and the requests all take these rows in one order.
      const refused = others.filter((w) => results.get(w.id)?.outcome === 'REJECTED');
      if (refused.length > 0) {
        await tx.execute(
          `select id from ledger_account where kind = 'USER_WALLET' and user_id in (select unnest(?::uuid[]))
            order by id for update`,
          [pgArray(refused.map((w) => w.userId))],
        );
        await tx.execute(
          `select id from ledger_account where kind = 'PAYOUT_CLEARING' and user_id in (select unnest(?::uuid[]))
            order by id for update`,
          [pgArray([...refused, ...paid].map((w) => w.userId))],
        );
      }
      const users = others.length
        ? new Map((await tx.find(User, { id: { $in: others.map((w) => w.userId) } })).map((u) => [u.id, u]))
        : new Map<string, User>();
      for (const current of others) {
        const result = results.get(current.id)!;
        Object.assign(current, leaseEnded);
        if (result.outcome === 'REJECTED') {
          await this.deps.withdrawals.fail(tx, current, users.get(current.userId)!, result.reason.slice(0, 250));
        } else {
          current.status = 'UNKNOWN';
          current.failureCode = 'BANK_NO_ANSWER';
          recordAudit(tx, {
            actorId: null,
            action: 'withdrawal.outcome_unknown',
            subjectType: 'Withdrawal',
            subjectId: current.id,
            after: { reason: result.outcome === 'UNKNOWN' ? result.reason : 'no answer' },
          });
        }
      }
      await this.deps.withdrawals.settlePaid(tx, paid);
    });
    await this.changed(claimed);
    this.deps.notify.wake();
    return claimed.length;
  }

  /** Tells each customer's wallet subscribers once, however many of their payouts the batch holds. */
  private async changed(withdrawals: Withdrawal[]): Promise<void> {
    await Promise.all(
      [...new Set(withdrawals.map((w) => w.userId))].map((userId) => this.deps.notices.changed(userId)),
    );
  }
}
