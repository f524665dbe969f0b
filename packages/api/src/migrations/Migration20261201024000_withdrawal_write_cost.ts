import { Migration } from '@mikro-orm/migrations';

/**
 * What a withdrawal writes (issue 18, money): the ledger's accounts get room for their updates, and the transfer
 * table loses two indexes nothing reads.
 *
 * - `ledger_account` is a few hot rows (each wallet and clearing account is updated on every withdrawal and payout
 *   batch). With the default fill factor 100 a page has no room for a row's new version, so updates stop being HOT
 *   (heap-only): each adds entries to both indexes, and the key lookups of the lock and the updates wade through the
 *   dead ones. Fill factor 10 leaves room on each page for new versions (pruned in place). `chat_member` likewise
 *   (its unread count moves with every message, the Security chat's notices included), at 50: it has a row per
 *   member of every chat. New pages only: existing rows spread out as they move (a `vacuum full` does it at once).
 * - `ledger_transfer (debit_account_id, created_at)` and `(credit_account_id, created_at)`: no query filters or
 *   orders transfers by account (the statement reads `ledger_entry (account_id, id)` and joins the transfer by id;
 *   idempotency looks the key up), yet every transfer (two per withdrawal: hold, settle) wrote both.
 */
export class Migration20261201024000_withdrawal_write_cost extends Migration {
  override name = 'Migration20261201024000_withdrawal_write_cost';

  override up(): void | Promise<void> {
    this.addSql(`alter table "ledger_account" set (fillfactor = 10);`);
    this.addSql(`alter table "chat_member" set (fillfactor = 50);`);
    this.addSql(`drop index "ledger_transfer_debit_account_id_created_at_index";`);
    this.addSql(`drop index "ledger_transfer_credit_account_id_created_at_index";`);
  }

  override down(): void | Promise<void> {
    this.addSql(
      `create index "ledger_transfer_credit_account_id_created_at_index" on "ledger_transfer" ("credit_account_id", "created_at");`,
    );
    this.addSql(
      `create index "ledger_transfer_debit_account_id_created_at_index" on "ledger_transfer" ("debit_account_id", "created_at");`,
    );
    this.addSql(`alter table "chat_member" reset (fillfactor);`);
    this.addSql(`alter table "ledger_account" reset (fillfactor);`);
  }
}
