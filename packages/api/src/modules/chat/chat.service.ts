import { LockMode } from '@mikro-orm/core';
import type { Em, Orm } from '../../db/orm.js';
import { isStaff, type Viewer } from '../../lib/context.js';
import { badInput, forbidden, notFound } from '../../lib/errors.js';
import { chatError } from './chat.errors.js';
import { isUuid, newId, pgArray } from '../../lib/ids.js';
import { topics, type PubSub } from '../../lib/pubsub.js';
import {
  keysetPage,
  type Connection,
  type Keyset,
  type PageRequest,
  entityKeyset,
  findPage,
} from '../../lib/connection.js';
import type { RateLimits } from '../../lib/rate-limit.js';
import type { AttachmentService } from '../attachments/attachment.service.js';
import type { HelpService } from '../help/help.service.js';
import { User } from '../identity/identity.entity.js';
import type { OutboundMessage } from '../notify/notify.entity.js';
import type { DeliveryProvider } from '../notify/notify.providers.js';
import type { TicketFiling } from '../tickets/ticket.filing.js';
import { Chat, ChatMember, ChatMessage, type ChatKind } from './chat.entity.js';

export type ChatTab = 'BUYERS' | 'SUPPORT' | 'SECURITY';
const TAB_KINDS: Record<ChatTab, ChatKind> = { BUYERS: 'BUYER_SELLER', SUPPORT: 'SUPPORT', SECURITY: 'SECURITY' };
const SENDS_PER_MINUTE = { name: 'chat-send-user', points: 30, durationSeconds: 60 };
const HUMAN_PLEASE = /(оператор|человек|сотрудник|специалист|живой|operator|human|agent|person)/i;

/**
 * Chats: buyers with sellers, users with support (a bot first, then agents), and the read-only Security chat.
 * Only members read a chat and hear its events; staff read support chats. Unread counts are kept per member with
 * atomic increments, so concurrent senders and readers never lose a count.
 */
export class ChatService {
  constructor(
    private readonly deps: {
      orm: Orm;
      pubsub: PubSub;
      rateLimits: RateLimits;
      attachments: AttachmentService;
      help: HelpService;
      ticketFiling: TicketFiling;
    },
  ) {}

  // ---- access ----

  async get(em: Em, viewer: Viewer, id: string): Promise<Chat> {
    const chat = isUuid(id) ? await em.findOne(Chat, { id }) : null;
    if (!chat || !(await this.canRead(em, viewer, chat))) throw notFound('Chat');
    return chat;
  }

  private async canRead(em: Em, viewer: Viewer, chat: Chat): Promise<boolean> {
    if (chat.kind === 'SUPPORT' && isStaff(viewer)) return true;
    return (await em.count(ChatMember, { chatId: chat.id, userId: viewer.userId })) > 0;
  }

  // ---- lists ----

  /** The viewer's dialogs in a tab, most recent first: keyset on (last message time, id); counted per viewer and tab. */
  async list(em: Em, viewer: Viewer, tab: ChatTab, request: PageRequest): Promise<Connection<Chat>> {
    const from = `from chat c join chat_member m on m.chat_id = c.id and m.user_id = ? where c.kind = ?`;
    const page = await keysetPage(
      CHATS,
      request,
      async ({ cursor, op, direction, limit }) => {
        const rows = await em.execute<Array<{ id: string; last_message_at: Date }>>(
          `select c.id, c.last_message_at ${from} ${cursor ? `and (c.last_message_at, c.id) ${op} (?, ?)` : ''}
            order by c.last_message_at ${direction}, c.id ${direction} limit ?`,
          [viewer.userId, TAB_KINDS[tab], ...(cursor ?? []), limit],
        );
        const chats = rows.length ? await em.find(Chat, { id: { $in: rows.map((row) => row.id) } }) : [];
        const byId = new Map(chats.map((chat) => [chat.id, chat]));
        return rows.map((row) => byId.get(row.id)!);
      },
      async () =>
        Number(
          (await em.execute<Array<{ n: string }>>(`select count(*) as n ${from}`, [viewer.userId, TAB_KINDS[tab]]))[0]
            ?.n ?? 0,
        ),
    );
    return page;
  }

