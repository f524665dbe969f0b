import { Migration } from '@mikro-orm/migrations';

/**
 * A withdrawal request as one statement (issue 18): `request_withdrawal(...)` does in one round trip what the service
 * did in eight. It locks the wallet row, then looks the idempotency key up (a statement of its own, so under READ
 * COMMITTED it sees a same-key request that committed while this one waited for the lock), checks the balance,
 * moves the money wallet → payout clearing (the transfer, its two entries, both balances) and writes the withdrawal,
 * its audit entry and the customer's notice, the same rows the ORM wrote. Refusals come back as an outcome (nothing
 * written): CARD_REQUIRED, IDEMPOTENCY_KEY_REUSED, REFUSED (with the available balance; the service words the error)
 * and LEDGER_LIMIT_EXCEEDED. Ids and texts come from the service (UUIDv7, the Russian wording).
 */
export class Migration20261130181500_request_withdrawal_function extends Migration {
  override name = 'Migration20261130181500_request_withdrawal_function';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function request_withdrawal(
  p_user_id uuid, p_idempotency_key varchar, p_fingerprint varchar, p_amount bigint,
  p_destination_kind text, p_recipient_name varchar, p_bik varchar, p_account_number varchar,
  p_ids uuid[], p_hold_description varchar, p_message text, p_limit bigint, p_minimum bigint)
returns table (
  outcome text, available bigint,
  id uuid, user_id uuid, amount bigint, destination_kind text, recipient_name varchar, bik varchar,
  account_number varchar, status text, attempt int, failure_code text, idempotency_key varchar,
  request_fingerprint varchar, lease_until timestamptz, lease_token uuid, created_at timestamptz,
  updated_at timestamptz, completed_at timestamptz)
language plpgsql volatile as $body$
#variable_conflict use_column
declare
  -- p_ids: 1 withdrawal, 2 transfer, 3 and 4 its entries (wallet, clearing), 5 audit entry, 6 message, 7 a clearing
  -- account if the user has none yet
  v_withdrawal uuid := p_ids[1];
  v_wallet uuid;
  v_balance bigint;
  v_phone varchar;
  v_clearing uuid;
  v_existing uuid;
  v_existing_fingerprint varchar;
begin
  if p_destination_kind = 'CARD' and not exists (
    select 1 from card_application c where c.user_id = p_user_id and c.status = 'ISSUED') then
    outcome := 'CARD_REQUIRED';
    return next;
    return;
  end if;

  -- The wallet row lock orders everything that moves this user's money (see the service).
  select a.id, a.balance, u.phone, c.id into v_wallet, v_balance, v_phone, v_clearing
    from ledger_account a
    join app_user u on u.id = a.user_id
    left join ledger_account c on c.kind = 'PAYOUT_CLEARING' and c.user_id = a.user_id
   where a.kind = 'USER_WALLET' and a.user_id = p_user_id
   for update of a;

  -- A new statement, so a new snapshot: a same-key request that held the lock before this one is visible here.
  select w.id, w.request_fingerprint into v_existing, v_existing_fingerprint
    from withdrawal w where w.user_id = p_user_id and w.idempotency_key = p_idempotency_key;
  if v_existing is not null then
    if v_existing_fingerprint <> p_fingerprint then
      outcome := 'IDEMPOTENCY_KEY_REUSED';
      return next;
      return;
    end if;
    return query select 'EXISTING'::text, null::bigint, w.id, w.user_id, w.amount, w.destination_kind,
        w.recipient_name, w.bik, w.account_number, w.status, w.attempt, w.failure_code, w.idempotency_key,
        w.request_fingerprint, w.lease_until, w.lease_token, w.created_at, w.updated_at, w.completed_at
      from withdrawal w where w.id = v_existing;
    return;
  end if;

  -- The service's checkAmount: at least the minimum, or the whole balance below it; never more than the balance.
  v_balance := coalesce(v_balance, 0);
  if v_balance <= 0 or p_amount > v_balance
     or (v_balance < p_minimum and p_amount <> v_balance)
     or (v_balance >= p_minimum and p_amount < p_minimum) then
    outcome := 'REFUSED';
    available := v_balance;
    return next;
    return;
  end if;

  if v_clearing is null then
    insert into ledger_account as a (id, kind, user_id, balance, created_at)
      values (p_ids[7], 'PAYOUT_CLEARING', p_user_id, 0, now())
      on conflict (kind, user_id) do nothing returning a.id into v_clearing;
    if v_clearing is null then
      select a.id into v_clearing from ledger_account a where a.kind = 'PAYOUT_CLEARING' and a.user_id = p_user_id;
    end if;
  end if;

  -- The transfer: both balances within the ledger's limit, the wallet never below zero (it is locked and checked).
  update ledger_account a set balance = a.balance + p_amount
   where a.id = v_clearing and a.balance <= p_limit - p_amount;
  if not found then
    outcome := 'LEDGER_LIMIT_EXCEEDED';
    return next;
    return;
  end if;
  update ledger_account a set balance = a.balance - p_amount where a.id = v_wallet and a.balance >= p_amount;
  if not found then
    raise exception 'wallet % changed under its lock', v_wallet;
  end if;
  insert into ledger_transfer (id, idempotency_key, kind, debit_account_id, credit_account_id, amount, reference,
      description, created_at)
    values (p_ids[2], 'withdrawal:' || v_withdrawal || ':hold:1', 'WITHDRAWAL_HOLD', v_wallet, v_clearing, p_amount,
      v_withdrawal::text, p_hold_description, now());
  insert into ledger_entry (id, transfer_id, account_id, amount, created_at)
    values (p_ids[3], p_ids[2], v_wallet, -p_amount, now()), (p_ids[4], p_ids[2], v_clearing, p_amount, now());

  insert into withdrawal (id, user_id, amount, destination_kind, recipient_name, bik, account_number, status, attempt,
      failure_code, idempotency_key, request_fingerprint, lease_until, lease_token, created_at, updated_at,
      completed_at)
    values (v_withdrawal, p_user_id, p_amount, p_destination_kind, p_recipient_name, p_bik, p_account_number,
      'PENDING', 1, null, p_idempotency_key, p_fingerprint, null, null, now(), now(), null);
  insert into audit_entry (id, actor_id, action, subject_type, subject_id, before, after, request_id, created_at)
    values (p_ids[5], p_user_id, 'withdrawal.requested', 'Withdrawal', v_withdrawal::text, null,
      jsonb_build_object('amount', p_amount::text, 'destination', p_destination_kind), null, now());
  insert into outbound_message (id, channel, "to", device_token, user_id, purpose, subject, text, secret, status,
      attempts, next_attempt_at, lease_until, lease_token, last_error, provider, created_at, sent_at)
    values (p_ids[6], 'SECURITY_CHAT', v_phone, null, p_user_id, 'withdrawal_requested', null, p_message, null,
      'QUEUED', 0, now(), null, null, null, null, now(), null);

  return query select 'CREATED'::text, null::bigint, v_withdrawal, p_user_id, p_amount, p_destination_kind,
    p_recipient_name, p_bik, p_account_number, 'PENDING'::text, 1, null::text, p_idempotency_key, p_fingerprint,
    null::timestamptz, null::uuid, now(), now(), null::timestamptz;
end
$body$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(
      `drop function if exists request_withdrawal(uuid, varchar, varchar, bigint, text, varchar, varchar, varchar, uuid[], varchar, text, bigint, bigint);`,
    );
  }
}
