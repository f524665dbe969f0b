import { Migration } from '@mikro-orm/migrations';

export class Migration20261121224220_identity extends Migration {

  override name = 'Migration20261121224220_identity';

  override up(): void | Promise<void> {
    this.addSql(`create table "login_challenge" ("id" uuid not null, "phone" varchar(16) not null, "channel" text not null, "code_hash" varchar(64) not null, "attempts" int not null, "ip" varchar(64) not null, "expires_at" timestamptz not null, "resend_available_at" timestamptz not null, "consumed_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "login_challenge_phone_created_at_index" on "login_challenge" ("phone", "created_at");`);

    this.addSql(`create table "outbound_message" ("id" uuid not null, "channel" text not null, "to" varchar(254) not null, "device_token" varchar(512) null, "user_id" uuid null, "purpose" varchar(40) not null, "subject" varchar(200) null, "text" text not null, "secret" jsonb null, "status" text not null, "attempts" int not null, "next_attempt_at" timestamptz not null, "last_error" varchar(500) null, "provider" varchar(40) null, "created_at" timestamptz not null, "sent_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "outbound_message_to_created_at_index" on "outbound_message" ("to", "created_at");`);
    this.addSql(`create index "outbound_message_status_next_attempt_at_index" on "outbound_message" ("status", "next_attempt_at");`);

    this.addSql(`create table "push_device" ("id" uuid not null, "user_id" uuid not null, "token" varchar(512) not null, "platform" text not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "push_device_user_id_index" on "push_device" ("user_id");`);
    this.addSql(`alter table "push_device" add constraint "push_device_token_unique" unique ("token");`);

    this.addSql(`create table "rate_limit" ("key" varchar(255) not null, "points" int not null default 0, "expire" bigint null, primary key ("key"));`);

    this.addSql(`create table "refresh_token" ("id" uuid not null, "session_id" uuid not null, "token_hash" varchar(64) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "refresh_token_session_id_index" on "refresh_token" ("session_id");`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "auth_session" ("id" uuid not null, "user_id" uuid not null, "platform" varchar(20) null, "user_agent" varchar(400) null, "ip" varchar(64) not null, "location" varchar(120) null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" varchar(40) null, primary key ("id"));`);
    this.addSql(`create index "auth_session_user_id_index" on "auth_session" ("user_id");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "phone" varchar(16) not null, "display_name" varchar(120) not null, "email" varchar(254) null, "roles" text[] not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_phone_unique" unique ("phone");`);

    this.addSql(`alter table "login_challenge" add constraint "login_challenge_channel_check" check ("channel" in ('SMS', 'CALL', 'PUSH', 'SECURITY_CHAT'));`);

    this.addSql(`alter table "outbound_message" add constraint "outbound_message_channel_check" check ("channel" in ('SMS', 'CALL', 'PUSH', 'EMAIL', 'SECURITY_CHAT'));`);
    this.addSql(`alter table "outbound_message" add constraint "outbound_message_status_check" check ("status" in ('QUEUED', 'SENT', 'FAILED'));`);

    this.addSql(`alter table "push_device" add constraint "push_device_platform_check" check ("platform" in ('IOS', 'ANDROID', 'WEB'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "login_challenge" cascade;`);
    this.addSql(`drop table if exists "outbound_message" cascade;`);
    this.addSql(`drop table if exists "push_device" cascade;`);
    this.addSql(`drop table if exists "rate_limit" cascade;`);
    this.addSql(`drop table if exists "refresh_token" cascade;`);
    this.addSql(`drop table if exists "auth_session" cascade;`);
    this.addSql(`drop table if exists "app_user" cascade;`);
  }

}
