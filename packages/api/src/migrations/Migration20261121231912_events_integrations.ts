import { Migration } from '@mikro-orm/migrations';

export class Migration20261121231912_events_integrations extends Migration {

  override name = 'Migration20261121231912_events_integrations';

  override up(): void | Promise<void> {
    this.addSql(`create table "api_key" ("id" uuid not null, "name" varchar(120) not null, "prefix" varchar(16) not null, "secret_hash" varchar(64) not null, "scopes" text[] not null, "created_by" uuid not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "api_key" add constraint "api_key_prefix_unique" unique ("prefix");`);

    this.addSql(`create table "ticket_outbox" ("id" uuid not null, "position" bigint null, "ticket_id" uuid not null, "customer_id" uuid not null, "category_id" uuid not null, "type" varchar(30) not null, "public" boolean not null, "actor_id" uuid null, "changes" jsonb not null, "ticket" jsonb not null, "occurred_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "ticket_outbox" add constraint "ticket_outbox_position_unique" unique ("position");`);
    this.addSql(`create index "ticket_outbox_ticket_id_position_index" on "ticket_outbox" ("ticket_id", "position");`);
    this.addSql(`create index "ticket_outbox_customer_id_position_index" on "ticket_outbox" ("customer_id", "position");`);

    this.addSql(`create table "webhook" ("id" uuid not null, "url" varchar(2000) not null, "description" varchar(200) null, "event_types" text[] not null, "category_ids" text[] not null, "secret_encrypted" varchar(200) not null, "active" boolean not null default true, "created_by" uuid not null, "created_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "webhook_delivery" ("id" uuid not null, "webhook_id" uuid not null, "event_id" uuid not null, "position" bigint not null, "status" text not null, "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_status_code" int null, "last_error" varchar(500) null, "last_response" varchar(1000) null, "created_at" timestamptz not null, "delivered_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_status_next_attempt_at_index" on "webhook_delivery" ("status", "next_attempt_at");`);
    this.addSql(`create index "webhook_delivery_webhook_id_id_index" on "webhook_delivery" ("webhook_id", "id");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_webhook_id_event_id_unique" unique ("webhook_id", "event_id");`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_status_check" check ("status" in ('PENDING', 'DELIVERED', 'FAILED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "api_key" cascade;`);
    this.addSql(`drop table if exists "ticket_outbox" cascade;`);
    this.addSql(`drop table if exists "webhook" cascade;`);
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
  }

}
