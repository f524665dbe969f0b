import type { Em } from '../../db/orm.js';
import type { Ticket, TicketEvent } from './ticket.entity.js';
import { TicketOutboxEvent, type TicketSnapshot } from './outbox.entity.js';

export function snapshotOf(ticket: Ticket): TicketSnapshot {
  return {
    id: ticket.id,
    number: ticket.number,
    status: ticket.status,
    categoryId: ticket.category.id,
    problemId: ticket.problem.id,
    customerId: ticket.customer.id,
    assigneeId: ticket.assignee?.id ?? null,
    slaClass: ticket.slaClass,
    urgent: ticket.urgent,
    slaBreached: ticket.slaBreached,
    escalated: ticket.escalated,
    firstResponseDueAt: ticket.firstResponseDueAt.toISOString(),
    resolutionDueAt: ticket.resolutionDueAt.toISOString(),
    updatedAt: new Date().toISOString(),
  };
}

/** Adds the outbox copy of a history entry to the same unit of work, so both commit or neither does. */
export function writeOutbox(em: Em, event: TicketEvent, ticket: Ticket, actorId: string | null): void {
  em.create(TicketOutboxEvent, {
    id: event.id,
    position: null,
    ticketId: ticket.id,
    customerId: ticket.customer.id,
    categoryId: ticket.category.id,
    type: event.type,
    public: event.public,
    actorId,
    changes: event.data,
    ticket: snapshotOf(ticket),
    occurredAt: new Date(),
  });
}
