import { TZDate } from '@date-fns/tz';
import { EMAIL, sha256Hex } from '../../lib/checks.js';
import type { Em } from '../../db/orm.js';
import type { Viewer } from '../../lib/context.js';
import { badInput, DomainError, forbidden, idempotencyKeyReused, notFound } from '../../lib/errors.js';
import type { FieldRule } from '../../lib/field-rules.js';
import { isUuid, newId } from '../../lib/ids.js';
import { BUSINESS_TIME_ZONE } from '../calendar/business-time.js';
import { SupportProblem } from '../catalog/catalog.entity.js';
import { User } from '../identity/identity.entity.js';
import { messages } from '../notify/messages.js';
import { OPEN_STATUSES, Ticket, type ReplyChannel } from './ticket.entity.js';
import { nowOf, type TicketDeps } from './ticket.deps.js';
import { ticketError } from './ticket.errors.js';
import { recordTicketEvent } from './ticket.history.js';
import { tellCustomer } from './ticket.notices.js';
import { dueTimes, loadSlaCalendar } from './ticket.sla.js';

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

/**
 * Filing an appeal: the rules that depend on several fields and on the catalog (problem or "other" in a category,
 * order number, urgency, audience), one open appeal per order and problem, idempotent retries (same key and same
 * request: the same appeal; another request: IDEMPOTENCY_KEY_REUSED), the number drawn last (a refused request leaves
 * no gap), the first SLA cycle, the CREATED history entry and the customer's confirmation, in one transaction.
 */
export class TicketFiling {
  constructor(private readonly deps: TicketDeps) {}

  private now(): Date {
    return nowOf(this.deps);
  }

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
      const calendar = await loadSlaCalendar(this.deps.calendar, tx, now);
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
      recordTicketEvent(tx, ticket, 'CREATED', viewer.userId, true, {
        status: 'NEW',
        slaClass,
        firstResponseDueAt: ticket.firstResponseDueAt.toISOString(),
      });
      await tellCustomer(this.deps.notify, tx, ticket, user, {
        purpose: 'ticket_created',
        ...messages.ticketCreated(ticket),
      });
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
