import { Migration } from '@mikro-orm/migrations';

export class Migration20261121225318_catalog_hotline_calendar extends Migration {

  override name = 'Migration20261121225318_catalog_hotline_calendar';

  override up(): void | Promise<void> {
    this.addSql(`create table "business_calendar_day" ("date" date not null, "kind" text not null, "name" varchar(120) null, "updated_at" timestamptz not null, primary key ("date"));`);

    this.addSql(`create table "hotline_exception" ("date" date not null, "opens" varchar(5) null, "closes" varchar(5) null, "note" varchar(200) null, primary key ("date"));`);

    this.addSql(`create table "hotline_settings" ("id" int not null, "phone" varchar(16) not null, "extension" varchar(10) null, "time_zone" varchar(40) not null, "weekly_hours" jsonb not null, "purpose_ru" varchar(300) not null, "purpose_en" varchar(300) not null, "updated_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "support_category" ("id" uuid not null, "title_ru" varchar(150) not null, "title_en" varchar(150) not null, "audience" text not null, "position" int not null, "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "support_problem" ("id" uuid not null, "category_id" uuid not null, "title_ru" varchar(200) not null, "title_en" varchar(200) not null, "audience" text not null, "requires_order_number" boolean not null default false, "sla_class" text not null, "urgent_available" boolean not null default false, "position" int not null, "active" boolean not null default true, "is_other" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "support_problem_category_id_position_index" on "support_problem" ("category_id", "position");`);

    this.addSql(`alter table "business_calendar_day" add constraint "business_calendar_day_kind_check" check ("kind" in ('HOLIDAY', 'WORKING_DAY'));`);

    this.addSql(`alter table "support_category" add constraint "support_category_audience_check" check ("audience" in ('BUYER', 'SELLER', 'ALL'));`);

    this.addSql(`alter table "support_problem" add constraint "support_problem_category_id_foreign" foreign key ("category_id") references "support_category" ("id") on delete restrict;`);
    this.addSql(`alter table "support_problem" add constraint "support_problem_audience_check" check ("audience" in ('BUYER', 'SELLER', 'ALL'));`);
    this.addSql(`alter table "support_problem" add constraint "support_problem_sla_class_check" check ("sla_class" in ('STANDARD', 'URGENT', 'COMPLEX'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "support_problem" drop constraint "support_problem_category_id_foreign";`);

    this.addSql(`drop table if exists "business_calendar_day" cascade;`);
    this.addSql(`drop table if exists "hotline_exception" cascade;`);
    this.addSql(`drop table if exists "hotline_settings" cascade;`);
    this.addSql(`drop table if exists "support_category" cascade;`);
    this.addSql(`drop table if exists "support_problem" cascade;`);
  }

}
