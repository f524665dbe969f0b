import type { Em, Orm } from '../../db/orm.js';
import { BackgroundLoop, claimWithLease, leaseEnded, leaseHeld } from '../../lib/background-loop.js';
import type { Logger } from '../../lib/logger.js';
import { OutboundMessage, type DeliveryChannel } from './notify.entity.js';
import type { DeliveryProvider, ProviderMap } from './notify.providers.js';

export interface OutgoingMessage {
  channel: DeliveryChannel;
  to: string;
  deviceToken?: string | null;
  userId?: string | null;
  purpose: string;
  subject?: string | null;
  text: string;
  secret?: { code?: string; callerNumber?: string } | null;
}

export interface NotifyOptions {
  orm: Orm;
  logger: Logger;
  providers: ProviderMap;
  maxAttempts: number;
  pollMs: number;
  /** In production, codes are scrubbed from the record once delivered. */
  scrubSecrets: boolean;
}

/**
 * How many due messages one claim takes. A claim and a batched channel's delivery cost a fixed number of statements
 * and commits however many messages they hold (the Security chat gets two per withdrawal), so under load a claim
 * takes what a batch window gathered; messages sent one by one still go at most SEND_CONCURRENCY at a time.
 */
const CLAIM_BATCH = 200;
const SEND_CONCURRENCY = 20;
/**
 * How long a woken dispatcher gathers messages before it claims them: a claimed batch costs a fixed number of
 * statements (the Security chat's in one transaction), so under load messages go in batches, not one pass each.
 */
const DELIVERY_BATCH_MS = 50;
/** A claimed message is retried by any instance if its claimer has not finished within this lease. */
const CLAIM_LEASE_MS = 5 * 60_000;

/** Seconds before retry number `attempt` (1-based): 5 s, 10 s, 20 s ... capped at one hour. */
export const retryDelayMs = (attempt: number) => Math.min(5_000 * 2 ** (attempt - 1), 3_600_000);

/**
 * Outbound messages: `enqueue` writes them in the caller's transaction (so a message exists if and only if its
 * cause committed); the dispatcher delivers them afterwards, never blocking the request, with retries and a
 * recorded status. Safe with several API instances and crashes: claims take a lease that expires (claimWithLease).
 */
export class NotifyService {
  private readonly loop: BackgroundLoop;

  constructor(private readonly options: NotifyOptions) {
    this.loop = new BackgroundLoop({
      name: 'delivery',
      intervalMs: options.pollMs,
      logger: options.logger,
      pass: () => this.drain(),
      batchMs: DELIVERY_BATCH_MS,
    });
  }

  /** Adds a message to the caller's unit of work; it is written when the caller flushes or commits. */
  enqueue(em: Em, message: OutgoingMessage): OutboundMessage {
    return em.create(OutboundMessage, {
      channel: message.channel,
      to: message.to,
      deviceToken: message.deviceToken ?? null,
      userId: message.userId ?? null,
      purpose: message.purpose,
      subject: message.subject ?? null,
      text: message.text,
      secret: message.secret ?? null,
      lastError: null,
      provider: null,
      sentAt: null,
    });
  }

  /** Plugs a provider in after construction (the Security chat's provider is built by the chat module). */
  useProvider(channel: DeliveryChannel, provider: DeliveryProvider): void {
    this.options.providers[channel] = provider;
  }

  start(): void {
    this.loop.start();
  }

