import type { Em } from '../../db/orm.js';
import { DomainError, idempotencyKeyReused } from '../../lib/errors.js';
import { LEDGER_BALANCE_LIMIT } from '../../lib/scalars.js';
import { walletError } from './wallet.errors.js';
import { newId } from '../../lib/ids.js';
import { PLATFORM_OWNER, type AccountKind, type TransferKind } from './wallet.entity.js';

export interface TransferRequest {
  idempotencyKey: string;
  kind: TransferKind;
  debitAccountId: string;
  creditAccountId: string;
  amount: bigint;
  reference?: string | null;
  description: string;
}

/**
 * The account of a kind and owner, created on first use, in one statement. Payout clearing is per user (like the
 * wallet): a single platform-wide clearing row would be updated by every withdrawal and serialise them all.
 */
export async function accountOf(em: Em, kind: AccountKind, userId: string = PLATFORM_OWNER): Promise<{ id: string }> {
  const [row] = await em.execute<Array<{ id: string }>>(
    `with created as (
       insert into ledger_account (id, kind, user_id, balance, created_at) values (?, ?, ?, 0, now())
       on conflict (kind, user_id) do nothing returning id)
     select id from created union all select id from ledger_account where kind = ? and user_id = ?`,
    [newId(), kind, userId, kind, userId],
  );
  if (row) return row;
  // Created by a concurrent transaction that committed while this statement waited (its snapshot predates it).
  const [again] = await em.execute<Array<{ id: string }>>(
    'select id from ledger_account where kind = ? and user_id = ?',
    [kind, userId],
  );
  if (!again) throw new Error(`ledger account ${kind}/${userId} was neither created nor found`);
  return again;
}

/**
 * Moves money inside the caller's transaction: one transfer, two entries that sum to zero, both balances updated.
 * Idempotent by key: the same key again returns without moving anything (and refuses different parameters).
 * A user wallet is never overdrawn: its debit is a conditional update, which also serialises concurrent debits.
 * No balance leaves ±LEDGER_BALANCE_LIMIT (LEDGER_LIMIT_EXCEEDED), so no account can overflow its bigint column.
 */
export async function transfer(em: Em, request: TransferRequest): Promise<{ applied: boolean; transferId: string }> {
  if (request.amount <= 0n) throw new DomainError('BAD_USER_INPUT', 'Amounts are positive');
  if (request.debitAccountId === request.creditAccountId) {
    throw new DomainError('BAD_USER_INPUT', 'A transfer moves money between two different accounts');
  }
  const id = newId();
  const amount = request.amount.toString();
  // One statement: the transfer, its two entries and both balances. Nothing happens when the key was used before;
  // the debit of a user wallet happens only if the balance covers it (and then the caller's transaction rolls back).
  const limit = LEDGER_BALANCE_LIMIT.toString();
  const [result] = await em.execute<
    Array<{ transfer_id: string | null; debited: boolean; credited: boolean; overdrawn: boolean }>
  >(
    `with transfer as (
       insert into ledger_transfer (id, idempotency_key, kind, debit_account_id, credit_account_id, amount, reference, description, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, now()) on conflict (idempotency_key) do nothing returning id),
     entries as (
       insert into ledger_entry (id, transfer_id, account_id, amount, created_at)
       select entry.id, transfer.id, entry.account_id, entry.amount, now()
         from transfer, (values (?::uuid, ?::uuid, ?::bigint), (?::uuid, ?::uuid, ?::bigint)) as entry(id, account_id, amount)),
     debited as (
       update ledger_account set balance = balance - ?::bigint
        where id = ? and exists (select 1 from transfer) and (kind <> 'USER_WALLET' or balance >= ?::bigint)
          and balance >= ?::bigint - ?::bigint
        returning id),
     credited as (
       update ledger_account set balance = balance + ?::bigint
        where id = ? and exists (select 1 from debited) and balance <= ?::bigint - ?::bigint
        returning id)
     select (select id from transfer) as transfer_id, exists (select 1 from debited) as debited,
            exists (select 1 from credited) as credited,
            exists (select 1 from ledger_account where id = ? and kind = 'USER_WALLET' and balance < ?::bigint) as overdrawn`,
    [
      id,
      request.idempotencyKey,
      request.kind,
      request.debitAccountId,
      request.creditAccountId,
      amount,
      request.reference ?? null,
      request.description,
      newId(),
      request.debitAccountId,
      (-request.amount).toString(),
      newId(),
      request.creditAccountId,
      amount,
      // debited: the amount, the account, a wallet's cover, the lower limit (amount - limit)
      amount,
      request.debitAccountId,
      amount,
      amount,
      limit,
      // credited: the amount, the account, the upper limit (limit - amount)
      amount,
      request.creditAccountId,
      limit,
      amount,
      // overdrawn: whether a wallet's balance (before this statement) was short
      request.debitAccountId,
      amount,
    ],
  );
  if (result?.transfer_id) {
    if (!result.debited && result.overdrawn) {
      throw new DomainError('INSUFFICIENT_FUNDS', 'The available balance does not cover the amount');
    }
    if (!result.debited || !result.credited) {
      throw walletError('LEDGER_LIMIT_EXCEEDED', 'This would take a ledger account past its limit; nothing was moved');
    }
    return { applied: true, transferId: result.transfer_id };
  }
  const [existing] = await em.execute<
    Array<{ id: string; debit_account_id: string; credit_account_id: string; amount: string }>
  >('select id, debit_account_id, credit_account_id, amount from ledger_transfer where idempotency_key = ?', [
    request.idempotencyKey,
  ]);
  if (
    !existing ||
    existing.debit_account_id !== request.debitAccountId ||
    existing.credit_account_id !== request.creditAccountId ||
    BigInt(existing.amount) !== request.amount
  ) {
    throw idempotencyKeyReused('This idempotency key was used for a different transfer');
  }
  return { applied: false, transferId: existing.id };
}
