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
import type { TicketOutboxEvent } from './outbox.entity.js';
import { TicketEventFilterInput, TicketEventType } from './events.types.js';

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

const showsStaffFields = (ctx: Context) => Boolean(ctx.integrator) || isStaff(ctx.viewer);

/**
 * Subscribers of `ticketEvents` with the same operation may share one execution per event (lib/shared-subscriptions):
 * the answer depends on the event and on this label only (staff and integrators see the assignee; the event filter
 * has already decided who receives the event at all).
 */
export const ticketEventsAudience = (ctx: Context): string => (showsStaffFields(ctx) ? 'staff' : 'customer');

const toEvent = (event: TicketOutboxEvent, showStaffFields: boolean): TicketEventType => ({
  id: event.id,
  position: event.position!,
  type: event.type,
  occurredAt: event.occurredAt,
  ticket: {
    ...event.ticket,
    assigneeId: showStaffFields ? event.ticket.assigneeId : null,
    firstResponseDueAt: new Date(event.ticket.firstResponseDueAt),
    resolutionDueAt: new Date(event.ticket.resolutionDueAt),
  },
  actor: event.actorId ? { id: event.actorId } : null,
  changes: event.changes,
  public: event.public,
});

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
      'Integrators authenticate with an API key holding tickets:read. Errors: POSITION_AHEAD (`after` beyond the ' +
      'last position; `extensions.head`), POSITION_EXPIRED (events after it are past the retention; ' +
      '`extensions.oldest`).',
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
    return toEvent(event, showsStaffFields(ctx));
  }

  @Subscription(() => TicketType, {
    description: 'The ticket, each time it changes (for its owner or staff).',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const access = accessOf(ctx);
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