  /** Asks the dispatcher to look for queued messages now (called after a transaction that enqueued some). */
  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await Promise.all(Object.values(this.options.providers).map((provider) => provider.close?.()));
  }

  /** Delivers everything that is due at `now`; returns how many messages were attempted. */
  async drain(now = () => new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const { token, messages } = await this.claim(now());
      if (messages.length === 0) return total;
      total += messages.length;
      const groups = this.groups(messages);
      for (let start = 0; start < groups.length; start += SEND_CONCURRENCY) {
        await Promise.all(
          groups.slice(start, start + SEND_CONCURRENCY).map((group) => this.deliverGroup(group, token)),
        );
      }
      // A short claim took everything due; what is enqueued from now on wakes the loop (and joins its next batch).
      if (this.loop.stopped || messages.length < CLAIM_BATCH) return total;
    }
  }

  /** Claims due messages with a lease: a message whose claimer died is delivered by another instance later. */
  private async claim(now: Date): Promise<{ token: string; messages: OutboundMessage[] }> {
    const em = this.options.orm.em.fork();
    return em.transactional(async (tx) => {
      const lease = await claimWithLease(
        tx,
        {
          table: 'outbound_message',
          ready: `status = 'QUEUED' and next_attempt_at <= ?`,
          readyParams: [now],
          orderBy: 'next_attempt_at',
          limit: CLAIM_BATCH,
          leaseMs: CLAIM_LEASE_MS,
          set: 'attempts = t.attempts + 1',
        },
        now,
      );
      if (lease.ids.length === 0) return { token: lease.token, messages: [] };
      const messages = await tx.find(OutboundMessage, { id: { $in: lease.ids } }, { disableIdentityMap: true });
      return { token: lease.token, messages };
    });
  }

  /**
   * The claimed messages as delivery units: the messages of a channel whose provider sends many at once together
   * (one transaction for the batch, one status update), every other message on its own.
   */
  private groups(messages: OutboundMessage[]): OutboundMessage[][] {
    const batched = new Map<DeliveryChannel, OutboundMessage[]>();
    const single: OutboundMessage[][] = [];
    for (const message of messages) {
      if (!this.options.providers[message.channel].sendMany) single.push([message]);
      else {
        const group = batched.get(message.channel);
        if (group) group.push(message);
        else batched.set(message.channel, [message]);
      }
    }
    return [...batched.values(), ...single];
  }

  private async deliverGroup(group: OutboundMessage[], token: string): Promise<void> {
    const provider = this.options.providers[group[0]!.channel];
    if (group.length === 1 || !provider.sendMany) {
      await Promise.all(group.map((message) => this.deliver(message, token)));
      return;
    }
    try {
      await provider.sendMany(group);
    } catch {
      // All or none: each is sent on its own now, which records its own failure (and retries it) if it fails again.
      await Promise.all(group.map((message) => this.deliver(message, token)));
      return;
    }
    const scrubbed = group.filter((message) => this.options.scrubSecrets && message.secret);
    const plain = group.filter((message) => !scrubbed.includes(message));
    const em = this.options.orm.em.fork();
    const sent = {
      status: 'SENT' as const,
      sentAt: new Date(),
      provider: provider.name,
      lastError: null,
      ...leaseEnded,
    };
    if (plain.length > 0) {
      await em.nativeUpdate(OutboundMessage, { id: { $in: plain.map((m) => m.id) }, ...leaseHeld(token) }, sent);
    }
    for (const message of scrubbed) {
      await em.nativeUpdate(
        OutboundMessage,
        { id: message.id, ...leaseHeld(token) },
        { ...sent, secret: null, text: scrubText(message.text, message.secret) },
      );
    }
  }

  /** Sends one claimed message and records the outcome, unless its lease was taken over meanwhile. */
  private async deliver(message: OutboundMessage, token: string): Promise<void> {
    const provider = this.options.providers[message.channel];
    const em = this.options.orm.em.fork();
    const mine = { id: message.id, ...leaseHeld(token) };
    try {
      await provider.send(message);
      const scrub = this.options.scrubSecrets && message.secret;
      await em.nativeUpdate(OutboundMessage, mine, {
        status: 'SENT',
        sentAt: new Date(),
        provider: provider.name,
        lastError: null,
        ...leaseEnded,
        ...(scrub ? { secret: null, text: scrubText(message.text, message.secret) } : {}),
      });
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      const failed = message.attempts >= this.options.maxAttempts;
      this.options.logger.warn(
        { messageId: message.id, channel: message.channel, attempt: message.attempts, failed, reason },
        'delivery attempt failed',
      );
      await em.nativeUpdate(OutboundMessage, mine, {
        status: failed ? 'FAILED' : 'QUEUED',
        provider: provider.name,
        lastError: reason,
        nextAttemptAt: new Date(Date.now() + retryDelayMs(message.attempts)),
        ...leaseEnded,
      });
    }
  }
}

function scrubText(text: string, secret: { code?: string; callerNumber?: string } | null | undefined): string {
  let scrubbed = text;
  for (const value of [secret?.code, secret?.callerNumber]) {
    if (value) scrubbed = scrubbed.replaceAll(value, '•'.repeat(value.length));
  }
  return scrubbed;
}
