import { Migration } from '@mikro-orm/migrations';

export class Migration20261122010439_per_user_payout_clearing extends Migration {

  override name = 'Migration20261122010439_per_user_payout_clearing';

  override up(): void | Promise<void> {
    this.addSql(`alter table "ledger_transfer" drop constraint "ledger_transfer_kind_check";`);
    this.addSql(`alter table "ledger_transfer" add constraint "ledger_transfer_kind_check" check ("kind" in ('CREDIT', 'WITHDRAWAL_HOLD', 'WITHDRAWAL_RELEASE', 'WITHDRAWAL_SETTLE', 'CLEARING_MOVE'));`);

    // Payout clearing becomes per user. Funds held for payouts still in flight move from the single platform
    // clearing account to each user's own, as ordinary transfers with their two entries, so the ledger stays whole.
    this.addSql(`insert into ledger_account (id, kind, user_id, balance, created_at)
      select gen_random_uuid(), 'PAYOUT_CLEARING', w.user_id, 0, now()
        from withdrawal w where w.status in ('PENDING', 'PROCESSING') group by w.user_id
      on conflict (kind, user_id) do nothing;`);
    this.addSql(`insert into ledger_transfer (id, idempotency_key, kind, debit_account_id, credit_account_id, amount, reference, description, created_at)
      select gen_random_uuid(), 'clearing-move:' || held.user_id, 'CLEARING_MOVE', platform.id, own.id, held.amount,
          held.user_id::text, 'Удержание по выплатам перенесено на счёт пользователя', now()
        from (select user_id, sum(amount)::bigint as amount from withdrawal
               where status in ('PENDING', 'PROCESSING') group by user_id) held
        join ledger_account platform on platform.kind = 'PAYOUT_CLEARING'
          and platform.user_id = '00000000-0000-0000-0000-000000000000'
        join ledger_account own on own.kind = 'PAYOUT_CLEARING' and own.user_id = held.user_id;`);
    this.addSql(`insert into ledger_entry (id, transfer_id, account_id, amount, created_at)
      select gen_random_uuid(), t.id, t.debit_account_id, -t.amount, now() from ledger_transfer t where t.kind = 'CLEARING_MOVE'
      union all
      select gen_random_uuid(), t.id, t.credit_account_id, t.amount, now() from ledger_transfer t where t.kind = 'CLEARING_MOVE';`);
    this.addSql(`update ledger_account a set balance = a.balance + moved.delta
      from (select e.account_id, sum(e.amount) as delta from ledger_entry e
              join ledger_transfer t on t.id = e.transfer_id where t.kind = 'CLEARING_MOVE' group by e.account_id) moved
      where a.id = moved.account_id;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "ledger_transfer" drop constraint "ledger_transfer_kind_check";`);
    this.addSql(`alter table "ledger_transfer" add constraint "ledger_transfer_kind_check" check ("kind" in ('CREDIT', 'WITHDRAWAL_HOLD', 'WITHDRAWAL_RELEASE', 'WITHDRAWAL_SETTLE'));`);
  }

}
