import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Connection } from '../../lib/connection.js';
import { ForwardPageArgs } from '../../lib/connection.types.js';
import { fieldsUnder, selects } from '../../lib/selection.js';
import { isStaff, requireViewer, type Context } from '../../lib/context.js';
import { notFound } from '../../lib/errors.js';
import { groupBy, loaderFor } from '../../lib/loaders.js';
import { localized, type Locale } from '../../lib/locale.js';
import type { Attachment } from '../attachments/attachment.entity.js';
import { toProblem } from '../catalog/catalog.resolver.js';
import { User } from '../identity/identity.entity.js';
import { STAFF_ROLES } from '../../lib/roles.js';
import { UserType } from '../identity/identity.types.js';
import type { TicketEvent, TicketMessage, TicketStatus } from './ticket.entity.js';
import { nextStatuses } from './ticket.lifecycle.js';
import { historyDataFor, type HistoryAudience } from './ticket.history.js';
import type { LastMessage, PeopleColumns, PersonName, TicketData, TicketOrder, TicketPage } from './ticket.list.js';
import {
  AttachmentType,
  CreateTicketInput,
  RateTicketInput,
  TicketReasonArgs,
  ReplyToTicketInput,
  StaffTicketFilterInput,
  TicketConnection,
  MyTicketsArgs,
  TicketHistoryEventType,
  TicketMessageInput,
  TicketMessageType,
  TicketOrderEnum,
  TicketStatusEnum,
  TicketType,
  TicketNumberArgs,
} from './ticket.types.js';

/**
 * A ticket entity or a list row (the same shape) as its GraphQL type: an instance of TicketType, because type-graphql
 * copies a field resolver's `@Root` into a new instance of its type unless it is one already, which for a page of 25
 * tickets with four field resolvers was 100 copies of 29 properties (issue 18).
 */
export const toTicket = (ticket: TicketData, locale: Locale): TicketType =>
  Object.assign(new TicketType(), {
    id: ticket.id,
    number: ticket.number,
    status: ticket.status,
    category: { id: ticket.category.id, title: localized(locale, ticket.category.titleRu, ticket.category.titleEn) },
    problem: toProblem(ticket.problem, locale),
    otherSubject: ticket.otherSubject ?? null,
    orderNumber: ticket.orderNumber ?? null,
    description: ticket.description,
    replyChannel: ticket.replyChannel,
    urgent: ticket.urgent,
    slaClass: ticket.slaClass,
    firstResponseDueAt: ticket.firstResponseDueAt,
    resolutionDueAt: ticket.resolutionDueAt,
    firstRespondedAt: ticket.firstRespondedAt ?? null,
    slaPaused: Boolean(ticket.slaPausedAt),
    slaBreached: ticket.slaBreached,
    escalated: ticket.escalated,
    rating: ticket.rating ?? null,
    ratingComment: ticket.ratingComment ?? null,
    resolvedAt: ticket.resolvedAt ?? null,
    closedAt: ticket.closedAt ?? null,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    customerId: ticket.customer.id,
    assigneeId: ticket.assignee?.id ?? null,
  });

/** The request's loader of last messages (one statement for all tickets of the response). */
const lastMessageLoader = (ctx: Context) =>
  loaderFor(
    ctx,
    'ticket.lastMessage',
    async (ids) => {
      const last = await ctx.services.tickets.lastMessagesOf(ctx.em, ids);
      return new Map([...last].map(([id, message]) => [id, fromLastMessage(message)]));
    },
    null as TicketMessageType | null,
  );

/** A page as a connection; last messages read with the page are handed to the loader, so none is read again. */
function toConnection(ctx: Context, page: TicketPage): Connection<TicketType> {
  if (page.lastMessages) {
    const loader = lastMessageLoader(ctx);
    for (const [id, message] of page.lastMessages) loader.prime(id, message && fromLastMessage(message));
  }
  if (page.people?.columns === 'full') {
    const loader = userLoader(ctx);
    for (const [id, person] of page.people.byId) loader.prime(id, person);
  }
  // Names only: kept on each ticket, for its own `assignee` and `customer`; the request's user loader holds whole users.
  const names = page.people?.columns === 'names' ? page.people.byId : null;
  return page.tickets.map((data) => {
    const ticket = toTicket(data, ctx.locale);
    if (names)
      ticket.peopleNames = {
        assignee: ticket.assigneeId ? (names.get(ticket.assigneeId) ?? null) : null,
        customer: names.get(ticket.customerId),
      };
    return ticket;
  });
}

