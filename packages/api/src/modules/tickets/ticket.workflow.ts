import { LockMode } from '@mikro-orm/core';
import type { Em } from '../../db/orm.js';
import { isStaff, type Viewer } from '../../lib/context.js';
import { badInput, notFound } from '../../lib/errors.js';
import { isUuid, newId } from '../../lib/ids.js';
import { STAFF_ROLES } from '../../lib/roles.js';
import type { BusinessCalendar } from '../calendar/business-time.js';
import { User } from '../identity/identity.entity.js';
import { messages } from '../notify/messages.js';
import { OPEN_STATUSES, Ticket, TicketMessage, type TicketStatus } from './ticket.entity.js';
import { nowOf, type TicketDeps } from './ticket.deps.js';
import { ticketError } from './ticket.errors.js';
import { reasonKey, recordTicketEvent } from './ticket.history.js';
import { canMove, type TicketActor } from './ticket.lifecycle.js';
import { tellCustomer } from './ticket.notices.js';
import { dueTimes, loadSlaCalendar, rescheduleForCalendar, resumeAfterPause } from './ticket.sla.js';

/** A resolved appeal can be reopened by its customer for this long. */
export const REOPEN_WINDOW_MS = 14 * 86_400_000;
/** A resolved appeal closes by itself after this long without activity. */
export const AUTO_CLOSE_AFTER_MS = 7 * 86_400_000;

const actorOf = (viewer: Viewer): TicketActor => (isStaff(viewer) ? 'STAFF' : 'CUSTOMER');
const statusLabel: Record<TicketStatus, string> = {
  NEW: 'новое',
  IN_PROGRESS: 'в работе',
  WAITING_FOR_CUSTOMER: 'ждём вашего ответа',
  RESOLVED: 'решено',
  CLOSED: 'закрыто',
  REOPENED: 'открыто повторно',
};

/**
 * Working an appeal after it is filed: assignment, replies and internal notes, the customer's messages, status moves
 * as the lifecycle (ticket.lifecycle.ts) allows each actor, escalation, reopening with a new SLA cycle, rating, and the
 * SLA clock's pauses and calendar edits. Each change locks the ticket and writes its history entry in one transaction.
 */
export class TicketWorkflow {
  constructor(private readonly deps: TicketDeps) {}

  private now(): Date {
    return nowOf(this.deps);
  }

  /**
   * Follows an edit of the business calendar (in its transaction): open tickets whose business-day due times lie
   * on or after the edited date keep the business time they had left and get due times on the edited calendar.
   */
  async calendarEdited(em: Em, change: { date: string; before: BusinessCalendar; after: BusinessCalendar }) {
    const now = this.now();
    const dayStart = new Date(change.after.startOfDate(change.date).getTime());
    const tickets = await em.find(
      Ticket,
      {
        status: { $in: OPEN_STATUSES },
        slaClass: { $in: ['STANDARD', 'COMPLEX'] },
        $or: [
          { resolutionDueAt: { $gte: dayStart } },
          { firstRespondedAt: null, firstResponseDueAt: { $gte: dayStart } },
        ],
      },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
    );
    for (const ticket of tickets) {
      rescheduleForCalendar(ticket, ticket.slaPausedAt ?? now, change.before, change.after);
    }
  }

  private async lock(em: Em, viewer: Viewer, id: string): Promise<Ticket> {
    const ticket = isUuid(id) ? await em.findOne(Ticket, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!ticket || (!isStaff(viewer) && ticket.customer.id !== viewer.userId)) throw notFound('Ticket');
    return ticket;
  }

  /** Moves a ticket if the lifecycle allows that actor the move; anything else is CONFLICT. */
  private async move(
    em: Em,
    ticket: Ticket,
    to: TicketStatus,
    actor: TicketActor,
    actorId: string | null,
    now = this.now(),
  ) {
    const from = ticket.status;
    if (from === to) return;
    if (!canMove(from, to, actor)) {
      throw ticketError(
        'TICKET_TRANSITION_INVALID',
        `An appeal that is ${statusLabel[from]} cannot become ${statusLabel[to]} this way`,
        { from, to },
      );
    }
    if (from === 'WAITING_FOR_CUSTOMER') await this.resume(em, ticket, now);
    if (to === 'WAITING_FOR_CUSTOMER') ticket.slaPausedAt = now;
    if (to === 'RESOLVED') ticket.resolvedAt = now;
    if (to === 'CLOSED') ticket.closedAt = now;
    ticket.status = to;
    recordTicketEvent(em, ticket, 'STATUS_CHANGED', actorId, true, { from, to });
  }

