import { validate } from 'class-validator';
import { Arg, ArgumentValidationError, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import { promptReturn } from '../../lib/async-iterators.js';
import { isStaff, requireViewer, type Context } from '../../lib/context.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { toTicket } from '../tickets/ticket.resolver.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { TicketType } from '../tickets/ticket.types.js';
import { checkPosition, parsePosition, ticketEventStream, type EventAccess, type EventFilter } from './event-stream.js';
import type { TicketOutboxEvent } from '../tickets/outbox.entity.js';
import { TicketEventFilterInput, TicketEventType } from './events.types.js';
import { eventFor } from '../tickets/event-view.js';
import type { HistoryAudience } from '../tickets/ticket.history.js';

/** The loaded entity as a subscription's root (an alias, so decorator metadata does not point at the schema object). */
type TicketRow = Ticket;

/** Integrators with tickets:read and staff see all events; a customer the public events of their own tickets. */
function accessOf(ctx: Context): EventAccess {
  if (ctx.integrator) {
    if (!ctx.integrator.scopes.includes('tickets:read')) throw forbidden('This API key lacks the tickets:read scope');
    return { kind: 'all' };
  }
  const viewer = requireViewer(ctx);
  return isStaff(viewer) ? { kind: 'all' } : { kind: 'customer', userId: viewer.userId };
}

async function checkTicketAccess(ctx: Context, access: EventAccess, ticketId: string): Promise<void> {
  if (!isUuid(ticketId)) throw notFound('Ticket');
  if (access.kind === 'customer') {
    const ticket = await ctx.services.orm.em.fork().findOne(Ticket, { id: ticketId, customer: access.userId });
    if (!ticket) throw notFound('Ticket');
  }
}

/** The subscription's filter, validated as type-graphql validates the arguments of queries and mutations. */
async function validFilter(raw: unknown): Promise<EventFilter> {
  if (raw === null || raw === undefined) return {};
  const filter = Object.assign(new TicketEventFilterInput(), raw);
  const errors = await validate(filter, { forbidUnknownValues: false });
  if (errors.length) throw new ArgumentValidationError(errors);
  return filter;
}

/** Who reads the events: an API key is an integrator (whatever token comes with it), else staff or the customer. */
const audienceOf = (ctx: Context): HistoryAudience =>
  ctx.integrator ? 'integrator' : isStaff(ctx.viewer) ? 'staff' : 'customer';

/**
 * Subscribers of `ticketEvents` with the same operation may share one execution per event (lib/shared-subscriptions):
 * the answer depends on the event and on the audience only (events/event-view.ts; the event filter has already
 * decided who receives the event at all).
 */
export const ticketEventsAudience = (ctx: Context): string => audienceOf(ctx);

const toEvent = (event: TicketOutboxEvent, audience: HistoryAudience): TicketEventType => {
  const view = eventFor(audience, event);
  return {
    id: view.id,
    position: view.position,
    type: view.type,
    occurredAt: view.occurredAt,
    ticket: {
      ...view.ticket,
      firstResponseDueAt: new Date(view.ticket.firstResponseDueAt),
      resolutionDueAt: new Date(view.ticket.resolutionDueAt),
    },
    actor: view.actorId ? { id: view.actorId } : null,
    changes: view.changes,
    public: view.public,
  };
};

/** The whole ticket is for its owner or staff: an API key sees tickets only as events (the integrator view). */
function ticketReader(ctx: Context): EventAccess {
  if (!ctx.viewer && ctx.integrator) {
    throw forbidden('API keys follow tickets through ticketEvents (the integrator view), not whole tickets');
  }
  const viewer = requireViewer(ctx);
  return isStaff(viewer) ? { kind: 'all' } : { kind: 'customer', userId: viewer.userId };
}

/** Turns a stream of outbox rows into fresh tickets, each read with its own EntityManager. */
function asTickets(ctx: Context, events: AsyncIterableIterator<TicketOutboxEvent>): AsyncIterableIterator<Ticket> {
  return promptReturn(readTickets(ctx, events), () => void events.return?.());
}

async function* readTickets(ctx: Context, events: AsyncIterable<TicketOutboxEvent>): AsyncGenerator<Ticket> {
  for await (const event of events) {
    const ticket = await ctx.services.orm.em
      .fork()
      .findOne(Ticket, { id: event.ticketId }, { populate: ['category', 'problem'] });
    if (ticket) yield ticket;
  }
}

@Resolver()
export class EventsResolver {
  @Subscription(() => TicketEventType, {
    description:
      'Ticket events: with `after`, every later event first, then live ones, without gaps or duplicates. ' +
      'Staff read every event in full; an API key with tickets:read (FORBIDDEN without it) reads every event as ' +
      'the integrator view (the snapshot fields and structured changes, no personal text); a customer reads the ' +
      'public events of their own tickets with only their public changes. The socket closes with 4401 when its ' +
      'access token expires and 4403 when its credential is revoked: reconnect and resume with `after`. Errors: ' +
      'POSITION_AHEAD (`after` beyond the last position; `extensions.head`), POSITION_EXPIRED (events after it ' +
      'are past the retention; `extensions.oldest`).',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const access = accessOf(ctx);
      const filter = await validFilter(args['filter']);
      if (filter.ticketId) await checkTicketAccess(ctx, access, filter.ticketId);
      const after = parsePosition(args['after'] as string | null);
      await checkPosition(ctx.services.orm, after);
      return ticketEventStream(ctx.services.orm, ctx.services.eventFanout, access, filter, after);
    },
  })
  ticketEvents(
    @Root() event: TicketOutboxEvent,
    // Checked once in `subscribe`, not again for every event each subscriber receives.
    @Arg('filter', () => TicketEventFilterInput, { nullable: true, validate: false })
    _filter: TicketEventFilterInput | null,
    @Arg('after', () => String, { nullable: true, validate: false, description: 'The last position seen.' })
    _after: string | null,
    @Ctx() ctx: Context,
  ): TicketEventType {
    return toEvent(event, audienceOf(ctx));
  }

  @Subscription(() => TicketType, {
    description:
      'The whole ticket, each time it changes: for its owner or staff only (FORBIDDEN for an API key, which ' +
      'follows ticketEvents instead).',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const access = ticketReader(ctx);
      const ticketId = String(args['id']);
      await checkTicketAccess(ctx, access, ticketId);
      return asTickets(ctx, ticketEventStream(ctx.services.orm, ctx.services.eventFanout, access, { ticketId }, null));
    },
  })
  ticketUpdated(@Root() ticket: TicketRow, @Arg('id', () => ID) _id: string, @Ctx() ctx: Context): TicketType {
    return toTicket(ticket, ctx.locale);
  }

  @Subscription(() => TicketType, {
    description: 'Any of the current user’s tickets, each time one changes (for the appeals list).',
    subscribe: async ({ context }) => {
      const ctx = context as Context;
      const access: EventAccess = { kind: 'customer', userId: requireViewer(ctx).userId };
      return asTickets(ctx, ticketEventStream(ctx.services.orm, ctx.services.eventFanout, access, {}, null));
    },
  })
  myTicketsChanged(@Root() ticket: TicketRow, @Ctx() ctx: Context): TicketType {
    return toTicket(ticket, ctx.locale);
  }
}