/** Whether the query shows each ticket's last message (then the page's statement reads them). */
const wantsLastMessages = (info: GraphQLResolveInfo) => selects(info, ['nodes', 'lastMessage']);
/** The fields of a person that a list's page can answer from their names alone. */
const NAME_FIELDS = new Set(['id', 'displayName', '__typename']);

/**
 * Which columns of the tickets' people the query needs (staff only; then the page's statement reads them): none,
 * their names when it shows nothing else of them, or whole users.
 */
function peopleColumns(info: GraphQLResolveInfo): PeopleColumns | null {
  const assignee = fieldsUnder(info, ['nodes', 'assignee']);
  const customer = fieldsUnder(info, ['nodes', 'customer']);
  if (!assignee && !customer) return null;
  return [...(assignee ?? []), ...(customer ?? [])].every((field) => NAME_FIELDS.has(field)) ? 'names' : 'full';
}

/** The request's loader of people by id (one statement for all tickets of the response). */
const userLoader = (ctx: Context) =>
  loaderFor(
    ctx,
    'user.byId',
    async (ids) => {
      const users = await ctx.em.execute<Array<Omit<UserType, 'createdAt'> & { createdAt: string }>>(
        `select id, phone, roles, display_name as "displayName", created_at as "createdAt"
          from app_user where id in (?)`,
        [[...ids]],
      );
      return new Map(users.map((user) => [user.id, { ...user, createdAt: new Date(user.createdAt) }]));
    },
    null as UserType | null,
  );

const participant = (user: { id: string | null; displayName: string } | null | undefined, role: string) =>
  user
    ? { id: user.id, displayName: user.displayName }
    : { id: null, displayName: role === 'SYSTEM' ? 'Платформа' : 'Поддержка' };

const fromLastMessage = (message: LastMessage): TicketMessageType => ({
  id: message.id,
  body: message.body,
  internal: message.internal,
  authorRole: message.authorRole,
  author: participant(
    message.authorId ? { id: message.authorId, displayName: message.authorName ?? '' } : null,
    message.authorRole,
  ),
  createdAt: message.createdAt,
  ticketId: message.ticketId,
});

const toMessage = (message: TicketMessage): TicketMessageType => ({
  id: message.id,
  body: message.body,
  internal: message.internal,
  authorRole: message.authorRole,
  author: participant(message.author as User | null, message.authorRole),
  createdAt: message.createdAt,
  ticketId: message.ticket.id,
});

/**
 * A history entry as `audience` may read it: customers get only the public part of its data
 * (tickets/ticket.history.ts) and no staff member's id.
 */
const toEvent = (event: TicketEvent, audience: HistoryAudience, viewerId: string | null): TicketHistoryEventType => {
  const actor = event.actor as User | null;
  const shownActor =
    actor && audience !== 'staff' && actor.id !== viewerId ? { id: null, displayName: actor.displayName } : actor;
  return {
    id: event.id,
    type: event.type,
    actor: shownActor ? participant(shownActor, 'STAFF') : null,
    public: event.public,
    data: historyDataFor(audience, event.type, event.data),
    createdAt: event.createdAt,
  };
};

const toAttachment = (a: Attachment): AttachmentType => ({
  id: a.id,
  fileName: a.fileName,
  contentType: a.contentType,
  size: a.size,
});

@Resolver(() => TicketType)
export class TicketResolver {
  @Authorized()
  @Mutation(() => TicketType, {
    description: 'Files an appeal; a retry with the same idempotencyKey returns the same ticket.',
  })
  async createTicket(@Arg('input', () => CreateTicketInput) input: CreateTicketInput, @Ctx() ctx: Context) {
    return toTicket(await ctx.services.ticketFiling.create(ctx.em, requireViewer(ctx), input), ctx.locale);
  }

  @Authorized()
  @Query(() => TicketConnection, { description: 'The user’s own appeals, newest first.' })
  async myTickets(
    @Args(() => MyTicketsArgs) { status, first, after }: MyTicketsArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return toConnection(
      ctx,
      await ctx.services.tickets.listMine(ctx.em, requireViewer(ctx), {
        status,
        first,
        after,
        withLastMessages: wantsLastMessages(info),
      }),
    );
  }

