import { EventEmitter, on } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * Every topic and its payload, in one map: no free-form topic strings. Modules add their topics here.
 * Payloads are JSON-serialisable (they cross Redis between API instances).
 */
export interface Topics {
  /** Sessions ended (logout, revoke, refresh-token reuse): their sockets close at once on every instance. */
  'identity/sessions_revoked': { sessionIds: string[] };
  /** An admin granted or revoked a role: tokens carry `roles` from now on, the user's sockets close at once. */
  'identity/roles_changed': { userId: string; roles: string[] };
  /** An API key was revoked or re-scoped: sockets opened with it close at once on every instance. */
  'integrations/api_key_changed': { apiKeyId: string };
  /** The ticket event outbox got positions up to `position`: each instance reads the new rows itself. */
  'tickets/outbox_advanced': { position: string };
  /** A user's balance or one of their withdrawals changed. */
  'wallet/changed': { userId: string };
  /** A message was added to a chat whose members are `userIds`. */
  'chat/message_added': { chatId: string; messageId: string; userIds: string[] };
  /** A chat changed for these users (new message, read, new chat). */
  'chat/list_changed': { chatId: string; userIds: string[] };
  /** A support chat changed (opened, new message, handed to agents, taken, turned into an appeal): for staff. */
  'chat/support_changed': { chatId: string };
}

export type Topic = keyof Topics;

export interface PubSub {
  publish<T extends Topic>(topic: T, payload: Topics[T]): Promise<void>;
  /** Calls `listener` for each payload until the returned function is called. */
  listen<T extends Topic>(topic: T, listener: (payload: Topics[T]) => void): () => void;
  /** An async iterator of payloads, for GraphQL subscriptions; ends when `signal` aborts. */
  iterate<T extends Topic>(topic: T, signal?: AbortSignal): AsyncIterableIterator<Topics[T]>;
  close(): Promise<void>;
}

/** Fans a local emitter out to listeners; the transports below feed it. */
abstract class EmitterPubSub implements PubSub {
  protected readonly emitter = new EventEmitter({ captureRejections: false });
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  abstract publish<T extends Topic>(topic: T, payload: Topics[T]): Promise<void>;
  listen<T extends Topic>(topic: T, listener: (payload: Topics[T]) => void): () => void {
    this.emitter.on(topic, listener);
    return () => this.emitter.off(topic, listener);
  }
  async *iterate<T extends Topic>(topic: T, signal?: AbortSignal): AsyncIterableIterator<Topics[T]> {
    try {
      for await (const [payload] of on(this.emitter, topic, signal ? { signal } : {})) yield payload as Topics[T];
    } catch (error) {
      if ((error as { name?: string }).name !== 'AbortError') throw error;
    }
  }
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/** One process: events stay in memory. */
export class InProcessPubSub extends EmitterPubSub {
  async publish<T extends Topic>(topic: T, payload: Topics[T]): Promise<void> {
    // Deliver asynchronously, as Redis would, so callers never depend on synchronous delivery.
    queueMicrotask(() => this.emitter.emit(topic, structuredClone(payload)));
  }
}

/** Several API instances: events go through Redis pub/sub, so a change on one instance reaches sockets on all. */
export class RedisPubSub extends EmitterPubSub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly subscribed = new Set<string>();

  constructor(url: string, logger: Logger, prefix = 'support:') {
    super();
    this.prefix = prefix;
    this.publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(url, { lazyConnect: false });
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error) => logger.warn({ err: error }, 'redis pub/sub connection error'));
    }
    this.subscriber.on('message', (channel: string, message: string) => {
      if (!channel.startsWith(this.prefix)) return;
      try {
        this.emitter.emit(channel.slice(this.prefix.length), JSON.parse(message));
      } catch (error) {
        logger.warn({ err: error, channel }, 'dropped a malformed pub/sub message');
      }
    });
  }

  private ensureSubscribed(topic: Topic): void {
    if (this.subscribed.has(topic)) return;
    this.subscribed.add(topic);
    void this.subscriber.subscribe(`${this.prefix}${topic}`);
  }

  override listen<T extends Topic>(topic: T, listener: (payload: Topics[T]) => void): () => void {
    this.ensureSubscribed(topic);
    return super.listen(topic, listener);
  }

  override iterate<T extends Topic>(topic: T, signal?: AbortSignal): AsyncIterableIterator<Topics[T]> {
    this.ensureSubscribed(topic);
    return super.iterate(topic, signal);
  }

  async publish<T extends Topic>(topic: T, payload: Topics[T]): Promise<void> {
    await this.publisher.publish(`${this.prefix}${topic}`, JSON.stringify(payload));
  }

  /** Resolves once both connections are up and the subscriptions so far are in place. */
  async ready(): Promise<void> {
    await Promise.all([this.publisher.ping(), this.subscriber.ping().catch(() => undefined)]);
  }

  override async close(): Promise<void> {
    await super.close();
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}

export function createPubSub(redisUrl: string | undefined, logger: Logger, prefix = 'support:'): PubSub {
  return redisUrl ? new RedisPubSub(redisUrl, logger, prefix) : new InProcessPubSub();
}
