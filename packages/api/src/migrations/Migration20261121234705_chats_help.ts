import { Migration } from '@mikro-orm/migrations';

export class Migration20261121234705_chats_help extends Migration {

  override name = 'Migration20261121234705_chats_help';

  override up(): void | Promise<void> {
    this.addSql(`create table "chat" ("id" uuid not null, "kind" text not null, "customer_id" uuid not null, "seller_id" uuid null, "product_id" varchar(60) null, "order_number" varchar(40) null, "support_state" text null, "assignee_id" uuid null, "ticket_id" uuid null, "last_message_at" timestamptz not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "chat_customer_id_kind_last_message_at_index" on "chat" ("customer_id", "kind", "last_message_at");`);
    this.addSql(`create index "chat_seller_id_kind_last_message_at_index" on "chat" ("seller_id", "kind", "last_message_at");`);
    this.addSql(`create index "chat_kind_support_state_last_message_at_index" on "chat" ("kind", "support_state", "last_message_at");`);

    this.addSql(`create table "chat_member" ("chat_id" uuid not null, "user_id" uuid not null, "unread_count" int not null default 0, "last_read_message_id" uuid null, primary key ("chat_id", "user_id"));`);
    this.addSql(`create index "chat_member_user_id_index" on "chat_member" ("user_id");`);

    this.addSql(`create table "chat_message" ("id" uuid not null, "chat_id" uuid not null, "author_id" uuid null, "author_kind" text not null, "text" text not null, "client_message_id" varchar(100) null, "meta" jsonb null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "chat_message_chat_id_id_index" on "chat_message" ("chat_id", "id");`);
    this.addSql(`alter table "chat_message" add constraint "chat_message_chat_id_author_id_client_message_id_unique" unique ("chat_id", "author_id", "client_message_id");`);

    this.addSql(`create table "help_article" ("id" uuid not null, "title" varchar(200) not null, "body" text not null, "category_id" uuid null, "tags" text[] not null, "keywords" varchar(1000) not null default '', "published" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index help_article_search_index on help_article using gin (to_tsvector('russian', title || ' ' || body || ' ' || keywords));`);

    this.addSql(`alter table "chat" add constraint "chat_kind_check" check ("kind" in ('BUYER_SELLER', 'SUPPORT', 'SECURITY'));`);
    this.addSql(`alter table "chat" add constraint "chat_support_state_check" check ("support_state" in ('BOT', 'QUEUED', 'ASSIGNED', 'CLOSED'));`);

    this.addSql(`alter table "chat_message" add constraint "chat_message_author_kind_check" check ("author_kind" in ('USER', 'STAFF', 'BOT', 'SYSTEM'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "chat" cascade;`);
    this.addSql(`drop table if exists "chat_member" cascade;`);
    this.addSql(`drop table if exists "chat_message" cascade;`);
    this.addSql(`drop table if exists "help_article" cascade;`);
  }

}