  @Authorized(...STAFF_ROLES)
  @Query(() => TicketConnection, {
    description: 'Staff’s ticket list with filters, newest first unless `orderBy` says otherwise.',
  })
  async tickets(
    @Arg('filter', () => StaffTicketFilterInput, { nullable: true }) filter: StaffTicketFilterInput | null,
    @Args(() => ForwardPageArgs) { first, after }: ForwardPageArgs,
    @Arg('orderBy', () => TicketOrderEnum, { nullable: true, defaultValue: 'NEWEST' }) order: TicketOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return toConnection(
      ctx,
      await ctx.services.tickets.listForStaff(ctx.em, filter ?? {}, {
        first,
        after,
        order,
        withLastMessages: wantsLastMessages(info),
        people: peopleColumns(info),
      }),
    );
  }

  @Authorized()
  @Query(() => TicketType, { description: 'One appeal, for its owner or staff.' })
  async ticket(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return toTicket(await ctx.services.tickets.get(ctx.em, requireViewer(ctx), id), ctx.locale);
  }

  @Authorized()
  @Query(() => TicketType, { description: 'One appeal by its number (T-2026-0000123), for its owner or staff.' })
  async ticketByNumber(@Args(() => TicketNumberArgs) { number }: TicketNumberArgs, @Ctx() ctx: Context) {
    return toTicket(await ctx.services.tickets.getByNumber(ctx.em, requireViewer(ctx), number), ctx.locale);
  }

  @Authorized(...STAFF_ROLES)
  @Mutation(() => TicketType, {
    description: 'Assigns to a staff member (null: unassign); a new ticket goes in progress.',
  })
  async assignTicket(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('assigneeId', () => ID, { nullable: true }) assigneeId: string | null,
    @Ctx() ctx: Context,
  ) {
    return toTicket(
      await ctx.services.ticketWorkflow.assign(ctx.em, requireViewer(ctx), ticketId, assigneeId),
      ctx.locale,
    );
  }

  @Authorized(...STAFF_ROLES)
  @Mutation(() => TicketType, { description: 'A public reply (sent on the customer’s channel) or an internal note.' })
  async replyToTicket(@Arg('input', () => ReplyToTicketInput) input: ReplyToTicketInput, @Ctx() ctx: Context) {
    return toTicket(
      await ctx.services.ticketWorkflow.reply(ctx.em, requireViewer(ctx), input.ticketId, input),
      ctx.locale,
    );
  }

  @Authorized(...STAFF_ROLES)
  @Mutation(() => TicketType, { description: 'Moves a ticket along its lifecycle; an illegal move is CONFLICT.' })
  async changeTicketStatus(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('status', () => TicketStatusEnum) status: TicketStatus,
    @Ctx() ctx: Context,
  ) {
    return toTicket(
      await ctx.services.ticketWorkflow.changeStatus(ctx.em, requireViewer(ctx), ticketId, status),
      ctx.locale,
    );
  }

  @Authorized(...STAFF_ROLES)
  @Mutation(() => TicketType, { description: 'Hands the ticket to senior specialists.' })
  async escalateTicket(
    @Args(() => TicketReasonArgs) { ticketId, reason = null }: TicketReasonArgs,
    @Ctx() ctx: Context,
  ) {
    return toTicket(
      await ctx.services.ticketWorkflow.escalate(ctx.em, requireViewer(ctx), ticketId, reason),
      ctx.locale,
    );
  }

  @Authorized()
  @Mutation(() => TicketType, { description: 'The customer writes in their appeal.' })
  async addTicketMessage(@Arg('input', () => TicketMessageInput) input: TicketMessageInput, @Ctx() ctx: Context) {
    return toTicket(
      await ctx.services.ticketWorkflow.addCustomerMessage(ctx.em, requireViewer(ctx), input.ticketId, input),
      ctx.locale,
    );
  }

  @Authorized()
  @Mutation(() => TicketType, { description: 'The customer asks for a senior specialist.' })
  async requestEscalation(
    @Args(() => TicketReasonArgs) { ticketId, reason = null }: TicketReasonArgs,
    @Ctx() ctx: Context,
  ) {
    const viewer = requireViewer(ctx);
    const ticket = await ctx.services.tickets.get(ctx.em, viewer, ticketId);
    if (ticket.customer.id !== viewer.userId) throw notFound('Ticket');
    return toTicket(await ctx.services.ticketWorkflow.escalate(ctx.em, viewer, ticketId, reason), ctx.locale);
  }

