import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { newId } from '../../lib/ids.js';

/** tickets:read — ticket events (subscriptions); webhooks:manage — register and run the integrator's own webhooks. */
export const API_KEY_SCOPES = ['tickets:read', 'webhooks:manage'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** An integrator's key. Only a SHA-256 of the secret is kept (it is 256 random bits); the prefix finds it. */
export const ApiKey = defineEntity({
  name: 'ApiKey',
  tableName: 'api_key',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    name: p.string().length(120),
    prefix: p.string().length(16).unique(),
    secretHash: p.string().length(64),
    scopes: p.array().$type<string[]>(),
    createdBy: p.uuid(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type ApiKey = InferEntity<typeof ApiKey>;

/** A webhook subscription: ticket events POSTed to a URL, signed with a secret (kept encrypted). */
export const Webhook = defineEntity({
  name: 'Webhook',
  tableName: 'webhook',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    url: p.string().length(2000),
    description: p.string().length(200).nullable(),
    /** Event types to send; empty means all. */
    eventTypes: p.array().$type<string[]>(),
    /** Categories to send; empty means all. */
    categoryIds: p.array().$type<string[]>(),
    secretEncrypted: p.string().length(200),
    active: p.boolean().default(true),
    createdBy: p.uuid(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Webhook = InferEntity<typeof Webhook>;

export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;

/** One event for one webhook. Its id is the delivery id the receiver sees, the same on every retry. */
export const WebhookDelivery = defineEntity({
  name: 'WebhookDelivery',
  tableName: 'webhook_delivery',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    webhookId: p.uuid(),
    eventId: p.uuid(),
    position: p.bigint('string'),
    status: p.enum(DELIVERY_STATUSES),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    /** A claim by a background job that expires (lib/background-loop.ts: claimWithLease). */
    leaseUntil: p.datetime().nullable(),
    leaseToken: p.uuid().nullable(),
    lastStatusCode: p.integer().nullable(),
    lastError: p.string().length(500).nullable(),
    lastResponse: p.string().length(1000).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    deliveredAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['webhookId', 'eventId'] }],
  indexes: [{ properties: ['status', 'nextAttemptAt'] }, { properties: ['webhookId', 'id'] }],
});
export type WebhookDelivery = InferEntity<typeof WebhookDelivery>;
