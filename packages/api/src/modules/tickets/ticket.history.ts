import type { Em } from '../../db/orm.js';
import { newId } from '../../lib/ids.js';
import { writeOutbox } from './outbox.js';
import { TicketEvent, type Ticket, type TicketEventType } from './ticket.entity.js';

/** Who reads a ticket's history entries and events besides staff (who read everything). */
export type HistoryAudience = 'staff' | 'customer' | 'integrator';

type Reader = Exclude<HistoryAudience, 'staff'>;
const BOTH: readonly Reader[] = ['customer', 'integrator'];
const CUSTOMER: readonly Reader[] = ['customer'];
const INTEGRATOR: readonly Reader[] = ['integrator'];

/**
 * Which keys of each history entry's `data` (an event's `changes`) each audience may read. A key missing here is
 * staff-only, so a new key stays internal until someone decides otherwise. Customers read their own words (a
 * reopening or escalation reason they gave, their rating comment) and never staff ones; integrators get the
 * structured facts and no one's free text (personal data).
 */
export const HISTORY_DATA_READERS: { readonly [T in TicketEventType]: Readonly<Record<string, readonly Reader[]>> } = {
  CREATED: { status: BOTH, slaClass: BOTH, firstResponseDueAt: BOTH },
  // Who is assigned (the staff member's id and name) is staff business; integrators see the assignee id.
  ASSIGNED: { from: INTEGRATOR, to: INTEGRATOR },
  STATUS_CHANGED: { from: BOTH, to: BOTH, reason: BOTH },
  MESSAGE: { messageId: BOTH, authorRole: BOTH },
  INTERNAL_NOTE: {},
  // `reason` is the customer's (or the platform's) words; a staff member's reason is `staffReason`, staff only.
  ESCALATED: { requestedBy: BOTH, reason: CUSTOMER, cycle: BOTH },
  SLA_BREACHED: { missed: INTEGRATOR, dueAt: INTEGRATOR, cycle: INTEGRATOR },
  RATED: { score: BOTH, comment: CUSTOMER },
  // The SLA cycle a reopening starts and its new due time are the customer's to know (issue 16).
  REOPENED: { reason: CUSTOMER, cycle: BOTH, resolutionDueAt: BOTH },
};

/** The part of a history entry's data that `audience` may read. */
export function historyDataFor(
  audience: HistoryAudience,
  type: string,
  data: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  if (audience === 'staff') return { ...data };
  const readers = HISTORY_DATA_READERS[type as TicketEventType] ?? {};
  return Object.fromEntries(Object.entries(data).filter(([key]) => readers[key]?.includes(audience)));
}

/** Where a reason given by someone goes in the entry's data: staff reasons are kept from customers. */
export const reasonKey = (byStaff: boolean) => (byStaff ? 'staffReason' : 'reason');

/**
 * Every change writes a history entry in the same transaction as the change, and with it the integration event in the
 * outbox (positioned later by the event relay).
 */
export function recordTicketEvent(
  em: Em,
  ticket: Ticket,
  type: TicketEventType,
  actorId: string | null,
  isPublic: boolean,
  data: Record<string, unknown>,
): TicketEvent {
  const event = em.create(TicketEvent, { id: newId(), ticket, type, actor: actorId, public: isPublic, data });
  writeOutbox(em, event, ticket, actorId);
  return event;
}
