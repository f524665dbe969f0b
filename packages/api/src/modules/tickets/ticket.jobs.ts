import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { Orm } from '../../db/orm.js';
import { BackgroundLoop, DEFAULT_LEASE_MS, inLeasedTransaction } from '../../lib/background-loop.js';
import type { Logger } from '../../lib/logger.js';
import { OPEN_STATUSES, Ticket, type TicketStatus } from './ticket.entity.js';
import { recordTicketEvent } from './ticket.history.js';
import { AUTO_CLOSE_AFTER_MS, type TicketWorkflow } from './ticket.workflow.js';

const BATCH = 200;

/**
 * Scheduled work on tickets, safe with several API instances: each pass claims rows with FOR UPDATE SKIP LOCKED
 * inside a leased transaction (a holder that dies or stalls loses its claim), so two instances never handle the same
 * ticket, and every change is conditional, so a rerun changes nothing.
 * - SLA: an open, unpaused ticket past a due time is marked breached, recorded in its history and escalated.
 * - Auto-close: a ticket resolved for 7 days closes; one waiting for the customer for 14 days closes too.
 */
export class TicketJobs {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly options: {
      orm: Orm;
      tickets: TicketWorkflow;
      logger: Logger;
      intervalMs: number;
      clock?: () => Date;
    },
  ) {
    this.loop = new BackgroundLoop({
      name: 'ticket jobs',
      intervalMs: options.intervalMs,
      logger: options.logger,
      pass: () => this.runOnce(),
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  async runOnce(now = this.options.clock?.() ?? new Date()): Promise<{ breached: number; closed: number }> {
    const result = { breached: await this.markBreaches(now), closed: await this.autoClose(now) };
    if (result.breached || result.closed) this.options.tickets.eventsCommitted();
    return result;
  }

  /** Marks SLA breaches; returns how many tickets were newly breached. */
  async markBreaches(now: Date): Promise<number> {
    const em = this.options.orm.em.fork();
    return inLeasedTransaction(em, DEFAULT_LEASE_MS, async (tx) => {
      const due = await tx.find(
        Ticket,
        {
          status: { $in: OPEN_STATUSES.filter((s) => s !== 'WAITING_FOR_CUSTOMER') },
          slaBreached: false,
          slaPausedAt: null,
          $or: [{ firstRespondedAt: null, firstResponseDueAt: { $lte: now } }, { resolutionDueAt: { $lte: now } }],
        },
        { limit: BATCH, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { id: 'asc' } },
      );
      for (const ticket of due) {
        const missed = !ticket.firstRespondedAt && ticket.firstResponseDueAt <= now ? 'FIRST_RESPONSE' : 'RESOLUTION';
        ticket.slaBreached = true;
        ticket.slaBreachedAt = now;
        recordTicketEvent(tx, ticket, 'SLA_BREACHED', null, false, {
          cycle: ticket.slaCycle,
          missed,
          dueAt: (missed === 'FIRST_RESPONSE' ? ticket.firstResponseDueAt : ticket.resolutionDueAt).toISOString(),
        });
        if (!ticket.escalated) {
          ticket.escalated = true;
          recordTicketEvent(tx, ticket, 'ESCALATED', null, true, {
            cycle: ticket.slaCycle,
            requestedBy: 'SYSTEM',
            reason: 'SLA breached',
          });
        }
      }
      if (due.length) this.options.logger.info({ count: due.length }, 'SLA breaches recorded and escalated');
      return due.length;
    });
  }

  /**
   * Closes quiet tickets; returns how many. One claim per status, each in the (status, id) index's order: with both
   * statuses in one `or`, PostgreSQL walked the primary key through the whole closed history for a LIMIT it never
   * filled (1M tickets: 2–7 s and 90,000 pages read every pass); per status the pass reads only that status's rows.
   */
  async autoClose(now: Date): Promise<number> {
    const em = this.options.orm.em.fork();
    return inLeasedTransaction(em, DEFAULT_LEASE_MS, async (tx) => {
      const claim = (where: FilterQuery<Ticket>, limit: number) =>
        tx.find(Ticket, where, { limit, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { id: 'asc' } });
      const resolved = await claim(
        { status: 'RESOLVED', resolvedAt: { $lte: new Date(now.getTime() - AUTO_CLOSE_AFTER_MS) } },
        BATCH,
      );
      const waiting =
        resolved.length < BATCH
          ? await claim(
              {
                status: 'WAITING_FOR_CUSTOMER',
                slaPausedAt: { $lte: new Date(now.getTime() - 2 * AUTO_CLOSE_AFTER_MS) },
              },
              BATCH - resolved.length,
            )
          : [];
      const quiet = [...resolved, ...waiting];
      for (const ticket of quiet) {
        const from: TicketStatus = ticket.status;
        if (from === 'WAITING_FOR_CUSTOMER') await this.options.tickets.resume(tx, ticket, now);
        ticket.status = 'CLOSED';
        ticket.closedAt = now;
        recordTicketEvent(tx, ticket, 'STATUS_CHANGED', null, true, {
          from,
          to: 'CLOSED',
          reason: 'no activity',
        });
      }
      return quiet.length;
    });
  }
}
