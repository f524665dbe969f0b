import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { newId } from '../../lib/ids.js';
import { SLA_CLASSES, SupportCategory, SupportProblem } from '../catalog/catalog.entity.js';
import { User } from '../identity/identity.entity.js';

export const TICKET_STATUSES = [
  'NEW',
  'IN_PROGRESS',
  'WAITING_FOR_CUSTOMER',
  'RESOLVED',
  'CLOSED',
  'REOPENED',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
/** Statuses in which a ticket still counts as open (for duplicates and SLA). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['NEW', 'IN_PROGRESS', 'WAITING_FOR_CUSTOMER', 'REOPENED'];
export const REPLY_CHANNELS = ['EMAIL', 'PUSH', 'SMS'] as const;
export type ReplyChannel = (typeof REPLY_CHANNELS)[number];
export const TICKET_EVENT_TYPES = [
  'CREATED',
  'ASSIGNED',
  'STATUS_CHANGED',
  'MESSAGE',
  'INTERNAL_NOTE',
  'ESCALATED',
  'SLA_BREACHED',
  'RATED',
  'REOPENED',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/** An appeal: what a user filed, its SLA clock and where it stands. */
export const Ticket = defineEntity({
  name: 'Ticket',
  tableName: 'ticket',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    number: p.string().length(20).unique(),
    customer: () => p.manyToOne(User).deleteRule('restrict'),
    category: () => p.manyToOne(SupportCategory).deleteRule('restrict'),
    problem: () => p.manyToOne(SupportProblem).deleteRule('restrict'),
    otherSubject: p.string().length(200).nullable(),
    orderNumber: p.string().length(40).nullable(),
    description: p.text(),
    replyChannel: p.enum(REPLY_CHANNELS),
    replyTo: p.string().length(254),
    urgent: p.boolean(),
    slaClass: p.enum(SLA_CLASSES),
    status: p.enum(TICKET_STATUSES),
    assignee: () => p.manyToOne(User).nullable().deleteRule('set null'),
    escalated: p.boolean().default(false),
    firstResponseDueAt: p.datetime(),
    resolutionDueAt: p.datetime(),
    firstRespondedAt: p.datetime().nullable(),
    /** Set while the SLA clock is paused (waiting for the customer). */
    slaPausedAt: p.datetime().nullable(),
    /** The SLA cycle: 1 from filing, one more on each reopening (new due times, breach and escalation cleared). */
    slaCycle: p.integer().default(1),
    /** Whether the current cycle missed a due time (each cycle breaches at most once). */
    slaBreached: p.boolean().default(false),
    slaBreachedAt: p.datetime().nullable(),
    resolvedAt: p.datetime().nullable(),
    closedAt: p.datetime().nullable(),
    rating: p.smallint().nullable(),
    ratingComment: p.string().length(1000).nullable(),
    idempotencyKey: p.string().length(100),
    /** SHA-256 of the request that created it: a retry with the same key must be the same request. */
    requestFingerprint: p.string().length(64),
    /** The last public message, for lists. */
    lastMessageAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
  uniques: [{ properties: ['customer', 'idempotencyKey'] }],
  indexes: [
    { properties: ['customer', 'id'] },
    { properties: ['customer', 'status', 'id'] },
    { properties: ['status', 'id'] },
    { properties: ['assignee', 'status'] },
  ],
});
export type Ticket = InferEntity<typeof Ticket>;

/** A message in a ticket's conversation: public, or an internal note staff only see. */
export const TicketMessage = defineEntity({
  name: 'TicketMessage',
  tableName: 'ticket_message',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    ticket: () => p.manyToOne(Ticket).deleteRule('cascade'),
    author: () => p.manyToOne(User).nullable(),
    authorRole: p.enum(['CUSTOMER', 'STAFF', 'SYSTEM'] as const),
    body: p.text(),
    internal: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['ticket', 'id'] }],
});
export type TicketMessage = InferEntity<typeof TicketMessage>;

/** One entry of a ticket's history; `public` entries are shown to the customer, all to staff. */
export const TicketEvent = defineEntity({
  name: 'TicketEvent',
  tableName: 'ticket_event',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    ticket: () => p.manyToOne(Ticket).deleteRule('cascade'),
    type: p.enum(TICKET_EVENT_TYPES),
    actor: () => p.manyToOne(User).nullable(),
    public: p.boolean(),
    /** What changed: e.g. { from: 'NEW', to: 'IN_PROGRESS' } or { messageId }. */
    data: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['ticket', 'id'] }],
});
export type TicketEvent = InferEntity<typeof TicketEvent>;
