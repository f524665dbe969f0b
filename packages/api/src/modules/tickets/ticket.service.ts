import { LockMode } from '@mikro-orm/core';
import { TZDate } from '@date-fns/tz';
import { EMAIL, sha256Hex } from '../../lib/checks.js';
import type { Em } from '../../db/orm.js';
import { isStaff, type Viewer } from '../../lib/context.js';
import { badInput, DomainError, forbidden, idempotencyKeyReused, notFound } from '../../lib/errors.js';
import { ticketError } from './ticket.errors.js';
import type { FieldRule } from '../../lib/field-rules.js';
import { isUuid, newId } from '../../lib/ids.js';
import type { AttachmentService } from '../attachments/attachment.service.js';
import { BUSINESS_TIME_ZONE } from '../calendar/business-time.js';
import type { BusinessCalendar } from '../calendar/business-time.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { SupportProblem } from '../catalog/catalog.entity.js';
import { PushDevice, User } from '../identity/identity.entity.js';
import { STAFF_ROLES } from '../../lib/roles.js';
import { messages } from '../notify/messages.js';
import type { NotifyService } from '../notify/notify.service.js';
import {
  OPEN_STATUSES,
  Ticket,
  TicketEvent,
  TicketMessage,
  type ReplyChannel,
  type TicketEventType,
  type TicketStatus,
} from './ticket.entity.js';
import { canMove, type TicketActor } from './ticket.lifecycle.js';
import { reasonKey } from './ticket.history.js';
import { writeOutbox } from './outbox.js';
import {
  mineConditions,
  readLastMessages,
  readTicketPage,
  staffConditions,
  type StaffTicketFilter,
  type LastMessage,
  type TicketOrder,
  type TicketPage,
} from './ticket.list.js';
import { calendarSpan, dueTimes, rescheduleForCalendar, resumeAfterPause } from './ticket.sla.js';

/** A resolved appeal can be reopened by its customer for this long. */
export const REOPEN_WINDOW_MS = 14 * 86_400_000;
/** A resolved appeal closes by itself after this long without activity. */
export const AUTO_CLOSE_AFTER_MS = 7 * 86_400_000;

export interface CreateTicketInput {
  problemId?: string | null;
  categoryId?: string | null;
  otherSubject?: string | null;
  orderNumber?: string | null;
  description: string;
  attachmentIds?: string[] | null;
  replyChannel: ReplyChannel;
  email?: string | null;
  urgent?: boolean | null;
  idempotencyKey: string;
}

const actorOf = (viewer: Viewer): TicketActor => (isStaff(viewer) ? 'STAFF' : 'CUSTOMER');
const statusLabel: Record<TicketStatus, string> = {
  NEW: 'новое',
  IN_PROGRESS: 'в работе',
  WAITING_FOR_CUSTOMER: 'ждём вашего ответа',
  RESOLVED: 'решено',
  CLOSED: 'закрыто',
  REOPENED: 'открыто повторно',
};

