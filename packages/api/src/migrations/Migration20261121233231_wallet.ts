import { Migration } from '@mikro-orm/migrations';

export class Migration20261121233231_wallet extends Migration {

  override name = 'Migration20261121233231_wallet';

  override up(): void | Promise<void> {
    this.addSql(`create table "card_application" ("id" uuid not null, "user_id" uuid not null, "phone" varchar(16) not null, "email" varchar(254) not null, "code_word_hash" varchar(200) null, "status" text not null, "rejection_reason" varchar(300) null, "code_word_reset_at" timestamptz null, "code_word_reset_by" varchar(200) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "card_application" add constraint "card_application_user_id_unique" unique ("user_id");`);

    this.addSql(`create table "ledger_account" ("id" uuid not null, "kind" text not null, "user_id" uuid not null, "balance" bigint not null default '0', "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_kind_user_id_unique" unique ("kind", "user_id");`);

    this.addSql(`create table "ledger_entry" ("id" uuid not null, "transfer_id" uuid not null, "account_id" uuid not null, "amount" bigint not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "ledger_entry_transfer_id_index" on "ledger_entry" ("transfer_id");`);
    this.addSql(`create index "ledger_entry_account_id_id_index" on "ledger_entry" ("account_id", "id");`);

    this.addSql(`create table "ledger_transfer" ("id" uuid not null, "idempotency_key" varchar(160) not null, "kind" text not null, "debit_account_id" uuid not null, "credit_account_id" uuid not null, "amount" bigint not null, "reference" varchar(100) null, "description" varchar(300) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "ledger_transfer" add constraint "ledger_transfer_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(`create index "ledger_transfer_debit_account_id_created_at_index" on "ledger_transfer" ("debit_account_id", "created_at");`);
    this.addSql(`create index "ledger_transfer_credit_account_id_created_at_index" on "ledger_transfer" ("credit_account_id", "created_at");`);

    this.addSql(`create table "withdrawal" ("id" uuid not null, "user_id" uuid not null, "amount" bigint not null, "destination_kind" text not null, "recipient_name" varchar(200) null, "bik" varchar(9) null, "account_number" varchar(20) null, "status" text not null, "attempt" int not null default 1, "failure_reason" varchar(300) null, "idempotency_key" varchar(100) not null, "request_fingerprint" varchar(64) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "completed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "withdrawal_status_id_index" on "withdrawal" ("status", "id");`);
    this.addSql(`create index "withdrawal_user_id_id_index" on "withdrawal" ("user_id", "id");`);
    this.addSql(`alter table "withdrawal" add constraint "withdrawal_user_id_idempotency_key_unique" unique ("user_id", "idempotency_key");`);

    this.addSql(`alter table "card_application" add constraint "card_application_status_check" check ("status" in ('SUBMITTED', 'APPROVED', 'REJECTED', 'ISSUED'));`);

    this.addSql(`alter table "ledger_account" add constraint "ledger_account_kind_check" check ("kind" in ('USER_WALLET', 'PAYOUT_CLEARING', 'PLATFORM_FUNDING', 'PAYOUTS_SETTLED'));`);

    this.addSql(`alter table "ledger_transfer" add constraint "ledger_transfer_kind_check" check ("kind" in ('CREDIT', 'WITHDRAWAL_HOLD', 'WITHDRAWAL_RELEASE', 'WITHDRAWAL_SETTLE'));`);

    this.addSql(`alter table "withdrawal" add constraint "withdrawal_destination_kind_check" check ("destination_kind" in ('CARD', 'BANK_ACCOUNT'));`);
    this.addSql(`alter table "withdrawal" add constraint "withdrawal_status_check" check ("status" in ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "card_application" cascade;`);
    this.addSql(`drop table if exists "ledger_account" cascade;`);
    this.addSql(`drop table if exists "ledger_entry" cascade;`);
    this.addSql(`drop table if exists "ledger_transfer" cascade;`);
    this.addSql(`drop table if exists "withdrawal" cascade;`);
  }

}
