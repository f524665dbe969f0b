import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * Every topic and its payload, in one map: no free-form topic strings. Modules add their topics here. A topic
 * with an id in it is keyed by its recipient (a user, a chat): an event reaches only the instances and listeners
 * of that key, so the work per event grows with its recipients, not with everyone subscribed to its kind.
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
  /** The user's balance or one of their withdrawals changed. */
  [topic: `wallet/${string}/changed`]: { userId: string };
  /** A message was added to the chat. */
  [topic: `chat/${string}/message_added`]: { chatId: string; messageId: string };
  /** One of the user's chats changed (new message, read, new chat). */
  [topic: `chats/${string}/changed`]: { chatId: string };
  /** A support chat changed (opened, new message, handed to agents, taken, turned into an appeal): for staff. */
  'chat/support_changed': { chatId: string };
}

export type Topic = keyof Topics & string;

/** The topics of one recipient, built in one place so publishers and subscribers cannot spell them apart. */
export const topics = {
  walletChanged: (userId: string) => `wallet/${userId}/changed` as const,
  chatMessageAdded: (chatId: string) => `chat/${chatId}/message_added` as const,
  chatsChanged: (userId: string) => `chats/${userId}/changed` as const,
};

export interface PubSub {
  publish<T extends Topic>(topic: T, payload: Topics[T]): Promise<void>;
  /** Calls `listener` for each payload until the returned function is called. */
  listen<T extends Topic>(topic: T, listener: (payload: Topics[T]) => void): () => void;
  /** An async iterator of payloads, for GraphQL subscriptions; `return()` stops listening at once. */
  iterate<T extends Topic>(topic: T): AsyncIterableIterator<Topics[T]>;
  /** Payloads handed to listeners on this instance so far (one per listener reached). */
  readonly delivered: number;
  /** How many listeners of `topic` this instance holds. */
  listeners(topic: Topic): number;
  /** Resolves once this instance holds `count` listeners of `topic` (a subscription is in place: tests wait on it). */
  whenListening(topic: Topic, count?: number): Promise<void>;
  close(): Promise<void>;
}

/** Fans a local emitter out to the listeners of each topic; the transports below feed it. */
abstract class EmitterPubSub implements PubSub {
  protected readonly emitter = new EventEmitter({ captureRejections: false });
  private readonly watchers = new Set<() => void>();
  delivered = 0;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  abstract publish<T extends Topic>(topic: T, payload: Topics[T]): Promise<void>;

  /** The first listener of a topic on this instance arrived, or its last one left (Redis subscribes per topic). */
  protected firstListener(_topic: Topic): void {}
  protected lastListenerGone(_topic: Topic): void {}

  listen<T extends Topic>(topic: T, listener: (payload: Topics[T]) => void): () => void {
    const counted = (payload: Topics[T]) => {
      this.delivered += 1;
      listener(payload);
    };
    if (this.emitter.listenerCount(topic) === 0) this.firstListener(topic);
    this.emitter.on(topic, counted);
    for (const look of [...this.watchers]) look();
    let listening = true;
    return () => {
      if (!listening) return;
      listening = false;
      this.emitter.off(topic, counted);
      if (this.emitter.listenerCount(topic) === 0) this.lastListenerGone(topic);
    };
  }

  listeners(topic: Topic): number {
    return this.emitter.listenerCount(topic);
  }

  whenListening(topic: Topic, count = 1): Promise<void> {
    return new Promise((resolve) => {
      const look = () => {
        if (this.emitter.listenerCount(topic) < count) return;
        this.watchers.delete(look);
        resolve();
      };
      this.watchers.add(look);
      look();
    });
  }

  iterate<T extends Topic>(topic: T): AsyncIterableIterator<Topics[T]> {
    const buffered: Array<Topics[T]> = [];
    let waiting: ((result: IteratorResult<Topics[T]>) => void) | undefined;
    let done = false;
    const stop = this.listen(topic, (payload) => {
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value: payload, done: false });
      } else buffered.push(payload);
    });
    const finish = (): Promise<IteratorResult<Topics[T]>> => {
      done = true;
      stop();
      buffered.length = 0;
      waiting?.({ value: undefined, done: true });
      waiting = undefined;
      return Promise.resolve({ value: undefined, done: true });
    };
    return {
      next: () => {
        if (buffered.length > 0) return Promise.resolve({ value: buffered.shift()!, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (waiting = resolve));
      },
      return: finish,
      throw: (error: unknown) => {
        void finish();
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/** One process: events stay in memory. */
export class InProcessPubSub extends EmitterPubSub {
  async publish<T extends Topic>(topic: T, payload: Topics[T]): Promise<void> {
    // Nobody listens here (nor anywhere: one process): as with Redis, a listener that comes later does not get it.
    if (this.emitter.listenerCount(topic) === 0) return;
    // Deliver asynchronously, as Redis would, so callers never depend on synchronous delivery.
    queueMicrotask(() => this.emitter.emit(topic, structuredClone(payload)));
  }
}

/** Several API instances: events go through Redis pub/sub, so a change on one instance reaches sockets on all. */
export class RedisPubSub extends EmitterPubSub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;

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

  // Redis sends this instance only the channels it holds a listener for.
  protected override firstListener(topic: Topic): void {
    void this.subscriber.subscribe(`${this.prefix}${topic}`);
  }

  protected override lastListenerGone(topic: Topic): void {
    void this.subscriber.unsubscribe(`${this.prefix}${topic}`);
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
