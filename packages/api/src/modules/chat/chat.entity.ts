import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { newId } from '../../lib/ids.js';

export const CHAT_KINDS = ['BUYER_SELLER', 'SUPPORT', 'SECURITY'] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];
/** Support chats: the bot answers first; QUEUED waits for an agent; ASSIGNED has one; CLOSED is done. */
export const SUPPORT_STATES = ['BOT', 'QUEUED', 'ASSIGNED', 'CLOSED'] as const;
export type SupportState = (typeof SUPPORT_STATES)[number];

export const Chat = defineEntity({
  name: 'Chat',
  tableName: 'chat',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    kind: p.enum(CHAT_KINDS),
    /** The buyer (BUYER_SELLER), the customer (SUPPORT) or the account owner (SECURITY). */
    customerId: p.uuid(),
    sellerId: p.uuid().nullable(),
    productId: p.string().length(60).nullable(),
    orderNumber: p.string().length(40).nullable(),
    supportState: p.enum(SUPPORT_STATES).nullable(),
    assigneeId: p.uuid().nullable(),
    ticketId: p.uuid().nullable(),
    lastMessageAt: p.datetime().onCreate(() => new Date()),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [
    { properties: ['customerId', 'kind', 'lastMessageAt'] },
    { properties: ['sellerId', 'kind', 'lastMessageAt'] },
    { properties: ['kind', 'supportState', 'lastMessageAt'] },
  ],
  uniques: [
    // One chat per buyer, seller and product-or-order (absent identifiers are null, never '': chat.service.ts).
    {
      name: 'chat_buyer_seller_unique',
      expression:
        'create unique index "chat_buyer_seller_unique" on "chat" ("customer_id", "seller_id", "product_id", "order_number") ' +
        `nulls not distinct where "kind" = 'BUYER_SELLER'`,
    },
    // One open support chat per user.
    {
      name: 'chat_open_support_unique',
      expression:
        'create unique index "chat_open_support_unique" on "chat" ("customer_id") ' +
        `where "kind" = 'SUPPORT' and "support_state" <> 'CLOSED'`,
    },
  ],
});
export type Chat = InferEntity<typeof Chat>;

/** A participant's place in a chat: what they have read and how much is unread. */
export const ChatMember = defineEntity({
  name: 'ChatMember',
  tableName: 'chat_member',
  properties: {
    chatId: p.uuid().primary(),
    userId: p.uuid().primary(),
    unreadCount: p.integer().default(0),
    lastReadMessageId: p.uuid().nullable(),
  },
  indexes: [{ properties: ['userId'] }],
});
export type ChatMember = InferEntity<typeof ChatMember>;

export const AUTHOR_KINDS = ['USER', 'STAFF', 'BOT', 'SYSTEM'] as const;

export const ChatMessage = defineEntity({
  name: 'ChatMessage',
  tableName: 'chat_message',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    chatId: p.uuid(),
    authorId: p.uuid().nullable(),
    authorKind: p.enum(AUTHOR_KINDS),
    text: p.text(),
    /** The sender's id for this message: a retry with the same id is the same message. */
    clientMessageId: p.string().length(100).nullable(),
    /** Bot suggestions and options, e.g. { articles: [...], offerHuman: true }. */
    meta: p.json<Record<string, unknown>>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['chatId', 'authorId', 'clientMessageId'] }],
  indexes: [{ properties: ['chatId', 'id'] }],
});
export type ChatMessage = InferEntity<typeof ChatMessage>;
