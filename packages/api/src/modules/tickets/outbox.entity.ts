import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** What subscribers see of the ticket an event is about (a snapshot taken in the event's transaction). */
export interface TicketSnapshot {
  id: string;
  number: string;
  status: string;
  categoryId: string;
  problemId: string;
  customerId: string;
  assigneeId: string | null;
  slaClass: string;
  urgent: boolean;
  slaBreached: boolean;
  escalated: boolean;
  firstResponseDueAt: string;
  resolutionDueAt: string;
  updatedAt: string;
}

/**
 * The transactional outbox of ticket events: written in the same transaction as the change (one row per history
 * entry, same id). `position` is given by the relay after commit, in commit order, so a subscriber that saw
 * position P has seen everything before it and can resume from there.
 */
export const TicketOutboxEvent = defineEntity({
  name: 'TicketOutboxEvent',
  tableName: 'ticket_outbox',
  properties: {
    id: p.uuid().primary(),
    position: p.bigint('string').nullable().unique(),
    ticketId: p.uuid(),
    customerId: p.uuid(),
    categoryId: p.uuid(),
    type: p.string().length(30),
    public: p.boolean(),
    actorId: p.uuid().nullable(),
    changes: p.json<Record<string, unknown>>(),
    ticket: p.json<TicketSnapshot>(),
    occurredAt: p.datetime(),
  },
  indexes: [{ properties: ['ticketId', 'position'] }, { properties: ['customerId', 'position'] }],
});
export type TicketOutboxEvent = InferEntity<typeof TicketOutboxEvent>;