/** Appeals: filing with duplicate and idempotency rules, the SLA clock, the lifecycle and its history. */
export class TicketService {
  constructor(
    private readonly deps: {
      calendar: CalendarService;
      attachments: AttachmentService;
      notify: NotifyService;
      /** Called after a commit that wrote ticket events (wakes the event relay). */
      eventsWritten: () => void;
      /** The time SLA cycles and pauses are measured by (tests drive it). */
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
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

  /** The business calendar as staff keep it, for the SLA arithmetic of a ticket at `now`. */
  private calendarFor(em: Em, now: Date, pausedAt?: Date | null) {
    const span = calendarSpan(now, pausedAt);
    return this.deps.calendar.load(em, span.from, span.days);
  }

  // ---- reading ----

  /** A ticket its owner or staff may see; anyone else gets NOT_FOUND, as if it did not exist. */
  async get(em: Em, viewer: Viewer, id: string): Promise<Ticket> {
    const ticket = isUuid(id) ? await em.findOne(Ticket, { id }, { populate: ['category', 'problem'] }) : null;
    if (!ticket || (!isStaff(viewer) && ticket.customer.id !== viewer.userId)) throw notFound('Ticket');
    return ticket;
  }

  async getByNumber(em: Em, viewer: Viewer, number: string): Promise<Ticket> {
    const ticket = await em.findOne(
      Ticket,
      { number: number.trim().toUpperCase() },
      { populate: ['category', 'problem'] },
    );
    if (!ticket || (!isStaff(viewer) && ticket.customer.id !== viewer.userId)) throw notFound('Ticket');
    return ticket;
  }

  /** The viewer's own appeals, newest first, keyset-paginated on the time-ordered id. */
  async listMine(
    em: Em,
    viewer: Viewer,
    options: {
      status?: TicketStatus | null;
      first?: number | null;
      after?: string | null;
      withLastMessages?: boolean;
    },
  ): Promise<TicketPage> {
    return readTicketPage(em, mineConditions(viewer.userId, options.status), options);
  }

  /** Staff's ticket list with filters; the same keyset pagination. */
  async listForStaff(
    em: Em,
    filter: StaffTicketFilter,
    options: {
      first?: number | null;
      after?: string | null;
      order?: TicketOrder | null;
      withLastMessages?: boolean;
      withPeople?: boolean;
    },
  ): Promise<TicketPage> {
    return readTicketPage(em, staffConditions(filter), options);
  }

  /** Messages of many tickets in one statement (internal notes only for staff). */
  async messagesOf(em: Em, ticketIds: readonly string[], includeInternal: boolean): Promise<TicketMessage[]> {
    if (ticketIds.length === 0) return [];
    return em.find(
      TicketMessage,
      { ticket: { $in: [...ticketIds] }, ...(includeInternal ? {} : { internal: false }) },
      { orderBy: { id: 'asc' }, populate: ['author'] },
    );
  }

  /** The last public message of many tickets, with its author's name, in one statement of plain rows. */
  lastMessagesOf(em: Em, ticketIds: readonly string[]): Promise<Map<string, LastMessage>> {
    return readLastMessages(em, ticketIds);
  }

  /** History of many tickets in one statement (staff-only entries only for staff). */
  async historyOf(em: Em, ticketIds: readonly string[], includePrivate: boolean): Promise<TicketEvent[]> {
    if (ticketIds.length === 0) return [];
    return em.find(
      TicketEvent,
      { ticket: { $in: [...ticketIds] }, ...(includePrivate ? {} : { public: true }) },
      { orderBy: { id: 'asc' }, populate: ['actor'] },
    );
  }

  // ---- filing ----

  async create(em: Em, viewer: Viewer, input: CreateTicketInput): Promise<Ticket> {
    const checked = this.checkCreateInput(input);
    const fingerprint = sha256Hex(
      JSON.stringify([
        checked.problemId,
        checked.categoryId,
        checked.otherSubject,
        checked.orderNumber,
        checked.description,
        input.replyChannel,
        Boolean(input.urgent),
        [...(input.attachmentIds ?? [])].sort(),
      ]),
    );
    const created = await em.transactional(async (tx) => {
      // Retries of one request queue up here, and the first one's ticket is what they all get.
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [
        `ticket-idem:${viewer.userId}:${input.idempotencyKey}`,
      ]);
      const replay = await tx.findOne(Ticket, { customer: viewer.userId, idempotencyKey: input.idempotencyKey });
      if (replay) return { ticket: replay, replayed: true as const };

      const problem = await this.resolveProblem(tx, viewer, checked);
      const user = await tx.findOneOrFail(User, { id: viewer.userId });
      if (problem.requiresOrderNumber && !checked.orderNumber) {
        throw badInput('This problem needs the order number', { 'input.orderNumber': { rule: 'required' } });
      }
      if (input.urgent && !problem.urgentAvailable) {
        throw badInput('Urgent handling is not available for this problem', {
          'input.urgent': { rule: 'notWith', other: 'problemId', value: problem.id },
        });
      }
      const replyTo = replyAddress(user, input.replyChannel, input.email);

      if (checked.orderNumber) {
        await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [
          `ticket-dup:${viewer.userId}:${problem.id}:${checked.orderNumber}`,
        ]);
        const open = await tx.findOne(Ticket, {
          customer: viewer.userId,
          problem: problem.id,
          orderNumber: checked.orderNumber,
          status: { $in: OPEN_STATUSES },
        });
        if (open) {
          throw new DomainError('TICKET_DUPLICATE', `Appeal ${open.number} about this order is still open`, {
            ticketNumber: open.number,
            ticketId: open.id,
          });
        }
      }

      // Everything that can refuse the appeal comes before its number is drawn (a sequence does not roll back), so
      // a refused request leaves no gap in the numbers.
      const ticketId = newId();
      await this.deps.attachments.attach(tx, viewer, input.attachmentIds ?? [], `ticket:${ticketId}`);
      const now = this.now();
      const [{ seq }] = (await tx.execute<Array<{ seq: string }>>(`select nextval('ticket_number_seq') as seq`)) as [
        { seq: string },
      ];
      const year = new TZDate(now.getTime(), BUSINESS_TIME_ZONE).getFullYear();
      const slaClass = input.urgent ? 'URGENT' : problem.slaClass;
      const calendar = await this.calendarFor(tx, now);
      const ticket = tx.create(Ticket, {
        id: ticketId,
        number: `T-${year}-${String(seq).padStart(7, '0')}`,
        customer: user,
        category: problem.category,
        problem,
        otherSubject: problem.isOther ? checked.otherSubject : null,
        orderNumber: checked.orderNumber,
        description: checked.description,
        replyChannel: input.replyChannel,
        replyTo,
        urgent: Boolean(input.urgent),
        slaClass,
        status: 'NEW',
        assignee: null,
        ...dueTimes(slaClass, now, calendar),
        firstRespondedAt: null,
        slaPausedAt: null,
        slaBreachedAt: null,
        resolvedAt: null,
        closedAt: null,
        rating: null,
        ratingComment: null,
        idempotencyKey: input.idempotencyKey,
        lastMessageAt: null,
        requestFingerprint: fingerprint,
        createdAt: now,
      });
      this.record(tx, ticket, 'CREATED', viewer.userId, true, {
        status: 'NEW',
        slaClass,
        firstResponseDueAt: ticket.firstResponseDueAt.toISOString(),
      });
      await this.tellCustomer(tx, ticket, user, { purpose: 'ticket_created', ...messages.ticketCreated(ticket) });
      return { ticket, replayed: false as const };
    });
    if (created.replayed) {
      if (created.ticket.requestFingerprint !== fingerprint) {
        throw idempotencyKeyReused('This idempotency key was used for a different appeal', {
          ticketNumber: created.ticket.number,
        });
      }
    } else {
      this.deps.notify.wake();
      this.deps.eventsWritten();
    }
    return em.findOneOrFail(Ticket, { id: created.ticket.id }, { populate: ['category', 'problem'], refresh: true });
  }

