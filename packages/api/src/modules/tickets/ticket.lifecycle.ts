import type { TicketStatus } from './ticket.entity.js';

/** Who moves a ticket: support staff, the customer who filed it, or the platform's own jobs. */
export type TicketActor = 'STAFF' | 'CUSTOMER' | 'SYSTEM';

/**
 * The lifecycle, in one place: from each status, the statuses it may move to and who may make that move.
 * new → in progress → waiting for customer ⇄ in progress → resolved → closed (by staff, or automatically after a
 * quiet period); resolved → reopened by the customer (within the window) or staff; reopened is worked again.
 */
export const TRANSITIONS: Readonly<Record<TicketStatus, Partial<Record<TicketStatus, readonly TicketActor[]>>>> = {
  NEW: { IN_PROGRESS: ['STAFF'], WAITING_FOR_CUSTOMER: ['STAFF'], RESOLVED: ['STAFF'] },
  IN_PROGRESS: { WAITING_FOR_CUSTOMER: ['STAFF'], RESOLVED: ['STAFF'] },
  WAITING_FOR_CUSTOMER: { IN_PROGRESS: ['STAFF', 'CUSTOMER'], RESOLVED: ['STAFF'], CLOSED: ['SYSTEM'] },
  RESOLVED: { CLOSED: ['STAFF', 'SYSTEM'], REOPENED: ['CUSTOMER', 'STAFF'] },
  REOPENED: { IN_PROGRESS: ['STAFF'], WAITING_FOR_CUSTOMER: ['STAFF'], RESOLVED: ['STAFF'] },
  CLOSED: {},
};

export function canMove(from: TicketStatus, to: TicketStatus, actor: TicketActor): boolean {
  return TRANSITIONS[from][to]?.includes(actor) ?? false;
}

/** The statuses an actor may move a ticket to from where it stands (for clients' buttons). */
export function nextStatuses(from: TicketStatus, actor: TicketActor): TicketStatus[] {
  return (Object.entries(TRANSITIONS[from]) as Array<[TicketStatus, readonly TicketActor[]]>)
    .filter(([, actors]) => actors.includes(actor))
    .map(([to]) => to);
}
