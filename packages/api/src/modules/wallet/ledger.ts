import type { Em } from '../../db/orm.js';
import { DomainError, conflict } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { LedgerAccount, PLATFORM_OWNER, type AccountKind, type TransferKind } from './wallet.entity.js';

export interface TransferRequest {
  idempotencyKey: string;
  kind: TransferKind;
  debitAccountId: string;
  creditAccountId: string;
  amount: bigint;
  reference?: string | null;
  description: string;
}

/** The account of a kind (and owner, for wallets), created on first use. */
export async function accountOf(em: Em, kind: AccountKind, userId: string = PLATFORM_OWNER): Promise<LedgerAccount> {
  await em.execute(
    `insert into ledger_account (id, kind, user_id, balance, created_at) values (?, ?, ?, 0, now())
     on conflict (kind, user_id) do nothing`,
    [newId(), kind, userId],
  );
  return em.findOneOrFail(LedgerAccount, { kind, userId }, { refresh: true });
}

/**
 * Moves money inside the caller's transaction: one transfer, two entries that sum to zero, both balances updated.
 * Idempotent by key: the same key again returns without moving anything (and refuses different parameters).
 * A user wallet is never overdrawn: its debit is a conditional update, which also serialises concurrent debits.
 */
export async function transfer(em: Em, request: TransferRequest): Promise<{ applied: boolean; transferId: string }> {
  if (request.amount <= 0n) throw new DomainError('BAD_USER_INPUT', 'Amounts are positive');
  const id = newId();
  const inserted = await em.execute<Array<{ id: string }>>(
    `insert into ledger_transfer (id, idempotency_key, kind, debit_account_id, credit_account_id, amount, reference, description, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, now()) on conflict (idempotency_key) do nothing returning id`,
    [
      id,
      request.idempotencyKey,
      request.kind,
      request.debitAccountId,
      request.creditAccountId,
      request.amount.toString(),
      request.reference ?? null,
      request.description,
    ],
  );
  if (inserted.length === 0) {
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
      throw conflict('This idempotency key was used for a different transfer');
    }
    return { applied: false, transferId: existing.id };
  }
  const debited = await em.execute<Array<{ id: string }>>(
    `update ledger_account set balance = balance - ?
      where id = ? and (kind <> 'USER_WALLET' or balance >= ?) returning id`,
    [request.amount.toString(), request.debitAccountId, request.amount.toString()],
  );
  if (debited.length === 0)
    throw new DomainError('INSUFFICIENT_FUNDS', 'The available balance does not cover the amount');
  await em.execute('update ledger_account set balance = balance + ? where id = ?', [
    request.amount.toString(),
    request.creditAccountId,
  ]);
  await em.execute(
    `insert into ledger_entry (id, transfer_id, account_id, amount, created_at) values (?, ?, ?, ?, now()), (?, ?, ?, ?, now())`,
    [
      newId(),
      id,
      request.debitAccountId,
      (-request.amount).toString(),
      newId(),
      id,
      request.creditAccountId,
      request.amount.toString(),
    ],
  );
  return { applied: true, transferId: id };
}