  @Authorized()
  @Mutation(() => TicketType, { description: 'Reopens a resolved appeal (the customer: within 14 days).' })
  async reopenTicket(@Args(() => TicketReasonArgs) { ticketId, reason = null }: TicketReasonArgs, @Ctx() ctx: Context) {
    return toTicket(await ctx.services.ticketWorkflow.reopen(ctx.em, requireViewer(ctx), ticketId, reason), ctx.locale);
  }

  @Authorized()
  @Mutation(() => TicketType, { description: 'Rates a resolved appeal, 1 to 5, once.' })
  async rateTicket(@Arg('input', () => RateTicketInput) input: RateTicketInput, @Ctx() ctx: Context) {
    return toTicket(
      await ctx.services.ticketWorkflow.rate(
        ctx.em,
        requireViewer(ctx),
        input.ticketId,
        input.score,
        input.comment ?? null,
      ),
      ctx.locale,
    );
  }

  // ---- fields, batched per request ----

  @FieldResolver(() => [TicketMessageType], { description: 'The conversation; internal notes for staff only.' })
  async messages(@Root() ticket: TicketType, @Ctx() ctx: Context): Promise<TicketMessageType[]> {
    const staff = isStaff(ctx.viewer);
    return loaderFor(
      ctx,
      `ticket.messages:${staff}`,
      async (ids) =>
        groupBy((await ctx.services.tickets.messagesOf(ctx.em, ids, staff)).map(toMessage), (m) => m.ticketId),
      [] as TicketMessageType[],
    ).load(ticket.id);
  }

  @FieldResolver(() => TicketMessageType, { nullable: true, description: 'The last public message.' })
  lastMessage(
    @Root() ticket: TicketType,
    @Ctx() ctx: Context,
  ): TicketMessageType | null | Promise<TicketMessageType | null> {
    return lastMessageLoader(ctx).load(ticket.id);
  }

  @FieldResolver(() => [TicketHistoryEventType], {
    description:
      'The history. Staff read every entry in full; the owner reads the public entries with only their public data ' +
      '(no internal notes, staff reasons or assignee details; see README "Security").',
  })
  async history(@Root() ticket: TicketType, @Ctx() ctx: Context): Promise<TicketHistoryEventType[]> {
    const staff = isStaff(ctx.viewer);
    const events = await loaderFor(
      ctx,
      `ticket.history:${staff}`,
      async (ids) => {
        const events = await ctx.services.tickets.historyOf(ctx.em, ids, staff);
        return groupBy(events, (e) => e.ticket.id) as unknown as Map<string, TicketEvent[]>;
      },
      [] as TicketEvent[],
    ).load(ticket.id);
    return events.map((event) => toEvent(event, staff ? 'staff' : 'customer', ctx.viewer?.userId ?? null));
  }

  @FieldResolver(() => [AttachmentType])
  async attachments(@Root() ticket: TicketType, @Ctx() ctx: Context): Promise<AttachmentType[]> {
    return loaderFor(
      ctx,
      'ticket.attachments',
      async (ids) => {
        const files = await ctx.services.attachments.listFor(
          ctx.em,
          ids.map((id) => `ticket:${id}`),
        );
        return groupBy(
          files.map((f) => ({ ...toAttachment(f), target: f.attachedTo! })),
          (f) => f.target.slice(7),
        );
      },
      [] as AttachmentType[],
    ).load(ticket.id);
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Staff only; null for customers.' })
  assignee(@Root() ticket: TicketType, @Ctx() ctx: Context): UserType | PersonName | null | Promise<UserType | null> {
    if (!isStaff(ctx.viewer) || !ticket.assigneeId) return null;
    return ticket.peopleNames?.assignee ?? this.user(ctx, ticket.assigneeId);
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Who filed it; staff only.' })
  customer(@Root() ticket: TicketType, @Ctx() ctx: Context): UserType | PersonName | null | Promise<UserType | null> {
    if (!isStaff(ctx.viewer)) return null;
    return ticket.peopleNames?.customer ?? this.user(ctx, ticket.customerId);
  }

  @FieldResolver(() => [TicketStatusEnum], { description: 'Statuses the viewer may move this ticket to now.' })
  allowedStatuses(@Root() ticket: TicketType, @Ctx() ctx: Context): TicketStatus[] {
    return nextStatuses(ticket.status as TicketStatus, isStaff(ctx.viewer) ? 'STAFF' : 'CUSTOMER');
  }

  private user(ctx: Context, id: string): UserType | null | Promise<UserType | null> {
    return userLoader(ctx).load(id);
  }
}
