import type { Em, Orm } from '../../db/orm.js';
import { BackgroundLoop } from '../../lib/background-loop.js';
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

const CLAIM_BATCH = 20;
/** A claimed message is retried by any instance if its claimer has not finished within this lease. */
const CLAIM_LEASE_MS = 5 * 60_000;

/** Seconds before retry number `attempt` (1-based): 5 s, 10 s, 20 s ... capped at one hour. */
export const retryDelayMs = (attempt: number) => Math.min(5_000 * 2 ** (attempt - 1), 3_600_000);

/**
 * Outbound messages: `enqueue` writes them in the caller's transaction (so a message exists if and only if its
 * cause committed); the dispatcher delivers them afterwards, never blocking the request, with retries and a
 * recorded status. Safe with several API instances: claims use FOR UPDATE SKIP LOCKED with a lease.
 */
export class NotifyService {
  private readonly loop: BackgroundLoop;

  constructor(private readonly options: NotifyOptions) {
    this.loop = new BackgroundLoop({
      name: 'delivery',
      intervalMs: options.pollMs,
      logger: options.logger,
      pass: () => this.drain(),
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

  /** Delivers everything that is due; returns how many messages were attempted. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.claim();
      if (batch.length === 0) return total;
      total += batch.length;
      await Promise.all(batch.map((message) => this.deliver(message)));
      if (this.loop.stopped) return total;
    }
  }

  private async claim(): Promise<OutboundMessage[]> {
    const em = this.options.orm.em.fork();
    return em.transactional(async (tx) => {
      const rows = await tx.execute<Array<{ id: string }>>(
        `select id from outbound_message
          where status = 'QUEUED' and next_attempt_at <= now()
          order by next_attempt_at
          limit ${CLAIM_BATCH}
          for update skip locked`,
      );
      if (rows.length === 0) return [];
      const ids = rows.map((row) => row.id);
      await tx.execute(
        `update outbound_message set attempts = attempts + 1, next_attempt_at = now() + interval '${CLAIM_LEASE_MS} milliseconds'
          where id in (?)`,
        [ids],
      );
      return tx.find(OutboundMessage, { id: { $in: ids } }, { disableIdentityMap: true });
    });
  }

  private async deliver(message: OutboundMessage): Promise<void> {
    const provider = this.options.providers[message.channel];
    const em = this.options.orm.em.fork();
    try {
      await provider.send(message);
      const scrub = this.options.scrubSecrets && message.secret;
      await em.nativeUpdate(
        OutboundMessage,
        { id: message.id },
        {
          status: 'SENT',
          sentAt: new Date(),
          provider: provider.name,
          lastError: null,
          ...(scrub ? { secret: null, text: scrubText(message.text, message.secret) } : {}),
        },
      );
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      const failed = message.attempts >= this.options.maxAttempts;
      this.options.logger.warn(
        { messageId: message.id, channel: message.channel, attempt: message.attempts, failed, reason },
        'delivery attempt failed',
      );
      await em.nativeUpdate(
        OutboundMessage,
        { id: message.id },
        {
          status: failed ? 'FAILED' : 'QUEUED',
          provider: provider.name,
          lastError: reason,
          nextAttemptAt: new Date(Date.now() + retryDelayMs(message.attempts)),
        },
      );
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
