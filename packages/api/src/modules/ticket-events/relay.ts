import type { Orm } from '../../db/orm.js';
import { pgArray } from '../../lib/ids.js';
import { BackgroundLoop, DEFAULT_LEASE_MS, inLeasedTransaction } from '../../lib/background-loop.js';
import type { Logger } from '../../lib/logger.js';
import type { PubSub } from '../../lib/pubsub.js';
import type { WebhookService } from '../integrations/webhook.service.js';

const BATCH = 500;
const PRUNE_BATCH = 10_000;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Gives committed outbox rows their positions, in commit order, one relay at a time across all instances
 * (a transaction-scoped advisory lock), creates their webhook deliveries in the same transaction, then tells
 * every instance (pub/sub) that the outbox advanced. Rows committed while no relay runs (a crash, a restart)
 * are picked up by the next pass, so no committed change loses its event. The relay's claim is its transaction
 * (inLeasedTransaction): a relay that dies or stalls loses it, and the next one carries on.
 */
export class EventRelay {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly options: {
      orm: Orm;
      pubsub: PubSub;
      logger: Logger;
      webhooks: WebhookService;
      pollMs: number;
      /** Days events are kept for replay; 0 keeps them all. */
      retentionDays: number;
    },
  ) {
    this.loop = new BackgroundLoop({
      name: 'event relay',
      intervalMs: options.pollMs,
      logger: options.logger,
      pass: async () => {
        while ((await this.relayOnce()) === BATCH);
        if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) {
          this.prunedAt = Date.now();
          while ((await this.prune()) === PRUNE_BATCH);
        }
      },
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private prunedAt = 0;

  /**
   * Deletes up to PRUNE_BATCH events older than the retention, oldest first; the newest event always stays, so
   * the head of the stream is known even when nothing happened for longer than the retention. Returns how many.
   */
  async prune(now: Date = new Date()): Promise<number> {
    if (this.options.retentionDays === 0) return 0;
    const cutoff = new Date(now.getTime() - this.options.retentionDays * 86_400_000);
    const deleted = await this.options.orm.em.fork().execute<Array<{ id: string }>>(
      `delete from ticket_outbox where id in (
         select id from ticket_outbox
          where position < (select max(position) from ticket_outbox) and occurred_at < ?
          order by position limit ${PRUNE_BATCH})
       returning id`,
      [cutoff],
    );
    return deleted.length;
  }

  /** Runs a pass soon (called after every transaction that wrote events). */
  wake(): void {
    this.loop.wake();
  }

  /** One pass: positions up to BATCH rows; returns how many. */
  async relayOnce(): Promise<number> {
    const em = this.options.orm.em.fork();
    const result = await inLeasedTransaction(em, DEFAULT_LEASE_MS, async (tx) => {
      const [lock] = await tx.execute<Array<{ locked: boolean }>>(
        `select pg_try_advisory_xact_lock(hashtext('ticket-outbox-relay')) as locked`,
      );
      if (!lock?.locked) return null;
      const rows = await tx.execute<Array<{ id: string; type: string; category_id: string }>>(
        `select id, type, category_id from ticket_outbox where position is null order by id limit ${BATCH}`,
      );
      if (rows.length === 0) return null;
      const [top] = await tx.execute<Array<{ max: string | null }>>(`select max(position) as max from ticket_outbox`);
      const base = BigInt(top?.max ?? 0);
      const positions = rows.map((_, index) => String(base + BigInt(index + 1)));
      await tx.execute(
        `update ticket_outbox o set position = v.position
           from unnest(?::uuid[], ?::bigint[]) as v(id, position) where o.id = v.id`,
        [pgArray(rows.map((r) => r.id)), pgArray(positions)],
      );
      await this.options.webhooks.enqueueDeliveries(
        tx,
        rows.map((row, index) => ({
          id: row.id,
          type: row.type,
          categoryId: row.category_id,
          position: positions[index]!,
        })),
      );
      return { last: positions.at(-1)!, count: rows.length };
    });
    if (result === null) return 0;
    await this.options.pubsub.publish('tickets/outbox_advanced', { position: result.last });
    this.options.webhooks.wake();
    return result.count;
  }
}
