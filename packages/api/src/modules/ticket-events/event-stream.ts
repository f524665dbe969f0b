import type { Orm } from '../../db/orm.js';
import { promptReturn } from '../../lib/async-iterators.js';
import { badInput, DomainError } from '../../lib/errors.js';
import type { EventFanout, EventPredicate, EventQueue } from './fanout.js';
import { TicketOutboxEvent } from '../tickets/outbox.entity.js';

/** Who is listening: staff and integrators see every event; a customer only public events of their own tickets. */
export type EventAccess = { kind: 'all' } | { kind: 'customer'; userId: string };

export interface EventFilter {
  types?: string[] | null;
  categoryIds?: string[] | null;
  ticketId?: string | null;
}

const REPLAY_BATCH = 500;

export function predicateFor(access: EventAccess, filter: EventFilter): EventPredicate {
  const types = filter.types?.length ? new Set(filter.types) : null;
  const categories = filter.categoryIds?.length ? new Set(filter.categoryIds) : null;
  return (event) =>
    (access.kind === 'all' || (event.customerId === access.userId && event.public)) &&
    (!types || types.has(event.type)) &&
    (!categories || categories.has(event.categoryId)) &&
    (!filter.ticketId || event.ticketId === filter.ticketId);
}

export function parsePosition(after: string | null | undefined): bigint | null {
  if (after === null || after === undefined || after === '') return null;
  if (!/^\d{1,19}$/.test(after))
    throw badInput('`after` is a position this API gave out', { after: { rule: 'format', format: 'position' } });
  return BigInt(after);
}

/**
 * Refuses a position the stream cannot resume from: one it has not reached (`POSITION_AHEAD`, with the head; a
 * client that mistyped its position would otherwise wait forever), or one whose next events are past the
 * retention (`POSITION_EXPIRED`, with the oldest position to resume from; resuming would silently skip them).
 * Positions are gapless, so the events after `after` are all kept exactly when the oldest kept is `after + 1` or less.
 */
export async function checkPosition(orm: Orm, after: bigint | null): Promise<void> {
  if (after === null) return;
  const [range] = await orm.em
    .fork()
    .execute<Array<{ min: string | null; max: string | null }>>(
      'select min(position) as min, max(position) as max from ticket_outbox',
    );
  const head = BigInt(range?.max ?? 0);
  const oldest = BigInt(range?.min ?? 1) - 1n;
  if (after > head) {
    throw new DomainError(
      'POSITION_AHEAD',
      `Position ${after} is beyond the end of the event stream (the last position is ${head})`,
      { head: head.toString() },
    );
  }
  if (after < oldest) {
    throw new DomainError(
      'POSITION_EXPIRED',
      `The events after position ${after} are past the retention; resume from ${oldest} or later`,
      { oldest: oldest.toString() },
    );
  }
}

/**
 * A subscriber's stream: with `after`, every later event from the outbox first, then live events, with neither a
 * gap nor a duplicate at the seam (the live queue is opened before the replay reads, and positions already
 * yielded are skipped). Without `after`, live events from now on. Ending it releases the live queue at once.
 */
export function ticketEventStream(
  orm: Orm,
  fanout: EventFanout,
  access: EventAccess,
  filter: EventFilter,
  after: bigint | null,
): AsyncIterableIterator<TicketOutboxEvent> {
  const route = filter.ticketId
    ? { ticketId: filter.ticketId }
    : access.kind === 'customer'
      ? { customerId: access.userId }
      : 'any';
  const live = fanout.subscribe(predicateFor(access, filter), route);
  // Live only: the queue itself, whose `return()` closes it at once. No generator, no wrapper and no position
  // check per event (the fan-out hands each queue events once, in position order); those are for the seam after
  // a replay. Per event and subscriber this is one promise instead of a chain of them.
  if (after === null) return live.iterate();
  return promptReturn(replayThenLive(orm, live, access, filter, after), () => live.close());
}

async function* replayThenLive(
  orm: Orm,
  live: EventQueue,
  access: EventAccess,
  filter: EventFilter,
  after: bigint | null,
): AsyncGenerator<TicketOutboxEvent> {
  try {
    let last = after ?? -1n;
    if (after !== null) {
      const where = {
        ...(access.kind === 'customer' ? { customerId: access.userId, public: true } : {}),
        ...(filter.types?.length ? { type: { $in: filter.types } } : {}),
        ...(filter.categoryIds?.length ? { categoryId: { $in: filter.categoryIds } } : {}),
        ...(filter.ticketId ? { ticketId: filter.ticketId } : {}),
      };
      for (;;) {
        const rows = await orm.em
          .fork()
          .find(
            TicketOutboxEvent,
            { ...where, position: { $gt: last.toString() } },
            { orderBy: { position: 'asc' }, limit: REPLAY_BATCH, disableIdentityMap: true },
          );
        for (const row of rows) {
          last = BigInt(row.position!);
          yield row;
        }
        if (rows.length < REPLAY_BATCH) break;
      }
    }
    for await (const event of live) {
      const position = BigInt(event.position!);
      if (position <= last) continue;
      last = position;
      yield event;
    }
  } finally {
    live.close();
  }
}
