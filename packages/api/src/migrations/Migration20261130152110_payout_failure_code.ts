import { Migration } from '@mikro-orm/migrations';

export class Migration20261130152110_payout_failure_code extends Migration {

  override name = 'Migration20261130152110_payout_failure_code';

  override up(): void | Promise<void> {
    this.addSql(`alter table "withdrawal" add "failure_code" text null;`);
    // Existing rows: an unknown outcome was worded "No answer from the bank: …"; any other reason was a refusal.
    this.addSql(`update "withdrawal" set "failure_code" = case
      when "failure_reason" is null then null
      when "status" = 'UNKNOWN' or "failure_reason" like 'No answer from the bank%' then 'BANK_NO_ANSWER'
      else 'BANK_REJECTED' end;`);
    this.addSql(`alter table "withdrawal" add constraint "withdrawal_failure_code_check" check ("failure_code" in ('BANK_REJECTED', 'BANK_NO_ANSWER'));`);
    this.addSql(`alter table "withdrawal" drop column "failure_reason";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "withdrawal" drop constraint "withdrawal_failure_code_check";`);
    this.addSql(`alter table "withdrawal" add "failure_reason" varchar(300) null;`);
    this.addSql(`update "withdrawal" set "failure_reason" = case "failure_code"
      when 'BANK_REJECTED' then 'The receiving bank rejected the payment'
      when 'BANK_NO_ANSWER' then 'No answer from the bank' end;`);
    this.addSql(`alter table "withdrawal" drop column "failure_code";`);
  }

}
