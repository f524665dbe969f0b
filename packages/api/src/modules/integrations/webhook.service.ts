import { type Connection, type PageRequest, entityKeyset, findPage } from '../../lib/connection.js';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Em, Orm } from '../../db/orm.js';
import type { Viewer } from '../../lib/context.js';
import { badInput, notFound } from '../../lib/errors.js';
import { isUuid, newId } from '../../lib/ids.js';
import { BackgroundLoop, claimWithLease, leaseEnded, leaseHeld } from '../../lib/background-loop.js';
import type { Logger } from '../../lib/logger.js';
import { checkOutboundUrl, outboundRequest, OutboundRefused, type OutboundPolicy } from '../../lib/outbound.js';
import { recordAudit } from '../audit/audit.service.js';
import { TicketOutboxEvent } from '../tickets/outbox.entity.js';
import { eventFor } from '../tickets/event-view.js';
import { TICKET_EVENT_TYPES } from '../tickets/ticket.entity.js';
import { Webhook, WebhookDelivery } from './integrations.entity.js';

export interface WebhookOptions {
  orm: Orm;
  logger: Logger;
  authSecret: string;
  timeoutMs: number;
  pollMs: number;
  /** Retries go on at least this long after the first attempt, then the delivery parks as FAILED. */
  retryForMs: number;
  /** Where deliveries may go: in production only public addresses, checked on the address connected to. */
  outbound: OutboundPolicy;
}

/** The event a delivery carries, as the delivery log shows it. */
export interface DeliveredEvent {
  type: string;
  ticketNumber: string;
}

const CLAIM_BATCH = 20;
const CLAIM_LEASE_MS = 2 * 60_000;
/** 30 s, 1 min, 2 min ... capped at one hour. */
export const webhookRetryDelayMs = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);