  private checkCreateInput(input: CreateTicketInput) {
    const description = input.description.trim();
    const otherSubject = input.otherSubject?.trim() || null;
    const orderNumber = input.orderNumber?.trim() || null;
    // Lengths and shapes are declared on CreateTicketInput; what is left depends on several fields together.
    const fields: Record<string, FieldRule> = {};
    if (!input.problemId && !input.categoryId)
      fields['input.problemId'] = { rule: 'requiredWithout', other: 'categoryId' };
    if (!input.problemId && input.categoryId && !otherSubject) fields['input.otherSubject'] = { rule: 'required' };
    if (Object.keys(fields).length > 0) throw badInput('The appeal is incomplete or invalid', fields);
    return {
      description,
      otherSubject,
      orderNumber,
      problemId: input.problemId ?? null,
      categoryId: input.categoryId ?? null,
    };
  }

  private async resolveProblem(
    em: Em,
    viewer: Viewer,
    input: { problemId: string | null; categoryId: string | null; otherSubject: string | null },
  ): Promise<SupportProblem> {
    const problem = input.problemId
      ? isUuid(input.problemId)
        ? await em.findOne(SupportProblem, { id: input.problemId }, { populate: ['category'] })
        : null
      : isUuid(input.categoryId ?? '')
        ? await em.findOne(SupportProblem, { category: input.categoryId!, isOther: true }, { populate: ['category'] })
        : null;
    if (!problem || !problem.active || !problem.category.active) throw notFound('Problem');
    if (input.problemId && input.categoryId && problem.category.id !== input.categoryId) {
      throw ticketError('CATEGORY_PROBLEM_MISMATCH', 'The problem does not belong to the category given', {
        categoryId: problem.category.id,
      });
    }
    if (problem.isOther && !input.otherSubject) {
      throw badInput('Say in a few words what the appeal is about', { 'input.otherSubject': { rule: 'required' } });
    }
    const audience = problem.isOther ? problem.category.audience : problem.audience;
    if (audience === 'SELLER' && !viewer.roles.includes('SELLER')) {
      throw forbidden('This problem is for sellers');
    }
    return problem;
  }

