import type { Orm } from '../../db/orm.js';
import type { Logger } from '../../lib/logger.js';
import type { PubSub } from '../../lib/pubsub.js';
import { TicketOutboxEvent } from '../tickets/outbox.entity.js';

export type EventPredicate = (event: TicketOutboxEvent) => boolean;

/**
 * Which events a subscriber can possibly receive: those of one ticket, those of one customer's tickets, or any.
 * The fan-out files each queue under its route, so an event is looked at only by the queues it may reach.
 */
export type EventRoute = { ticketId: string } | { customerId: string } | 'any';

/** A subscriber's buffer of live events, in position order. */
export class EventQueue implements AsyncIterable<TicketOutboxEvent> {
  private readonly items: TicketOutboxEvent[] = [];
  private waiting: ((result: IteratorResult<TicketOutboxEvent>) => void) | undefined;
  private failure: Error | undefined;
  closed = false;

  constructor(
    readonly accepts: EventPredicate,
    readonly route: EventRoute,
    private readonly limit: number,
    private readonly onClose: (queue: EventQueue) => void,
  ) {}

  push(event: TicketOutboxEvent): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: event, done: false });
      return;
    }
    if (this.items.length >= this.limit) {
      this.failure = new Error(
        'The subscriber fell too far behind; resubscribe with `after` set to the last position seen',
      );
      this.close();
      return;
    }
    this.items.push(event);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
  }

  [Symbol.asyncIterator](): AsyncIterator<TicketOutboxEvent> {
    return this.iterate();
  }

  /**
   * The queue as an async iterator whose `return()` takes effect at once (a pending `next()` resolves as done and
   * the queue leaves the fan-out): what a live-only subscription hands graphql-ws, with nothing in between.
   */
  iterate(): AsyncIterableIterator<TicketOutboxEvent> {
    const iterator: AsyncIterableIterator<TicketOutboxEvent> = {
      next: () => {
        const item = this.items.shift();
        if (item) return Promise.resolve({ value: item, done: false });
        if (this.failure) return Promise.reject(this.failure);
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
      throw: (error: unknown) => {
        this.close();
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}

/**
 * One reader per API instance: when the outbox advances (pub/sub notice, or a periodic look as a safety net) it
 * reads the new rows once, in position order, and hands each to the local subscribers whose filter accepts it.
 * Notices carry no events, so a lost notice delays delivery but never loses an event.
 */
export class EventFanout {
  private readonly queues = new Set<EventQueue>();
  private readonly anyEvent = new Set<EventQueue>();
  private readonly byTicket = new Map<string, Set<EventQueue>>();
  private readonly byCustomer = new Map<string, Set<EventQueue>>();
  private lastPosition = 0n;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly options: { orm: Orm; pubsub: PubSub; logger: Logger; pollMs: number; queueLimit: number },
  ) {}

  async start(): Promise<void> {
    const [top] = await this.options.orm.em
      .fork()
      .execute<Array<{ max: string | null }>>('select max(position) as max from ticket_outbox');
    this.lastPosition = BigInt(top?.max ?? 0);
    this.notifyWatchers();
    this.unlisten = this.options.pubsub.listen('tickets/outbox_advanced', () => this.wake());
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.unlisten?.();
    if (this.timer) clearInterval(this.timer);
    await this.reading;
    for (const queue of [...this.queues]) queue.close();
  }

  /** The position this instance has dispatched up to. */
  get position(): bigint {
    return this.lastPosition;
  }

  subscribe(accepts: EventPredicate, route: EventRoute): EventQueue {
    const queue = new EventQueue(accepts, route, this.options.queueLimit, (closed) => this.remove(closed));
    this.queues.add(queue);
    this.routeSet(route, true)?.add(queue);
    this.notifyWatchers();
    return queue;
  }

  private readonly watchers = new Set<() => void>();

  /** Resolves once this instance has `count` subscribers (subscriptions are in place: tests wait on it). */
  whenSubscribed(count: number): Promise<void> {
    return new Promise((resolve) => {
      const look = () => {
        if (this.queues.size < count) return;
        this.watchers.delete(look);
        resolve();
      };
      this.watchers.add(look);
      look();
    });
  }

  /** Resolves once this instance has handed every event up to `position` to its subscribers (tests wait on it). */
  whenDispatched(position: bigint): Promise<void> {
    return new Promise((resolve) => {
      const look = () => {
        if (this.lastPosition < position) return;
        this.watchers.delete(look);
        resolve();
      };
      this.watchers.add(look);
      look();
      this.wake();
    });
  }

  private notifyWatchers(): void {
    for (const look of [...this.watchers]) look();
  }

  /** Queue looks made so far (each is one predicate call): with routes, it grows with recipients only. */
  considered = 0;

  private routeSet(route: EventRoute, create: boolean): Set<EventQueue> | undefined {
    if (route === 'any') return this.anyEvent;
    const [index, key] = 'ticketId' in route ? [this.byTicket, route.ticketId] : [this.byCustomer, route.customerId];
    let set = index.get(key);
    if (!set && create) index.set(key, (set = new Set()));
    return set;
  }

  private remove(queue: EventQueue): void {
    this.queues.delete(queue);
    const set = this.routeSet(queue.route, false);
    set?.delete(queue);
    if (set && set.size === 0 && queue.route !== 'any') {
      if ('ticketId' in queue.route) this.byTicket.delete(queue.route.ticketId);
      else this.byCustomer.delete(queue.route.customerId);
    }
  }

  private dispatch(row: TicketOutboxEvent): void {
    for (const candidates of [this.anyEvent, this.byTicket.get(row.ticketId), this.byCustomer.get(row.customerId)]) {
      if (!candidates) continue;
      for (const queue of candidates) {
        this.considered += 1;
        if (queue.accepts(row)) queue.push(row);
      }
    }
  }

  get subscriberCount(): number {
    return this.queues.size;
  }

  wake(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        await this.readNew();
      } while (this.again);
    })()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'event fan-out failed'))
      .finally(() => (this.reading = undefined));
  }

  private async readNew(): Promise<void> {
    for (;;) {
      if (this.queues.size === 0) {
        // Nobody listens here: just keep up with the position.
        const [top] = await this.options.orm.em
          .fork()
          .execute<Array<{ max: string | null }>>('select max(position) as max from ticket_outbox');
        this.lastPosition = BigInt(top?.max ?? this.lastPosition.toString());
        this.notifyWatchers();
        return;
      }
      const rows = await this.options.orm.em
        .fork()
        .find(
          TicketOutboxEvent,
          { position: { $gt: this.lastPosition.toString() } },
          { orderBy: { position: 'asc' }, limit: 1000, disableIdentityMap: true },
        );
      for (const row of rows) {
        this.lastPosition = BigInt(row.position!);
        this.notifyWatchers();
        this.dispatch(row);
      }
      if (rows.length < 1000) return;
    }
  }
}