  /** Support chats waiting for an agent (oldest first), or those assigned to the viewer (most recent first). */
  supportQueue(em: Em, staff: Viewer, mine: boolean, request: PageRequest): Promise<Connection<Chat>> {
    const where = mine
      ? { kind: 'SUPPORT' as const, supportState: 'ASSIGNED' as const, assigneeId: staff.userId }
      : { kind: 'SUPPORT' as const, supportState: 'QUEUED' as const };
    const keyset = mine ? SUPPORT_QUEUE_MINE : SUPPORT_QUEUE;
    return findPage(em, Chat, keyset, where, request, { counted: true });
  }

  /** A chat's messages, oldest first (newest last): read backwards from the end by default. Counted per chat. */
  async messages(em: Em, viewer: Viewer, chatId: string, request: PageRequest): Promise<Connection<ChatMessage>> {
    const chat = await this.get(em, viewer, chatId);
    return findPage(em, ChatMessage, MESSAGES, { chatId: chat.id }, request, { counted: true });
  }

  unreadCounts(em: Em, userId: string, chatIds: readonly string[]): Promise<ChatMember[]> {
    return chatIds.length ? em.find(ChatMember, { userId, chatId: { $in: [...chatIds] } }) : Promise.resolve([]);
  }

  lastMessages(em: Em, chatIds: readonly string[]): Promise<ChatMessage[]> {
    if (chatIds.length === 0) return Promise.resolve([]);
    return em
      .execute<Array<{ id: string }>>(
        `select distinct on (chat_id) id from chat_message where chat_id in (?) order by chat_id, id desc`,
        [[...chatIds]],
      )
      .then((rows) => (rows.length ? em.find(ChatMessage, { id: { $in: rows.map((r) => r.id) } }) : []));
  }

  // ---- starting chats ----

  /** A buyer asks a seller (about a product or an order); the same subject reuses the chat. */
  async startWithSeller(
    em: Em,
    buyer: Viewer,
    input: { sellerId: string; productId?: string | null; orderNumber?: string | null; text: string },
  ) {
    const text = input.text;
    if (!isUuid(input.sellerId)) throw notFound('Seller');
    if (input.sellerId === buyer.userId)
      throw badInput('You cannot write to yourself', { 'input.sellerId': { rule: 'notSelf' } });
    const seller = await em.findOne(User, { id: input.sellerId });
    if (!seller || !seller.roles.includes('SELLER')) throw notFound('Seller');
    const productId = identifier(input.productId);
    const orderNumber = identifier(input.orderNumber);
    const chat = await em.transactional(async (tx) => {
      // Concurrent starts queue here and find the first one's chat; the unique index is the guarantee.
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [
        `chat:${buyer.userId}:${seller.id}:${JSON.stringify([productId, orderNumber])}`,
      ]);
      const existing = await tx.findOne(
        Chat,
        { kind: 'BUYER_SELLER', customerId: buyer.userId, sellerId: seller.id, productId, orderNumber },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const target =
        existing ??
        tx.create(Chat, {
          id: newId(),
          kind: 'BUYER_SELLER',
          customerId: buyer.userId,
          sellerId: seller.id,
          productId,
          orderNumber,
          supportState: null,
          assigneeId: null,
          ticketId: null,
        });
      if (!existing) {
        tx.create(ChatMember, { chatId: target.id, userId: buyer.userId, unreadCount: 0, lastReadMessageId: null });
        tx.create(ChatMember, { chatId: target.id, userId: seller.id, unreadCount: 0, lastReadMessageId: null });
        await tx.flush();
      }
      await this.append(tx, target, { authorId: buyer.userId, authorKind: 'USER', text, clientMessageId: null });
      return target;
    });
    await this.announce(chat.id, chat.kind);
    return chat;
  }

