import { historyDataFor, type HistoryAudience } from './ticket.history.js';
import type { TicketOutboxEvent, TicketSnapshot } from './outbox.entity.js';

/**
 * One ticket event as each audience may read it, for every way events leave the platform (graphql-ws and
 * webhooks). It depends only on the event and the audience, never on who exactly listens, so subscribers of one
 * audience can share an execution.
 * - staff: everything;
 * - integrator (an API key with tickets:read): the snapshot fields, the structured changes, no one's free text;
 * - customer (the ticket's owner, public events only): no assignee, no staff member's id, only public changes.
 */
export interface EventView {
  id: string;
  position: string;
  type: string;
  occurredAt: Date;
  public: boolean;
  actorId: string | null;
  changes: Record<string, unknown>;
  ticket: Omit<TicketSnapshot, 'customerId' | 'updatedAt'>;
}

export function eventFor(audience: HistoryAudience, event: TicketOutboxEvent): EventView {
  const { customerId, updatedAt: _updatedAt, ...snapshot } = event.ticket;
  const actorShown = audience !== 'customer' || event.actorId === customerId;
  return {
    id: event.id,
    position: event.position!,
    type: event.type,
    occurredAt: event.occurredAt,
    public: event.public,
    actorId: actorShown ? (event.actorId ?? null) : null,
    changes: historyDataFor(audience, event.type, event.changes),
    ticket: { ...snapshot, assigneeId: audience === 'customer' ? null : snapshot.assigneeId },
  };
}
