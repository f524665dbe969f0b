import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { newId } from '../../lib/ids.js';

export const DELIVERY_CHANNELS = ['SMS', 'CALL', 'PUSH', 'EMAIL', 'SECURITY_CHAT'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const DELIVERY_STATUSES = ['QUEUED', 'SENT', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * Every outbound message (SMS, call, push, email, Security chat), written in the same transaction as the change
 * that caused it, then delivered by the dispatcher with retries. The record is the dev outbox too.
 */
export const OutboundMessage = defineEntity({
  name: 'OutboundMessage',
  tableName: 'outbound_message',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    channel: p.enum(DELIVERY_CHANNELS),
    /** The recipient's address: an E.164 phone or an email (what /dev/outbox looks up). */
    to: p.string().length(254),
    /** For push: the device token the gateway delivers to. */
    deviceToken: p.string().length(512).nullable(),
    /** The account it concerns, when known. */
    userId: p.uuid().nullable(),
    purpose: p.string().length(40),
    subject: p.string().length(200).nullable(),
    text: p.text(),
    /** Secrets carried for delivery (a login code, a flash-call number); scrubbed after delivery in production. */
    secret: p.json<{ code?: string; callerNumber?: string }>().nullable(),
    status: p.enum(DELIVERY_STATUSES).onCreate(() => 'QUEUED' as const),
    attempts: p.integer().onCreate(() => 0),
    nextAttemptAt: p.datetime().onCreate(() => new Date()),
    /** A claim by a background job that expires (lib/background-loop.ts: claimWithLease). */
    leaseUntil: p.datetime().nullable(),
    leaseToken: p.uuid().nullable(),
    lastError: p.string().length(500).nullable(),
    provider: p.string().length(40).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['to', 'createdAt'] }, { properties: ['status', 'nextAttemptAt'] }],
});
export type OutboundMessage = InferEntity<typeof OutboundMessage>;
