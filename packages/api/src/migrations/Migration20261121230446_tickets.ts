import { Migration } from '@mikro-orm/migrations';

export class Migration20261121230446_tickets extends Migration {

  override name = 'Migration20261121230446_tickets';

  override up(): void | Promise<void> {
    this.addSql(`create table "attachment" ("id" uuid not null, "owner_id" uuid not null, "file_name" varchar(255) not null, "content_type" varchar(100) not null, "size" int not null, "sha256" varchar(64) not null, "storage_key" varchar(300) not null, "attached_to" varchar(120) null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "attachment_owner_id_index" on "attachment" ("owner_id");`);
    this.addSql(`create index "attachment_attached_to_index" on "attachment" ("attached_to");`);

    this.addSql(`create table "ticket" ("id" uuid not null, "number" varchar(20) not null, "customer_id" uuid not null, "category_id" uuid not null, "problem_id" uuid not null, "other_subject" varchar(200) null, "order_number" varchar(40) null, "description" text not null, "reply_channel" text not null, "reply_to" varchar(254) not null, "urgent" boolean not null, "sla_class" text not null, "status" text not null, "assignee_id" uuid null, "escalated" boolean not null default false, "first_response_due_at" timestamptz not null, "resolution_due_at" timestamptz not null, "first_responded_at" timestamptz null, "sla_paused_at" timestamptz null, "sla_breached" boolean not null default false, "sla_breached_at" timestamptz null, "resolved_at" timestamptz null, "closed_at" timestamptz null, "rating" smallint null, "rating_comment" varchar(1000) null, "idempotency_key" varchar(100) not null, "request_fingerprint" varchar(64) not null, "last_message_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "ticket" add constraint "ticket_number_unique" unique ("number");`);
    this.addSql(`create index "ticket_customer_id_id_index" on "ticket" ("customer_id", "id");`);
    this.addSql(`create index "ticket_customer_id_status_id_index" on "ticket" ("customer_id", "status", "id");`);
    this.addSql(`create index "ticket_status_id_index" on "ticket" ("status", "id");`);
    this.addSql(`create index "ticket_assignee_id_status_index" on "ticket" ("assignee_id", "status");`);
    this.addSql(`alter table "ticket" add constraint "ticket_customer_id_idempotency_key_unique" unique ("customer_id", "idempotency_key");`);

    this.addSql(`create table "ticket_message" ("id" uuid not null, "ticket_id" uuid not null, "author_id" uuid null, "author_role" text not null, "body" text not null, "internal" boolean not null default false, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "ticket_message_ticket_id_id_index" on "ticket_message" ("ticket_id", "id");`);

    this.addSql(`create table "ticket_event" ("id" uuid not null, "ticket_id" uuid not null, "type" text not null, "actor_id" uuid null, "public" boolean not null, "data" jsonb not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "ticket_event_ticket_id_id_index" on "ticket_event" ("ticket_id", "id");`);

    this.addSql(`alter table "ticket" add constraint "ticket_customer_id_foreign" foreign key ("customer_id") references "app_user" ("id") on delete restrict;`);
    this.addSql(`alter table "ticket" add constraint "ticket_category_id_foreign" foreign key ("category_id") references "support_category" ("id") on delete restrict;`);
    this.addSql(`alter table "ticket" add constraint "ticket_problem_id_foreign" foreign key ("problem_id") references "support_problem" ("id") on delete restrict;`);
    this.addSql(`alter table "ticket" add constraint "ticket_assignee_id_foreign" foreign key ("assignee_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "ticket" add constraint "ticket_reply_channel_check" check ("reply_channel" in ('EMAIL', 'PUSH', 'SMS'));`);
    this.addSql(`alter table "ticket" add constraint "ticket_sla_class_check" check ("sla_class" in ('STANDARD', 'URGENT', 'COMPLEX'));`);
    this.addSql(`alter table "ticket" add constraint "ticket_status_check" check ("status" in ('NEW', 'IN_PROGRESS', 'WAITING_FOR_CUSTOMER', 'RESOLVED', 'CLOSED', 'REOPENED'));`);

    this.addSql(`alter table "ticket_message" add constraint "ticket_message_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete cascade;`);
    this.addSql(`alter table "ticket_message" add constraint "ticket_message_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "ticket_message" add constraint "ticket_message_author_role_check" check ("author_role" in ('CUSTOMER', 'STAFF', 'SYSTEM'));`);

    this.addSql(`alter table "ticket_event" add constraint "ticket_event_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete cascade;`);
    this.addSql(`alter table "ticket_event" add constraint "ticket_event_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "ticket_event" add constraint "ticket_event_type_check" check ("type" in ('CREATED', 'ASSIGNED', 'STATUS_CHANGED', 'MESSAGE', 'INTERNAL_NOTE', 'ESCALATED', 'SLA_BREACHED', 'RATED', 'REOPENED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "ticket_message" drop constraint "ticket_message_ticket_id_foreign";`);
    this.addSql(`alter table "ticket_event" drop constraint "ticket_event_ticket_id_foreign";`);

    this.addSql(`drop table if exists "attachment" cascade;`);
    this.addSql(`drop table if exists "ticket" cascade;`);
    this.addSql(`drop table if exists "ticket_message" cascade;`);
    this.addSql(`drop table if exists "ticket_event" cascade;`);
  }

}
