import { ForwardPageArgs, PageArgs } from '../../lib/connection.types.js';
import { Arg, Args, Authorized, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { isStaff, requireViewer, type Context } from '../../lib/context.js';
import { topics } from '../../lib/pubsub.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { User } from '../identity/identity.entity.js';
import { STAFF_ROLES } from '../../lib/roles.js';
import { toTicket } from '../tickets/ticket.resolver.js';
import { TicketType } from '../tickets/ticket.types.js';
import { Chat as Chats, ChatMessage as ChatMessages, type Chat, type ChatMessage } from './chat.entity.js';
import {
  ChatConnection,
  ChatMessageConnection,
  ChatMessageType,
  ChatTabEnum,
  ChatToTicketInput,
  ChatType,
  HelpArticleInput,
  HelpArticleType,
  HelpSearchHitType,
  SearchHelpArgs,
  SendMessageInput,
  StartChatInput,
  StartSupportChatArgs,
} from './chat.types.js';
import type { HelpArticle } from '../help/help.entity.js';

const TAB_OF = { BUYER_SELLER: 'BUYERS', SUPPORT: 'SUPPORT', SECURITY: 'SECURITY' } as const;

const toMessage = (message: ChatMessage, viewerId: string | null): ChatMessageType => {
  const meta = (message.meta ?? {}) as { articles?: Array<{ id: string; title: string }>; offerHuman?: boolean };
  return {
    id: message.id,
    chatId: message.chatId,
    text: message.text,
    authorKind: message.authorKind,
    authorId: message.authorId ?? null,
    mine: Boolean(viewerId && message.authorId === viewerId),
    suggestions: meta.articles ?? [],
    offerHuman: Boolean(meta.offerHuman),
    clientMessageId: message.authorId === viewerId ? (message.clientMessageId ?? null) : null,
    createdAt: message.createdAt,
  };
};

const toArticle = (article: HelpArticle): HelpArticleType => ({
  id: article.id,
  title: article.title,
  body: article.body,
  tags: article.tags,
  categoryId: article.categoryId ?? null,
  published: article.published,
  updatedAt: article.updatedAt,
});

/** Chats of a page with counterparts, unread counts and last messages: three statements whatever the page size. */
async function toChats(ctx: Pick<Context, 'em' | 'services' | 'viewer'>, chats: Chat[]): Promise<ChatType[]> {
  const viewerId = ctx.viewer?.userId ?? null;
  const ids = chats.map((chat) => chat.id);
  const [members, lasts] = await Promise.all([
    viewerId ? ctx.services.chat.unreadCounts(ctx.em, viewerId, ids) : Promise.resolve([]),
    ctx.services.chat.lastMessages(ctx.em.fork(), ids),
  ]);
  const counterpartIds = chats.map((chat) =>
    chat.kind === 'BUYER_SELLER'
      ? chat.customerId === viewerId
        ? chat.sellerId
        : chat.customerId
      : chat.kind === 'SUPPORT'
        ? isStaff(ctx.viewer)
          ? chat.customerId
          : chat.assigneeId
        : null,
  );
  const wanted = [...new Set(counterpartIds.filter((id): id is string => Boolean(id)))];
  const users = wanted.length ? await ctx.em.fork().find(User, { id: { $in: wanted } }) : [];
  const names = new Map(users.map((user) => [user.id, user.displayName]));
  const unread = new Map(members.map((m) => [m.chatId, m.unreadCount]));
  const last = new Map(lasts.map((m) => [m.chatId, m]));
  return chats.map((chat, index) => {
    const counterpartId = counterpartIds[index] ?? null;
    const fallback = chat.kind === 'SECURITY' ? 'Безопасность' : 'Поддержка';
    const lastMessage = last.get(chat.id);
    return {
      id: chat.id,
      tab: TAB_OF[chat.kind],
      counterpart: { id: counterpartId, displayName: (counterpartId && names.get(counterpartId)) || fallback },
      productId: chat.productId ?? null,
      orderNumber: chat.orderNumber ?? null,
      unreadCount: unread.get(chat.id) ?? 0,
      lastMessage: lastMessage ? toMessage(lastMessage, viewerId) : null,
      updatedAt: chat.lastMessageAt,
      supportState: chat.supportState ?? null,
      ticketId: chat.ticketId ?? null,
      assigneeId: chat.kind === 'SUPPORT' ? (chat.assigneeId ?? null) : null,
    };
  });
}

@Resolver()
export class ChatResolver {
  @Authorized()
  @Query(() => ChatConnection, {
    description: 'The user’s dialogs in a tab, most recent first (by the last message), with unread counts.',
  })
  async chats(
    @Arg('tab', () => ChatTabEnum) tab: keyof typeof ChatTabEnum,
    @Args(() => ForwardPageArgs) request: ForwardPageArgs,
    @Ctx() ctx: Context,
  ) {
    const page = await ctx.services.chat.list(ctx.em, requireViewer(ctx), tab, request);
    return page.withNodes(await toChats(ctx, page.nodes));
  }

  @Authorized()
  @Query(() => ChatType)
  async chat(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ChatType> {
    const [chat] = await toChats(ctx, [await ctx.services.chat.get(ctx.em, requireViewer(ctx), id)]);
    return chat!;
  }

  @Authorized()
  @Query(() => ChatMessageConnection, {
    description:
      'A chat’s history, oldest first (newest last). Without `first` or `last` it is the newest 20; read older ' +
      'messages backwards with `last` and `before: pageInfo.startCursor` while `hasPreviousPage`.',
  })
  async messages(
    @Arg('chatId', () => ID) chatId: string,
    @Args(() => PageArgs) request: PageArgs,
    @Ctx() ctx: Context,
  ) {
    const viewer = requireViewer(ctx);
    return (await ctx.services.chat.messages(ctx.em, viewer, chatId, request)).map((m) => toMessage(m, viewer.userId));
  }

  @Authorized(...STAFF_ROLES)
  @Query(() => ChatConnection, {
    description:
      'Support chats waiting for an agent, longest waiting first (by the last message); with `mine`, the viewer’s ' +
      'own, most recent first.',
  })
  async supportQueue(
    @Arg('mine', () => Boolean, { defaultValue: false }) mine: boolean,
    @Args(() => ForwardPageArgs) request: ForwardPageArgs,
    @Ctx() ctx: Context,
  ) {
    const page = await ctx.services.chat.supportQueue(ctx.em, requireViewer(ctx), mine, request);
    return page.withNodes(await toChats(ctx, page.nodes));
  }

  @Authorized()
  @Mutation(() => ChatType, {
    description:
      'A buyer writes to a seller about a product or an order. Identifiers are trimmed and an empty one is absent; ' +
      'there is one chat per buyer, seller, product and order, so starting again (also concurrently) writes in the ' +
      'same chat. Errors: NOT_FOUND (no such seller), BAD_USER_INPUT.',
  })
  async startChat(@Arg('input', () => StartChatInput) input: StartChatInput, @Ctx() ctx: Context) {
    const [chat] = await toChats(ctx, [await ctx.services.chat.startWithSeller(ctx.em, requireViewer(ctx), input)]);
    return chat!;
  }

  @Authorized()
  @Mutation(() => ChatType, {
    description:
      'Opens a support chat; the bot answers first. A user has at most one open support chat: while one is open, ' +
      'this writes in it and returns it (also for concurrent calls).',
  })
  async startSupportChat(@Args(() => StartSupportChatArgs) { text }: StartSupportChatArgs, @Ctx() ctx: Context) {
    const [chat] = await toChats(ctx, [await ctx.services.chat.startSupport(ctx.em, requireViewer(ctx), text)]);
    return chat!;
  }

  @Authorized()
  @Mutation(() => ChatMessageType, { description: 'Sends a message; idempotent by clientMessageId.' })
  async sendMessage(@Arg('input', () => SendMessageInput) input: SendMessageInput, @Ctx() ctx: Context) {
    const viewer = requireViewer(ctx);
    return toMessage(await ctx.services.chat.send(ctx.em, viewer, input), viewer.userId);
  }

  @Authorized()
  @Mutation(() => Int, {
    description:
      'Marks messages read up to one of this chat; returns the unread count left. Errors: NOT_FOUND (no such ' +
      'chat for the viewer, or the message is not in it).',
  })
  async markChatRead(
    @Arg('chatId', () => ID) chatId: string,
    @Arg('upToMessageId', () => ID) upToMessageId: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.chat.markRead(ctx.em, requireViewer(ctx), chatId, upToMessageId);
  }

  @Authorized()
  @Mutation(() => ChatType, { description: 'Asks for a person instead of the bot.' })
  async requestHuman(@Arg('chatId', () => ID) chatId: string, @Ctx() ctx: Context) {
    const [chat] = await toChats(ctx, [await ctx.services.chat.requestHuman(ctx.em, requireViewer(ctx), chatId)]);
    return chat!;
  }

  @Authorized(...STAFF_ROLES)
  @Mutation(() => ChatType, { description: 'An agent takes a queued support chat.' })
  async takeChat(@Arg('chatId', () => ID) chatId: string, @Ctx() ctx: Context) {
    const [chat] = await toChats(ctx, [await ctx.services.chat.take(ctx.em, requireViewer(ctx), chatId)]);
    return chat!;
  }

  @Authorized(...STAFF_ROLES)
  @Mutation(() => TicketType, { description: 'Turns a support chat into an appeal, carrying the conversation over.' })
  async convertChatToTicket(
    @Arg('chatId', () => ID) chatId: string,
    @Arg('input', () => ChatToTicketInput) input: ChatToTicketInput,
    @Ctx() ctx: Context,
  ) {
    return toTicket(await ctx.services.chat.toTicket(ctx.em, requireViewer(ctx), chatId, input), ctx.locale);
  }

  @Query(() => [HelpSearchHitType], { description: 'Help articles for a question, best first (Russian morphology).' })
  async searchHelp(@Args(() => SearchHelpArgs) { query, first }: SearchHelpArgs, @Ctx() ctx: Context) {
    return ctx.services.help.search(ctx.em, query, first);
  }

  @Query(() => HelpArticleType, { description: 'One article (drafts for staff only).' })
  async helpArticle(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const article = await ctx.services.help.get(ctx.em, id, isStaff(ctx.viewer));
    if (!article) throw notFound('Article');
    return toArticle(article);
  }

  @Query(() => [HelpArticleType], { description: 'All articles (drafts for staff only).' })
  async helpArticles(@Ctx() ctx: Context) {
    return (await ctx.services.help.list(ctx.em, isStaff(ctx.viewer))).map(toArticle);
  }

  @Authorized('SENIOR_AGENT', 'ADMIN')
  @Mutation(() => HelpArticleType)
  async createHelpArticle(@Arg('input', () => HelpArticleInput) input: HelpArticleInput, @Ctx() ctx: Context) {
    return toArticle(await ctx.services.help.save(ctx.em, requireViewer(ctx), null, input, ctx.requestId));
  }

  @Authorized('SENIOR_AGENT', 'ADMIN')
  @Mutation(() => HelpArticleType)
  async updateHelpArticle(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => HelpArticleInput) input: HelpArticleInput,
    @Ctx() ctx: Context,
  ) {
    return toArticle(await ctx.services.help.save(ctx.em, requireViewer(ctx), id, input, ctx.requestId));
  }

  @Subscription(() => ChatMessageType, {
    description: 'New messages in a chat, for its members (and staff, for support chats).',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const viewer = requireViewer(ctx);
      const chat = await ctx.services.chat.get(ctx.services.orm.em.fork(), viewer, String(args['chatId']));
      return ctx.services.pubsub.iterate(topics.chatMessageAdded(chat.id));
    },
  })
  async messageAdded(
    @Root() event: { chatId: string; messageId: string },
    @Arg('chatId', () => ID) _chatId: string,
    @Ctx() ctx: Context,
  ) {
    const message = await ctx.services.orm.em.fork().findOneOrFail(ChatMessages, { id: event.messageId });
    return toMessage(message, ctx.viewer?.userId ?? null);
  }

  @Subscription(() => ChatType, {
    description:
      'Staff: a support chat changed (opened, new message, handed to agents, taken, turned into an appeal), ' +
      'so that queues refresh without polling.',
    subscribe: ({ context }) => {
      const ctx = context as Context;
      if (!isStaff(requireViewer(ctx))) throw forbidden('Only support staff follow the support queue');
      return ctx.services.pubsub.iterate('chat/support_changed');
    },
  })
  async supportQueueChanged(@Root() event: { chatId: string }, @Ctx() ctx: Context): Promise<ChatType> {
    const em = ctx.services.orm.em.fork();
    const [chat] = await toChats({ em, services: ctx.services, viewer: ctx.viewer }, [
      await em.findOneOrFail(Chats, { id: event.chatId }),
    ]);
    return chat!;
  }

  @Subscription(() => ChatType, {
    description: 'One of the current user’s chats changed (new message, unread count, new chat).',
    subscribe: ({ context }) => {
      const ctx = context as Context;
      const viewer = requireViewer(ctx);
      return ctx.services.pubsub.iterate(topics.chatsChanged(viewer.userId));
    },
  })
  async chatListChanged(@Root() event: { chatId: string }, @Ctx() ctx: Context): Promise<ChatType> {
    const em = ctx.services.orm.em.fork();
    const [chat] = await toChats({ em, services: ctx.services, viewer: ctx.viewer }, [
      await em.findOneOrFail(Chats, { id: event.chatId }),
    ]);
    return chat!;
  }
}
