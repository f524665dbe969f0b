import type { Orm } from '../../db/orm.js';
import { badInput } from '../../lib/errors.js';
import type { EventFanout, EventPredicate } from './fanout.js';
import { TicketOutboxEvent } from './outbox.entity.js';

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
    throw badInput('`after` is a position this API gave out', { after: 'a position, e.g. "42"' });
  return BigInt(after);
}

/**
 * A subscriber's stream: with `after`, every later event from the outbox first, then live events, with neither a
 * gap nor a duplicate at the seam (the live queue is opened before the replay reads, and positions already
 * yielded are skipped). Without `after`, live events from now on.
 */
export async function* ticketEventStream(
  orm: Orm,
  fanout: EventFanout,
  access: EventAccess,
  filter: EventFilter,
  after: bigint | null,
): AsyncGenerator<TicketOutboxEvent> {
  const accepts = predicateFor(access, filter);
  const live = fanout.subscribe(accepts);
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