/** The signature receivers check: HMAC-SHA256 over `<timestamp>.<body>`, hex. */
export const signWebhook = (secret: string, timestamp: number, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/**
 * Webhooks for integrators who cannot hold a socket: deliveries are created by the event relay in the transaction
 * that positions the events, then POSTed by a dispatcher (claims with a lease that expires, so several instances
 * share the work and a crashed one's claims are taken over), retried with exponential backoff, and parked as FAILED after `retryForMs`.
 */
export class WebhookService {
  private readonly key: Buffer;
  private readonly loop: BackgroundLoop;

  constructor(private readonly options: WebhookOptions) {
    this.key = Buffer.from(hkdfSync('sha256', options.authSecret, 'support-platform', 'webhook-secret', 32));
    this.loop = new BackgroundLoop({
      name: 'webhooks',
      intervalMs: options.pollMs,
      logger: options.logger,
      pass: () => this.drain(),
    });
  }

  private encrypt(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url')).join('.');
  }

  private decrypt(stored: string): string {
    const [iv, tag, data] = stored.split('.').map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer];
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  }

  private async checkUrl(url: string): Promise<string> {
    let parsed: URL;
    try {
      parsed = new URL(url.trim());
    } catch {
      throw badInput('Give a full http:// or https:// URL', { 'input.url': { rule: 'format', format: 'url' } });
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw badInput('Webhooks are HTTP or HTTPS', { 'input.url': { rule: 'format', format: 'url' } });
    }
    if (parsed.username || parsed.password) {
      throw badInput('Put no credentials in a webhook URL; deliveries are signed', {
        'input.url': { rule: 'format', format: 'urlWithoutCredentials' },
      });
    }
    try {
      await checkOutboundUrl(parsed, this.options.outbound);
    } catch (error) {
      if (!(error instanceof OutboundRefused)) throw error;
      throw badInput(`Webhooks cannot target internal addresses: ${error.reason}`, {
        'input.url': { rule: 'format', format: 'publicUrl' },
      });
    }
    return parsed.toString();
  }

  private checkFilters(input: { eventTypes?: string[] | null; categoryIds?: string[] | null }) {
    const eventTypes = [...new Set(input.eventTypes ?? [])];
    if (eventTypes.some((type) => !(TICKET_EVENT_TYPES as readonly string[]).includes(type))) {
      throw badInput('Unknown event type', { 'input.eventTypes': { rule: 'oneOf', values: TICKET_EVENT_TYPES } });
    }
    const categoryIds = [...new Set(input.categoryIds ?? [])];
    if (!categoryIds.every(isUuid))
      throw badInput('Unknown category', { 'input.categoryIds': { rule: 'format', format: 'id' } });
    return { eventTypes, categoryIds };
  }

  /** Registers a webhook; the signing secret is returned this once. */
  async create(
    em: Em,
    admin: Viewer,
    input: { url: string; description?: string | null; eventTypes?: string[] | null; categoryIds?: string[] | null },
    requestId: string,
  ) {
    const url = await this.checkUrl(input.url);
    const filters = this.checkFilters(input);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const webhook = await em.transactional(async (tx) => {
      const created = tx.create(Webhook, {
        url,
        description: input.description?.trim() || null,
        ...filters,
        secretEncrypted: this.encrypt(secret),
        active: true,
        createdBy: admin.userId,
      });
      await tx.flush();
      recordAudit(tx, {
        actorId: admin.userId,
        action: 'webhook.created',
        subjectType: 'Webhook',
        subjectId: created.id,
        after: { url, ...filters },
        requestId,
      });
      return created;
    });
    return { webhook, secret };
  }

  /** Admins manage every webhook; an integrator's key only the ones it registered. */
  private scope(manager: Viewer): { createdBy?: string } {
    return manager.roles.includes('ADMIN') ? {} : { createdBy: manager.userId };
  }

  private async own(em: Em, manager: Viewer, id: string): Promise<Webhook> {
    const webhook = isUuid(id) ? await em.findOne(Webhook, { id, ...this.scope(manager) }) : null;
    if (!webhook) throw notFound('Webhook');
    return webhook;
  }

  list(em: Em, manager: Viewer): Promise<Webhook[]> {
    return em.find(Webhook, this.scope(manager), { orderBy: { createdAt: 'desc' } });
  }

  async update(
    em: Em,
    manager: Viewer,
    id: string,
    input: {
      url?: string | null;
      description?: string | null;
      active?: boolean | null;
      eventTypes?: string[] | null;
      categoryIds?: string[] | null;
    },
    requestId: string,
  ): Promise<Webhook> {
    return em.transactional(async (tx) => {
      const webhook = await this.own(tx, manager, id);
      const before = {
        url: webhook.url,
        description: webhook.description ?? null,
        active: webhook.active,
        eventTypes: webhook.eventTypes,
        categoryIds: webhook.categoryIds,
      };
      if (input.url) webhook.url = await this.checkUrl(input.url);
      if (input.description !== null && input.description !== undefined) {
        webhook.description = input.description.trim() || null;
      }
      if (input.active !== null && input.active !== undefined) webhook.active = input.active;
      if (input.eventTypes) webhook.eventTypes = this.checkFilters({ eventTypes: input.eventTypes }).eventTypes;
      if (input.categoryIds) webhook.categoryIds = this.checkFilters({ categoryIds: input.categoryIds }).categoryIds;
      recordAudit(tx, {
        actorId: manager.userId,
        action: 'webhook.updated',
        subjectType: 'Webhook',
        subjectId: webhook.id,
        before,
        after: {
          url: webhook.url,
          description: webhook.description ?? null,
          active: webhook.active,
          eventTypes: webhook.eventTypes,
          categoryIds: webhook.categoryIds,
        },
        requestId,
      });
      return webhook;
    });
  }

  async deliveries(
    em: Em,
    manager: Viewer,
    webhookId: string,
    options: PageRequest & { status?: string | null },
  ): Promise<Connection<WebhookDelivery>> {
    await this.own(em, manager, webhookId);
    const where = { webhookId, ...(options.status ? { status: options.status as WebhookDelivery['status'] } : {}) };
    return findPage(em, WebhookDelivery, DELIVERIES, where, options, { counted: true });
  }

  /** What each delivery carries, for the log: the event's type and the ticket's number (one statement a page). */
  async eventsOf(em: Em, deliveries: readonly WebhookDelivery[]): Promise<Map<string, DeliveredEvent>> {
    const ids = [...new Set(deliveries.map((delivery) => delivery.eventId))];
    if (ids.length === 0) return new Map();
    const events = await em.find(TicketOutboxEvent, { id: { $in: ids } }, { fields: ['id', 'type', 'ticket'] });
    return new Map(events.map((event) => [event.id, { type: event.type, ticketNumber: event.ticket.number }]));
  }

  /** Sends a delivery again now (a parked one too), keeping its delivery id. */
  async retry(em: Em, manager: Viewer, id: string, requestId: string): Promise<WebhookDelivery> {
    const delivery = await em.transactional(async (tx) => {
      const found = isUuid(id) ? await tx.findOne(WebhookDelivery, { id }) : null;
      if (!found) throw notFound('Delivery');
      await this.own(tx, manager, found.webhookId);
      found.status = 'PENDING';
      found.nextAttemptAt = new Date();
      recordAudit(tx, {
        actorId: manager.userId,
        action: 'webhook.delivery_retried',
        subjectType: 'WebhookDelivery',
        subjectId: id,
        requestId,
      });
      return found;
    });
    this.wake();
    return delivery;
  }

  /** Called by the relay, inside its transaction: one delivery per matching active webhook and event. */
  async enqueueDeliveries(em: Em, events: Array<{ id: string; type: string; categoryId: string; position: string }>) {
    const webhooks = await em.find(Webhook, { active: true });
    if (webhooks.length === 0) return;
    const now = new Date();
    for (const event of events) {
      for (const webhook of webhooks) {
        if (webhook.eventTypes.length && !webhook.eventTypes.includes(event.type)) continue;
        if (webhook.categoryIds.length && !webhook.categoryIds.includes(event.categoryId)) continue;
        em.create(WebhookDelivery, {
          id: newId(),
          webhookId: webhook.id,
          eventId: event.id,
          position: event.position,
          status: 'PENDING',
          attempts: 0,
          nextAttemptAt: now,
          lastStatusCode: null,
          lastError: null,
          lastResponse: null,
          deliveredAt: null,
        });
      }
    }
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  wake(): void {
    this.loop.wake();
  }

  /** Sends every due delivery; returns how many were attempted. */
  async drain(now = () => new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const { token, deliveries } = await this.claim(now());
      if (deliveries.length === 0) return total;
      total += deliveries.length;
      await Promise.all(deliveries.map((delivery) => this.send(delivery, now(), token)));
      if (this.loop.stopped) return total;
    }
  }

  /** Claims due deliveries with a lease: one whose claimer died is sent by another instance once it expires. */
  private async claim(now: Date): Promise<{ token: string; deliveries: WebhookDelivery[] }> {
    return this.options.orm.em.fork().transactional(async (tx) => {
      const lease = await claimWithLease(
        tx,
        {
          table: 'webhook_delivery',
          ready: `status = 'PENDING' and next_attempt_at <= ?`,
          readyParams: [now],
          orderBy: 'next_attempt_at',
          limit: CLAIM_BATCH,
          leaseMs: CLAIM_LEASE_MS,
          set: 'attempts = t.attempts + 1',
        },
        now,
      );
      if (lease.ids.length === 0) return { token: lease.token, deliveries: [] };
      const deliveries = await tx.find(WebhookDelivery, { id: { $in: lease.ids } }, { disableIdentityMap: true });
      return { token: lease.token, deliveries };
    });
  }

  private async send(delivery: WebhookDelivery, now: Date, token: string): Promise<void> {
    const mine = { id: delivery.id, ...leaseHeld(token) };
    const em = this.options.orm.em.fork();
    const webhook = await em.findOne(Webhook, { id: delivery.webhookId });
    const event = await em.findOne(TicketOutboxEvent, { id: delivery.eventId });
    if (!webhook || !event) {
      await em.nativeUpdate(WebhookDelivery, mine, {
        status: 'FAILED',
        lastError: 'webhook or event is gone',
        ...leaseEnded,
      });
      return;
    }
    const body = JSON.stringify({
      deliveryId: delivery.id,
      webhookId: webhook.id,
      // Receivers are integrators: the same view as an API key gets over graphql-ws.
      event: eventFor('integrator', event),
    });
    const timestamp = Math.floor(now.getTime() / 1000);
    let statusCode: number | null = null;
    let responseText: string | null = null;
    let error: string | null = null;
    try {
      const response = await outboundRequest(
        webhook.url,
        {
          method: 'POST',
          timeoutMs: this.options.timeoutMs,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'SupportPlatform-Webhooks/1',
            'x-webhook-id': webhook.id,
            'x-webhook-delivery-id': delivery.id,
            'x-webhook-timestamp': String(timestamp),
            'x-webhook-signature': `v1=${signWebhook(this.decrypt(webhook.secretEncrypted), timestamp, body)}`,
          },
          body,
        },
        this.options.outbound,
      );
      statusCode = response.status;
      responseText = response.body;
      if (statusCode >= 300 && statusCode < 400) error = `receiver answered ${statusCode}; redirects are not followed`;
      else if (statusCode < 200 || statusCode >= 300) error = `receiver answered ${statusCode}`;
    } catch (caught) {
      if (caught instanceof OutboundRefused) {
        error = `refused: ${caught.reason}`.slice(0, 500);
        this.options.logger.warn(
          { webhookId: webhook.id, deliveryId: delivery.id, reason: caught.reason },
          'webhook delivery refused by the outbound policy',
        );
      } else error = (caught instanceof Error ? caught.message : String(caught)).slice(0, 500);
    }
    if (!error) {
      await em.nativeUpdate(WebhookDelivery, mine, {
        status: 'DELIVERED',
        deliveredAt: now,
        lastStatusCode: statusCode,
        lastResponse: responseText,
        lastError: null,
        ...leaseEnded,
      });
      return;
    }
    const giveUp = now.getTime() - delivery.createdAt.getTime() >= this.options.retryForMs;
    await em.nativeUpdate(WebhookDelivery, mine, {
      status: giveUp ? 'FAILED' : 'PENDING',
      nextAttemptAt: new Date(now.getTime() + webhookRetryDelayMs(delivery.attempts)),
      lastStatusCode: statusCode,
      lastResponse: responseText,
      lastError: error,
      ...leaseEnded,
    });
  }
}

const DELIVERIES = entityKeyset<WebhookDelivery>({ list: 'webhookDeliveries', keys: { id: 'id' }, direction: 'desc' });