  /** Ends a pause: each SLA target keeps the time it had left, in its own time (clock or business). */
  async resume(em: Em, ticket: Ticket, now: Date): Promise<void> {
    if (!ticket.slaPausedAt) return;
    resumeAfterPause(ticket, now, await loadSlaCalendar(this.deps.calendar, em, now, ticket.slaPausedAt));
  }

  async assign(em: Em, staff: Viewer, id: string, assigneeId: string | null): Promise<Ticket> {
    return this.mutate(em, staff, id, async (tx, ticket) => {
      if (ticket.status === 'CLOSED') throw ticketError('TICKET_CLOSED', 'A closed appeal cannot be reassigned');
      let assignee: User | null = null;
      if (assigneeId) {
        assignee = isUuid(assigneeId) ? await tx.findOne(User, { id: assigneeId }) : null;
        if (!assignee || !isStaff({ userId: assignee.id, sessionId: '', roles: assignee.roles as Viewer['roles'] })) {
          throw badInput('Tickets are assigned to support staff', {
            assigneeId: { rule: 'role', roles: STAFF_ROLES },
          });
        }
      }
      const before = ticket.assignee?.id ?? null;
      if (before === (assignee?.id ?? null)) return;
      ticket.assignee = assignee;
      // The name as it was then, so the history reads without looking people up.
      recordTicketEvent(tx, ticket, 'ASSIGNED', staff.userId, false, {
        from: before,
        to: assignee?.id ?? null,
        toName: assignee?.displayName ?? null,
      });
      if (assignee && (ticket.status === 'NEW' || ticket.status === 'REOPENED')) {
        await this.move(tx, ticket, 'IN_PROGRESS', 'STAFF', staff.userId);
      }
    });
  }

  /** A staff reply (public, sent to the customer) or an internal note (staff only). */
  async reply(
    em: Em,
    staff: Viewer,
    id: string,
    input: { body: string; internal: boolean; attachmentIds?: string[] | null },
  ) {
    const body = checkBody(input.body);
    return this.mutate(em, staff, id, async (tx, ticket) => {
      if (ticket.status === 'CLOSED') throw ticketError('TICKET_CLOSED', 'The appeal is closed');
      const message = tx.create(TicketMessage, {
        id: newId(),
        ticket,
        author: staff.userId,
        authorRole: 'STAFF',
        body,
        internal: input.internal,
      });
      await this.deps.attachments.attach(tx, staff, input.attachmentIds ?? [], `ticket-message:${message.id}`);
      if (input.internal) {
        recordTicketEvent(tx, ticket, 'INTERNAL_NOTE', staff.userId, false, { messageId: message.id });
        return;
      }
      const now = this.now();
      ticket.lastMessageAt = now;
      ticket.firstRespondedAt ??= now;
      recordTicketEvent(tx, ticket, 'MESSAGE', staff.userId, true, { messageId: message.id, authorRole: 'STAFF' });
      if (ticket.status === 'NEW' || ticket.status === 'REOPENED')
        await this.move(tx, ticket, 'IN_PROGRESS', 'STAFF', staff.userId, now);
      const customer = await tx.findOneOrFail(User, { id: ticket.customer.id });
      await tellCustomer(this.deps.notify, tx, ticket, customer, {
        purpose: 'ticket_reply',
        ...messages.ticketReply(ticket, body),
      });
    });
  }

  async changeStatus(em: Em, viewer: Viewer, id: string, to: TicketStatus): Promise<Ticket> {
    return this.mutate(em, viewer, id, async (tx, ticket) => {
      await this.move(tx, ticket, to, actorOf(viewer), viewer.userId);
    });
  }

  /** Escalates to a senior specialist (staff on their own, or at the customer's request). Repeating it is harmless. */
  async escalate(em: Em, viewer: Viewer, id: string, reason: string | null): Promise<Ticket> {
    return this.mutate(em, viewer, id, async (tx, ticket) => {
      if (!OPEN_STATUSES.includes(ticket.status))
        throw ticketError('TICKET_NOT_ESCALATABLE', 'Only open appeals can be escalated');
      if (ticket.escalated) return;
      ticket.escalated = true;
      recordTicketEvent(tx, ticket, 'ESCALATED', viewer.userId, true, {
        cycle: ticket.slaCycle,
        requestedBy: actorOf(viewer),
        [reasonKey(isStaff(viewer))]: reason?.trim() || null,
      });
    });
  }

