import { Migration } from '@mikro-orm/migrations';

export class Migration20261130115405_background_leases extends Migration {

  override name = 'Migration20261130115405_background_leases';

  override up(): void | Promise<void> {
    this.addSql(`create table "sandbox_payment" ("idempotency_key" varchar(100) not null, "withdrawal_id" uuid not null, "amount" bigint not null, "outcome" text not null, "reason" varchar(300) null, "requests" int not null default 1, "created_at" timestamptz not null, primary key ("idempotency_key"));`);

    this.addSql(`alter table "outbound_message" add "lease_until" timestamptz null, add "lease_token" uuid null;`);

    this.addSql(`alter table "webhook_delivery" add "lease_until" timestamptz null, add "lease_token" uuid null;`);

    this.addSql(`alter table "withdrawal" drop constraint "withdrawal_status_check";`);
    this.addSql(`alter table "withdrawal" add "lease_until" timestamptz null, add "lease_token" uuid null;`);
    this.addSql(`alter table "withdrawal" add constraint "withdrawal_status_check" check ("status" in ('PENDING', 'PROCESSING', 'UNKNOWN', 'COMPLETED', 'FAILED', 'CANCELLED'));`);

    this.addSql(`alter table "sandbox_payment" add constraint "sandbox_payment_outcome_check" check ("outcome" in ('PAID', 'REJECTED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "sandbox_payment" cascade;`);

    this.addSql(`alter table "outbound_message" drop column "lease_until", drop column "lease_token";`);

    this.addSql(`alter table "webhook_delivery" drop column "lease_until", drop column "lease_token";`);

    this.addSql(`alter table "withdrawal" drop constraint "withdrawal_status_check";`);
    this.addSql(`alter table "withdrawal" drop column "lease_until", drop column "lease_token";`);
    this.addSql(`alter table "withdrawal" add constraint "withdrawal_status_check" check ("status" in ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED'));`);
  }

}