  // ---- working a ticket ----

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
    this.record(em, ticket, 'STATUS_CHANGED', actorId, true, { from, to });
  }

  /** Ends a pause: each SLA target keeps the time it had left, in its own time (clock or business). */
  async resume(em: Em, ticket: Ticket, now: Date): Promise<void> {
    if (!ticket.slaPausedAt) return;
    resumeAfterPause(ticket, now, await this.calendarFor(em, now, ticket.slaPausedAt));
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
      this.record(tx, ticket, 'ASSIGNED', staff.userId, false, {
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
        this.record(tx, ticket, 'INTERNAL_NOTE', staff.userId, false, { messageId: message.id });
        return;
      }
      const now = this.now();
      ticket.lastMessageAt = now;
      ticket.firstRespondedAt ??= now;
      this.record(tx, ticket, 'MESSAGE', staff.userId, true, { messageId: message.id, authorRole: 'STAFF' });
      if (ticket.status === 'NEW' || ticket.status === 'REOPENED')
        await this.move(tx, ticket, 'IN_PROGRESS', 'STAFF', staff.userId, now);
      const customer = await tx.findOneOrFail(User, { id: ticket.customer.id });
      await this.tellCustomer(tx, ticket, customer, { purpose: 'ticket_reply', ...messages.ticketReply(ticket, body) });
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
      this.record(tx, ticket, 'ESCALATED', viewer.userId, true, {
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
      this.record(tx, ticket, 'MESSAGE', viewer.userId, true, { messageId: message.id, authorRole: 'CUSTOMER' });
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
      const due = dueTimes(ticket.slaClass, now, await this.calendarFor(tx, now));
      ticket.slaCycle += 1;
      ticket.resolutionDueAt = due.resolutionDueAt;
      if (!ticket.firstRespondedAt) ticket.firstResponseDueAt = due.firstResponseDueAt;
      ticket.slaBreached = false;
      ticket.slaBreachedAt = null;
      ticket.escalated = false;
      this.record(tx, ticket, 'REOPENED', viewer.userId, true, {
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
      this.record(tx, ticket, 'RATED', viewer.userId, true, { score, comment: ticket.ratingComment });
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

  /** Every change writes a history entry in the same transaction as the change. */
  record(
    em: Em,
    ticket: Ticket,
    type: TicketEventType,
    actorId: string | null,
    isPublic: boolean,
    data: Record<string, unknown>,
  ) {
    const event = em.create(TicketEvent, { id: newId(), ticket, type, actor: actorId, public: isPublic, data });
    writeOutbox(em, event, ticket, actorId);
    return event;
  }

  /** Tells the event relay that committed events wait for their positions. */
  eventsCommitted(): void {
    this.deps.eventsWritten();
  }

  private async tellCustomer(
    em: Em,
    ticket: Ticket,
    customer: User,
    message: { purpose: string; subject: string; text: string; sms: string },
  ) {
    const base = { userId: customer.id, purpose: message.purpose, subject: message.subject, text: message.text };
    if (ticket.replyChannel === 'EMAIL') {
      this.deps.notify.enqueue(em, { ...base, channel: 'EMAIL', to: ticket.replyTo });
    } else if (ticket.replyChannel === 'SMS') {
      this.deps.notify.enqueue(em, {
        ...base,
        channel: 'SMS',
        to: customer.phone,
        text: message.sms,
      });
    } else {
      const devices = await em.find(PushDevice, { userId: customer.id });
      for (const device of devices) {
        this.deps.notify.enqueue(em, { ...base, channel: 'PUSH', to: customer.phone, deviceToken: device.token });
      }
    }
  }
}

/** Where answers go: the phone for SMS and push, an email for email (remembered on the account). */
function replyAddress(user: User, channel: ReplyChannel, email?: string | null): string {
  if (channel !== 'EMAIL') return user.phone;
  const address = email?.trim().toLowerCase() || user.email;
  if (!address || !EMAIL.test(address)) {
    throw badInput('Give an email address to get the answer by email', {
      'input.email': { rule: 'format', format: 'email' },
    });
  }
  if (!user.email) user.email = address;
  return address;
}

/** A message as stored: trimmed (its length is declared on the input, `TextLength(1, 5000)`). */
const checkBody = (body: string): string => body.trim();