  /** The customer writes in their appeal; an appeal waiting for them goes back to work and its clock resumes. */
  async addCustomerMessage(
    em: Em,
    viewer: Viewer,
    id: string,
    input: { body: string; attachmentIds?: string[] | null },
  ) {
    const body = checkBody(input.body);
    return this.mutate(em, viewer, id, async (tx, ticket) => {
      if (ticket.customer.id !== viewer.userId) throw notFound('Ticket');
      if (ticket.status === 'CLOSED') throw ticketError('TICKET_CLOSED', 'The appeal is closed; file a new one');
      if (ticket.status === 'RESOLVED')
        throw ticketError('TICKET_RESOLVED', 'The appeal is resolved; reopen it to continue');
      const message = tx.create(TicketMessage, {
        id: newId(),
        ticket,
        author: viewer.userId,
        authorRole: 'CUSTOMER',
        body,
        internal: false,
      });
      await this.deps.attachments.attach(tx, viewer, input.attachmentIds ?? [], `ticket-message:${message.id}`);
      ticket.lastMessageAt = this.now();
      recordTicketEvent(tx, ticket, 'MESSAGE', viewer.userId, true, { messageId: message.id, authorRole: 'CUSTOMER' });
      if (ticket.status === 'WAITING_FOR_CUSTOMER')
        await this.move(tx, ticket, 'IN_PROGRESS', 'CUSTOMER', viewer.userId);
    });
  }

  /**
   * Reopening starts a new SLA cycle: a new resolution due time from now, the breach and escalation of the last
   * cycle cleared (each cycle can breach and escalate once); the first answer stays answered. History shows the cycle.
   */
  async reopen(em: Em, viewer: Viewer, id: string, reason: string | null): Promise<Ticket> {
    return this.mutate(em, viewer, id, async (tx, ticket) => {
      if (ticket.status !== 'RESOLVED')
        throw ticketError('TICKET_NOT_REOPENABLE', 'Only a resolved appeal can be reopened');
      const now = this.now();
      if (!isStaff(viewer) && ticket.resolvedAt && now.getTime() - ticket.resolvedAt.getTime() > REOPEN_WINDOW_MS) {
        throw ticketError('TICKET_NOT_REOPENABLE', 'The appeal was resolved more than 14 days ago; file a new one');
      }
      await this.move(tx, ticket, 'REOPENED', actorOf(viewer), viewer.userId, now);
      ticket.resolvedAt = null;
      const due = dueTimes(ticket.slaClass, now, await loadSlaCalendar(this.deps.calendar, tx, now));
      ticket.slaCycle += 1;
      ticket.resolutionDueAt = due.resolutionDueAt;
      if (!ticket.firstRespondedAt) ticket.firstResponseDueAt = due.firstResponseDueAt;
      ticket.slaBreached = false;
      ticket.slaBreachedAt = null;
      ticket.escalated = false;
      recordTicketEvent(tx, ticket, 'REOPENED', viewer.userId, true, {
        [reasonKey(isStaff(viewer))]: reason?.trim() || null,
        cycle: ticket.slaCycle,
        resolutionDueAt: ticket.resolutionDueAt.toISOString(),
      });
    });
  }

  async rate(em: Em, viewer: Viewer, id: string, score: number, comment: string | null): Promise<Ticket> {
    return this.mutate(em, viewer, id, async (tx, ticket) => {
      if (ticket.customer.id !== viewer.userId) throw notFound('Ticket');
      if (ticket.status !== 'RESOLVED' && ticket.status !== 'CLOSED')
        throw ticketError('TICKET_NOT_RATEABLE', 'Rate the appeal once it is resolved');
      if (ticket.rating !== null && ticket.rating !== undefined)
        throw ticketError('TICKET_ALREADY_RATED', 'The appeal has already been rated');
      ticket.rating = score;
      ticket.ratingComment = comment?.trim() || null;
      recordTicketEvent(tx, ticket, 'RATED', viewer.userId, true, { score, comment: ticket.ratingComment });
    });
  }

  /** Locks the ticket, applies a change and its history in one transaction, and returns the fresh ticket. */
  private async mutate(
    em: Em,
    viewer: Viewer,
    id: string,
    change: (tx: Em, ticket: Ticket) => Promise<void>,
  ): Promise<Ticket> {
    await em.transactional(async (tx) => {
      const ticket = await this.lock(tx, viewer, id);
      await change(tx, ticket);
    });
    this.deps.notify.wake();
    this.deps.eventsWritten();
    return em.findOneOrFail(Ticket, { id }, { populate: ['category', 'problem'], refresh: true });
  }

  /** Tells the event relay that committed events wait for their positions. */
  eventsCommitted(): void {
    this.deps.eventsWritten();
  }
}

/** A message as stored: trimmed (its length is declared on the input, `TextLength(1, 5000)`). */
const checkBody = (body: string): string => body.trim();