  /** A support chat: the bot answers first with matching help articles and the choice of a person. */
  async startSupport(em: Em, customer: Viewer, textInput: string): Promise<Chat> {
    const text = textInput;
    const hits = await this.deps.help.search(em, text, 3);
    const chat = await em.transactional(async (tx) => {
      // One open support chat per user (a unique index): a second start, also a concurrent one, writes in it.
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`support-chat:${customer.userId}`]);
      // Locked like any chat a message is added to (markRead counts under this lock).
      const open = await tx.findOne(
        Chat,
        { kind: 'SUPPORT', customerId: customer.userId, supportState: { $ne: 'CLOSED' } },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (open) {
        await this.append(tx, open, { authorId: customer.userId, authorKind: 'USER', text, clientMessageId: null });
        if (open.supportState === 'BOT') await this.botAnswer(tx, open, hits);
        return open;
      }
      const created = tx.create(Chat, {
        id: newId(),
        kind: 'SUPPORT',
        customerId: customer.userId,
        sellerId: null,
        productId: null,
        orderNumber: null,
        supportState: hits.length ? 'BOT' : 'QUEUED',
        assigneeId: null,
        ticketId: null,
      });
      tx.create(ChatMember, { chatId: created.id, userId: customer.userId, unreadCount: 0, lastReadMessageId: null });
      await tx.flush();
      await this.append(tx, created, { authorId: customer.userId, authorKind: 'USER', text, clientMessageId: null });
      await this.botAnswer(tx, created, hits);
      return created;
    });
    await this.announce(chat.id, chat.kind);
    return chat;
  }

  /** The bot's turn: articles and the offer of a person, or the hand-over when it has nothing to offer. */
  private async botAnswer(em: Em, chat: Chat, hits: Awaited<ReturnType<HelpService['search']>>): Promise<void> {
    if (hits.length) {
      await this.append(em, chat, {
        authorId: null,
        authorKind: 'BOT',
        text: `Возможно, это поможет:\n${hits.map((hit, i) => `${i + 1}. ${hit.title}`).join('\n')}\n\nЕсли нет — напишите «оператор», и к вам подключится специалист.`,
        clientMessageId: null,
        meta: { articles: hits.map((hit) => ({ id: hit.id, title: hit.title })), offerHuman: true },
      });
      return;
    }
    await this.handOver(em, chat, 'Не нашёл готового ответа. Передаю вопрос специалисту — он ответит здесь.');
  }

  private async handOver(em: Em, chat: Chat, text: string): Promise<void> {
    chat.supportState = 'QUEUED';
    await this.append(em, chat, {
      authorId: null,
      authorKind: 'BOT',
      text,
      clientMessageId: null,
      meta: { handedOver: true },
    });
  }

  /** The customer asks for a person. */
  async requestHuman(em: Em, viewer: Viewer, chatId: string): Promise<Chat> {
    const chat = await em.transactional(async (tx) => {
      const found = await this.lockReadable(tx, viewer, chatId);
      if (found.kind !== 'SUPPORT') throw chatError('CHAT_NOT_SUPPORT', 'Only support chats have agents');
      if (found.supportState === 'BOT')
        await this.handOver(tx, found, 'Передаю вопрос специалисту — он ответит здесь.');
      return found;
    });
    await this.announce(chat.id, chat.kind);
    return chat;
  }

  // ---- messages ----

  async send(
    em: Em,
    viewer: Viewer,
    input: { chatId: string; text: string; attachmentIds?: string[] | null; clientMessageId: string },
  ): Promise<ChatMessage> {
    const text = input.text;
    await this.deps.rateLimits.consume(SENDS_PER_MINUTE, viewer.userId, 'You are sending messages too fast');
    const result = await em.transactional(async (tx) => {
      const chat = await this.lockReadable(tx, viewer, input.chatId);
      if (chat.kind === 'SECURITY') throw forbidden('The Security chat is read-only');
      const replay = await tx.findOne(ChatMessage, {
        chatId: chat.id,
        authorId: viewer.userId,
        clientMessageId: input.clientMessageId,
      });
      if (replay) return { message: replay, fresh: false, kind: chat.kind };
      const staffSide = chat.kind === 'SUPPORT' && isStaff(viewer) && chat.customerId !== viewer.userId;
      if (staffSide && chat.supportState === 'CLOSED') throw chatError('CHAT_CLOSED', 'The chat is closed');
      if (staffSide && chat.supportState !== 'ASSIGNED') {
        chat.supportState = 'ASSIGNED';
        chat.assigneeId = viewer.userId;
      }
      const message = await this.append(tx, chat, {
        authorId: viewer.userId,
        authorKind: staffSide ? 'STAFF' : 'USER',
        text,
        clientMessageId: input.clientMessageId,
      });
      await this.deps.attachments.attach(tx, viewer, input.attachmentIds ?? [], `chat-message:${message.id}`);
      if (chat.kind === 'SUPPORT' && !staffSide && chat.supportState === 'BOT') {
        if (HUMAN_PLEASE.test(text)) await this.handOver(tx, chat, 'Передаю вопрос специалисту — он ответит здесь.');
        else await this.botAnswer(tx, chat, await this.deps.help.search(tx, text, 3));
      }
      return { message, fresh: true, kind: chat.kind };
    });
    if (result.fresh) await this.announce(input.chatId, result.kind);
    return result.message;
  }

  private async lockReadable(em: Em, viewer: Viewer, chatId: string): Promise<Chat> {
    const chat = isUuid(chatId)
      ? await em.findOne(Chat, { id: chatId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
      : null;
    if (!chat || !(await this.canRead(em, viewer, chat))) throw notFound('Chat');
    return chat;
  }

  /** Adds a message and counts it unread for every member but its author (atomic increments). */
  private async append(
    em: Em,
    chat: Chat,
    message: {
      authorId: string | null;
      authorKind: 'USER' | 'STAFF' | 'BOT' | 'SYSTEM';
      text: string;
      clientMessageId: string | null;
      meta?: Record<string, unknown>;
    },
  ): Promise<ChatMessage> {
    const created = em.create(ChatMessage, { id: newId(), chatId: chat.id, meta: message.meta ?? null, ...message });
    chat.lastMessageAt = new Date();
    await em.flush();
    await em.execute(
      `update chat_member set unread_count = unread_count + 1 where chat_id = ? and user_id <> coalesce(?::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`,
      [chat.id, message.authorId],
    );
    return created;
  }

  /** Marks read up to a message: the unread count becomes the number of others' messages after it. */
  async markRead(em: Em, viewer: Viewer, chatId: string, upToMessageId: string): Promise<number> {
    if (!isUuid(upToMessageId)) throw notFound('Message');
    // Under the chat's row lock (senders hold it while they add a message), so the count below sees every message
    // committed before it and no concurrent increment is overwritten.
    const { chat, rows } = await em.transactional(async (tx) => {
      const locked = await this.lockReadable(tx, viewer, chatId);
      // Only a message of this chat can mark it read (another chat's message or a made-up id is NOT_FOUND).
      const [message] = await tx.execute<Array<{ id: string }>>(
        `select id from chat_message where id = ? and chat_id = ?`,
        [upToMessageId, locked.id],
      );
      if (!message) throw notFound('Message');
      const updated = await tx.execute<Array<{ unread_count: number }>>(
        `update chat_member m set
          last_read_message_id = greatest(coalesce(m.last_read_message_id, ?::uuid), ?::uuid),
          unread_count = (select count(*) from chat_message x
                           where x.chat_id = m.chat_id and x.id > greatest(coalesce(m.last_read_message_id, ?::uuid), ?::uuid)
                             and x.author_id is distinct from m.user_id)
        where m.chat_id = ? and m.user_id = ? returning unread_count`,
        [upToMessageId, upToMessageId, upToMessageId, upToMessageId, locked.id, viewer.userId],
      );
      return { chat: locked, rows: updated };
    });
    await this.deps.pubsub.publish(topics.chatsChanged(viewer.userId), { chatId: chat.id });
    return Number(rows[0]?.unread_count ?? 0);
  }

  // ---- staff ----

  async take(em: Em, staff: Viewer, chatId: string): Promise<Chat> {
    const chat = await em.transactional(async (tx) => {
      const found = await this.lockReadable(tx, staff, chatId);
      if (found.kind !== 'SUPPORT') throw notFound('Chat');
      if (found.supportState === 'ASSIGNED' && found.assigneeId !== staff.userId)
        throw chatError('CHAT_TAKEN', 'Another agent has taken this chat');
      if (found.supportState === 'CLOSED') throw chatError('CHAT_CLOSED', 'The chat is closed');
      found.supportState = 'ASSIGNED';
      found.assigneeId = staff.userId;
      return found;
    });
    await this.announce(chat.id, chat.kind);
    return chat;
  }

  /** Turns a support chat into an appeal on the customer's behalf, carrying the conversation over. */
  async toTicket(
    em: Em,
    staff: Viewer,
    chatId: string,
    input: {
      problemId?: string | null;
      categoryId?: string | null;
      otherSubject?: string | null;
      orderNumber?: string | null;
    },
  ) {
    const chat = await this.get(em, staff, chatId);
    if (chat.kind !== 'SUPPORT') throw chatError('CHAT_NOT_SUPPORT', 'Only support chats become appeals');
    if (chat.ticketId)
      throw chatError('CHAT_ALREADY_CONVERTED', 'This chat is already an appeal', { ticketId: chat.ticketId });
    const customer = await em.findOneOrFail(User, { id: chat.customerId });
    const transcript = (await em.find(ChatMessage, { chatId: chat.id }, { orderBy: { id: 'asc' }, limit: 200 }))
      .map((m) => `[${m.authorKind === 'USER' ? 'Клиент' : m.authorKind === 'STAFF' ? 'Поддержка' : 'Бот'}] ${m.text}`)
      .join('\n');
    const ticket = await this.deps.ticketFiling.create(
      em.fork(),
      { userId: customer.id, sessionId: '', roles: customer.roles as Viewer['roles'] },
      {
        ...input,
        description: `Из чата поддержки:\n${transcript}`.slice(0, 5000),
        replyChannel: 'PUSH',
        idempotencyKey: `chat-${chat.id}`,
      },
    );
    await em.fork().nativeUpdate(Chat, { id: chat.id }, { ticketId: ticket.id });
    await this.deps.pubsub.publish('chat/support_changed', { chatId: chat.id });
    return ticket;
  }

  // ---- events ----

  private async announce(chatId: string, kind: ChatKind): Promise<void> {
    const em = this.deps.orm.em.fork();
    const members = await em.find(ChatMember, { chatId });
    const last = await em.findOne(ChatMessage, { chatId }, { orderBy: { id: 'desc' } });
    const userIds = members.map((m) => m.userId);
    if (last) await this.deps.pubsub.publish(topics.chatMessageAdded(chatId), { chatId, messageId: last.id });
    await Promise.all(userIds.map((userId) => this.deps.pubsub.publish(topics.chatsChanged(userId), { chatId })));
    if (kind === 'SUPPORT') await this.deps.pubsub.publish('chat/support_changed', { chatId });
  }

  /**
   * Security-chat delivery: each recorded SECURITY_CHAT message becomes a system message in its owner's chat (made
   * on first use), a claimed batch at once: one transaction with a fixed number of statements however many messages
   * and owners it holds, then one announcement per chat. Idempotent by message id (the chat message's
   * clientMessageId): a message delivered before is not added again, and its chat is announced again.
   */
  securityChatProvider(): DeliveryProvider {
    const sendMany = async (messages: OutboundMessage[]) => {
      const owned = messages.filter((message) => message.userId);
      if (owned.length === 0) return;
      const owners = [...new Set(owned.map((message) => message.userId!))].sort();
      const chats = await this.deps.orm.em.fork().transactional(async (tx) => {
        // One Security chat per owner: whoever creates it holds the owner's lock (taken in one order: no deadlock).
        await tx.execute(
          `select pg_advisory_xact_lock(hashtext(k)) from (select k from unnest(?::text[]) as k order by k) as owners`,
          [pgArray(owners.map((owner) => `security-chat:${owner}`))],
        );
        const found = await tx.execute<Array<{ id: string; customer_id: string }>>(
          `with wanted as (
             select * from unnest(?::uuid[], ?::uuid[]) as w(customer_id, chat_id)),
           existing as (
             select distinct on (c.customer_id) c.id, c.customer_id from chat c
              where c.kind = 'SECURITY' and c.customer_id in (select customer_id from wanted)
              order by c.customer_id, c.id),
           created as (
             insert into chat (id, kind, customer_id, seller_id, product_id, order_number, support_state, assignee_id,
                               ticket_id, last_message_at, created_at)
             select w.chat_id, 'SECURITY', w.customer_id, null, null, null, null, null, null, now(), now()
               from wanted w where w.customer_id not in (select customer_id from existing)
             returning id, customer_id),
           members as (
             insert into chat_member (chat_id, user_id, unread_count, last_read_message_id)
             select id, customer_id, 0, null from created)
           select id, customer_id from existing union all select id, customer_id from created`,
          [pgArray(owners), pgArray(owners.map(() => newId()))],
        );
        const chatOf = new Map(found.map((row) => [row.customer_id, row.id]));
        // The messages (those not added before), the chats' last-message time and every member's unread count.
        const added = await tx.execute<Array<{ chat_id: string; last_id: string; members: string[] }>>(
          `with input as (
             select * from unnest(?::uuid[], ?::uuid[], ?::text[], ?::varchar[], ?::text[])
               as i(id, chat_id, text, client_message_id, purpose)),
           fresh as (
             select i.* from input i where not exists (
               select 1 from chat_message m
                where m.chat_id = i.chat_id and m.author_id is null and m.client_message_id = i.client_message_id)),
           touched as (
             update chat c set last_message_at = now() where c.id in (select chat_id from fresh)),
           inserted as (
             insert into chat_message (id, chat_id, author_id, author_kind, text, client_message_id, meta, created_at)
             select id, chat_id, null, 'SYSTEM', text, client_message_id, jsonb_build_object('purpose', purpose), now()
               from fresh),
           counted as (
             update chat_member m set unread_count = m.unread_count + f.n
               from (select chat_id, count(*) as n from fresh group by chat_id) f
              where m.chat_id = f.chat_id)
           select c.chat_id,
                  greatest((select f.id from fresh f where f.chat_id = c.chat_id order by f.id desc limit 1),
                           (select m.id from chat_message m where m.chat_id = c.chat_id order by m.id desc limit 1))
                    as last_id,
                  array(select cm.user_id from chat_member cm where cm.chat_id = c.chat_id) as members
             from (select distinct chat_id from input) c`,
          [
            pgArray(owned.map(() => newId())),
            pgArray(owned.map((message) => chatOf.get(message.userId!)!)),
            pgArray(owned.map((message) => message.text)),
            pgArray(owned.map((message) => message.id)),
            pgArray(owned.map((message) => message.purpose)),
          ],
        );
        return added;
      });
      await Promise.all(
        chats.flatMap((chat) => [
          this.deps.pubsub.publish(topics.chatMessageAdded(chat.chat_id), {
            chatId: chat.chat_id,
            messageId: chat.last_id,
          }),
          ...chat.members.map((userId) =>
            this.deps.pubsub.publish(topics.chatsChanged(userId), { chatId: chat.chat_id }),
          ),
        ]),
      );
    };
    return { name: 'security-chat', send: (message) => sendMany([message]), sendMany };
  }
}

/** A client's identifier as stored: trimmed, and absent when empty (so " P1 " and "P1" are one, "" is none). */
export const identifier = (value: string | null | undefined): string | null => value?.trim() || null;

const CHATS: Keyset<Chat> = {
  list: 'chats',
  keys: ['time', 'id'],
  direction: 'desc',
  keyOf: (chat) => [chat.lastMessageAt, chat.id],
};
const SUPPORT_QUEUE = entityKeyset<Chat>({
  list: 'supportQueue',
  keys: { lastMessageAt: 'time', id: 'id' },
  direction: 'asc',
});
const SUPPORT_QUEUE_MINE = entityKeyset<Chat>({
  list: 'supportQueue:mine',
  keys: { lastMessageAt: 'time', id: 'id' },
  direction: 'desc',
});
const MESSAGES = entityKeyset<ChatMessage>({
  list: 'messages',
  keys: { id: 'id' },
  direction: 'asc',
  backwardByDefault: true,
});
