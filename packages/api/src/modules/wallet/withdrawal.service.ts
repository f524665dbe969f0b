import { type Connection, type PageRequest, entityKeyset, findPage } from '../../lib/connection.js';
import { LockMode } from '@mikro-orm/core';
import { messages } from '../notify/messages.js';
import { sha256Hex } from '../../lib/checks.js';
import type { Em } from '../../db/orm.js';
import type { Viewer } from '../../lib/context.js';
import { DomainError, idempotencyKeyReused, notFound } from '../../lib/errors.js';
import { walletError } from './wallet.errors.js';
import { isUuid, newId, pgArray } from '../../lib/ids.js';
import { formatRubles, LEDGER_BALANCE_LIMIT } from '../../lib/scalars.js';
import { queryPrepared } from '../../db/prepared.js';
import { recordAudit } from '../audit/audit.service.js';
import { User } from '../identity/identity.entity.js';
import { validBankAccount } from './bank-account.js';
import { accountOf, transfer } from './ledger.js';
import { HELD_WITHDRAWAL_STATUSES, Withdrawal, type WithdrawalStatus } from './wallet.entity.js';
import type { WalletNotices } from './wallet.notices.js';

/** 100 rubles, in kopecks. */
export const WITHDRAWAL_MINIMUM = 10_000n;

export interface WithdrawalInput {
  amount: bigint;
  destination: {
    kind: 'CARD' | 'BANK_ACCOUNT';
    recipientName?: string | null;
    bik?: string | null;
    accountNumber?: string | null;
  };
  idempotencyKey: string;
}

const masked = (account: string | null | undefined) => (account ? `•••• ${account.slice(-4)}` : null);

/** The hold transfer's description, as the wallet's statement shows it. */
const holdDescription = (kind: Withdrawal['destinationKind'], accountNumber: string | null | undefined) =>
  kind === 'CARD' ? 'Вывод на карту маркетплейса' : `Вывод на счёт ${masked(accountNumber)}`;

/** The settle transfer's key (once per attempt) and description, for one payout and for a batch alike. */
const settleKey = (withdrawal: Pick<Withdrawal, 'id' | 'attempt'>) =>
  `withdrawal:${withdrawal.id}:settle:${withdrawal.attempt}`;
const SETTLE_DESCRIPTION = 'Выплата отправлена в банк';

/** The withdrawal request's one statement; see the migration that creates the function. */
const REQUEST_WITHDRAWAL = `select * from request_withdrawal($1::uuid, $2::varchar, $3::varchar, $4::bigint, $5::text,
  $6::varchar, $7::varchar, $8::varchar, $9::uuid[], $10::varchar, $11::text, $12::bigint, $13::bigint)`;

interface RequestWithdrawalRow {
  outcome: 'CREATED' | 'EXISTING' | 'CARD_REQUIRED' | 'IDEMPOTENCY_KEY_REUSED' | 'REFUSED' | 'LEDGER_LIMIT_EXCEEDED';
  available: string | null;
  id: string;
  user_id: string;
  amount: string;
  destination_kind: Withdrawal['destinationKind'];
  recipient_name: string | null;
  bik: string | null;
  account_number: string | null;
  status: Withdrawal['status'];
  attempt: number;
  failure_code: Withdrawal['failureCode'];
  idempotency_key: string;
  request_fingerprint: string;
  lease_until: Date | null;
  lease_token: string | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

/**
 * Withdrawals: they hold funds at request time and settle or release them when the payout ends; staff cancel,
 * retry and resolve them. The payout worker (payout.worker.ts) takes them to the bank.
 */
export class WithdrawalService {
  constructor(
    private readonly deps: {
      notices: WalletNotices;
      /** A payout is waiting for the bank (the payout worker wakes). */
      payoutsWaiting: () => void;
    },
  ) {}

  // ---- withdrawals ----

  async requestWithdrawal(em: Em, viewer: Viewer, input: WithdrawalInput): Promise<Withdrawal> {
    // The shape of the request was checked at the input boundary (declared on RequestWithdrawalInput and its
    // destination); then the requisites against each other, then state (the card, the balance).
    const destination = destinationOf(input.destination);
    if (destination.bik && destination.accountNumber && !validBankAccount(destination.bik, destination.accountNumber)) {
      throw new DomainError('INVALID_BANK_ACCOUNT', 'The account number does not match the BIK; check both', {
        bik: destination.bik,
      });
    }
    const fingerprint = sha256Hex(JSON.stringify([input.amount.toString(), destination]));
    // One statement, one round trip (request_withdrawal, migration 20261130181500): it checks the card, locks the
    // wallet row, then looks the key up (a statement of its own: a same-key retry that waited for the lock finds the
    // first), checks the balance and writes the hold transfer (entries, both balances), the withdrawal, its audit
    // entry and the customer's notice. State refusals come back as an outcome, with nothing written.
    const id = newId();
    const [row] = await queryPrepared<RequestWithdrawalRow>(em, REQUEST_WITHDRAWAL, [
      viewer.userId,
      input.idempotencyKey,
      fingerprint,
      input.amount.toString(),
      destination.destinationKind,
      destination.recipientName,
      destination.bik,
      destination.accountNumber,
      pgArray([id, newId(), newId(), newId(), newId(), newId(), newId()]),
      holdDescription(destination.destinationKind, destination.accountNumber),
      messages.withdrawalRequested(input.amount),
      LEDGER_BALANCE_LIMIT.toString(),
      WITHDRAWAL_MINIMUM.toString(),
    ]);
    switch (row?.outcome) {
      case 'CARD_REQUIRED':
        throw walletError(
          'CARD_REQUIRED',
          'You have no marketplace card yet; withdraw to a bank account or apply for the card',
        );
      case 'IDEMPOTENCY_KEY_REUSED':
        throw idempotencyKeyReused('This idempotency key was used for a different withdrawal');
      case 'REFUSED':
        checkAmount(input.amount, BigInt(row.available ?? 0));
        throw new Error(`request_withdrawal refused ${input.amount} of ${row.available} that checkAmount accepts`);
      case 'LEDGER_LIMIT_EXCEEDED':
        throw walletError(
          'LEDGER_LIMIT_EXCEEDED',
          'This would take a ledger account past its limit; nothing was moved',
        );
      case 'CREATED':
      case 'EXISTING':
        break;
      default:
        throw new Error(`request_withdrawal answered ${JSON.stringify(row?.outcome)}`);
    }
    const withdrawal: Withdrawal = {
      id: row.id,
      userId: row.user_id,
      amount: BigInt(row.amount),
      destinationKind: row.destination_kind,
      recipientName: row.recipient_name,
      bik: row.bik,
      accountNumber: row.account_number,
      status: row.status,
      attempt: row.attempt,
      failureCode: row.failure_code,
      idempotencyKey: row.idempotency_key,
      requestFingerprint: row.request_fingerprint,
      leaseUntil: row.lease_until,
      leaseToken: row.lease_token,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      completedAt: row.completed_at && new Date(row.completed_at),
    };
    if (row.outcome === 'CREATED') {
      await this.deps.notices.changed(viewer.userId);
      this.deps.payoutsWaiting();
    }
    return withdrawal;
  }

  private async hold(
    em: Em,
    withdrawal: Withdrawal,
    walletAccountId: string,
    clearingAccountId: string | null = null,
  ): Promise<void> {
    const clearing = clearingAccountId
      ? { id: clearingAccountId }
      : await accountOf(em, 'PAYOUT_CLEARING', withdrawal.userId);
    await transfer(em, {
      idempotencyKey: `withdrawal:${withdrawal.id}:hold:${withdrawal.attempt}`,
      kind: 'WITHDRAWAL_HOLD',
      debitAccountId: walletAccountId,
      creditAccountId: clearing.id,
      amount: withdrawal.amount,
      reference: withdrawal.id,
      description: holdDescription(withdrawal.destinationKind, withdrawal.accountNumber),
    });
  }

  private async release(em: Em, withdrawal: Withdrawal, why: string): Promise<void> {
    // The wallet first, as a withdrawal request locks it: both then take the two rows in the same order. (It
    // exists: the money being released came from it.)
    const [wallet] = await em.execute<Array<{ id: string }>>(
      `select id from ledger_account where kind = 'USER_WALLET' and user_id = ? for update`,
      [withdrawal.userId],
    );
    if (!wallet) throw new Error(`payout ${withdrawal.id} has no wallet to return the money to`);
    const clearing = await accountOf(em, 'PAYOUT_CLEARING', withdrawal.userId);
    await transfer(em, {
      idempotencyKey: `withdrawal:${withdrawal.id}:release:${withdrawal.attempt}`,
      kind: 'WITHDRAWAL_RELEASE',
      debitAccountId: clearing.id,
      creditAccountId: wallet.id,
      amount: withdrawal.amount,
      reference: withdrawal.id,
      description: why,
    });
  }

  /**
   * Staff: cancels a payout that has not gone to the bank yet (its funds return to the wallet), or closes a failed
   * one that will not be retried (its funds returned when it failed), so that it leaves the failed list.
   */
  async cancel(em: Em, staff: Viewer, id: string, requestId: string): Promise<Withdrawal> {
    const withdrawal = await em.transactional(async (tx) => {
      const found = await this.lock(tx, id);
      if (found.status !== 'PENDING' && found.status !== 'FAILED')
        throw walletError(
          'PAYOUT_NOT_CANCELLABLE',
          `Only a pending or failed payout can be cancelled; this one is ${found.status}`,
          { status: found.status },
        );
      const before = found.status;
      if (before === 'PENDING') await this.release(tx, found, 'Вывод отменён, деньги возвращены');
      found.status = 'CANCELLED';
      recordAudit(tx, {
        actorId: staff.userId,
        action: 'payout.cancelled',
        subjectType: 'Withdrawal',
        subjectId: found.id,
        before: { status: before },
        after: { status: 'CANCELLED' },
        requestId,
      });
      this.deps.notices.tell(
        tx,
        await tx.findOneOrFail(User, { id: found.userId }),
        'withdrawal_cancelled',
        messages.withdrawalCancelled(found.amount, before === 'PENDING'),
      );
      return found;
    });
    await this.deps.notices.changed(withdrawal.userId);
    return withdrawal;
  }

  /**
   * Staff: sends a failed payout again, holding the funds again (if the balance still covers them) under a new
   * attempt; or asks the bank again about a payout whose outcome is unknown, with the same idempotency key (the bank
   * answers without paying twice), its funds still held.
   */
  async retry(em: Em, staff: Viewer, id: string, requestId: string): Promise<Withdrawal> {
    const withdrawal = await em.transactional(async (tx) => {
      const found = await this.lock(tx, id);
      if (found.status !== 'FAILED' && found.status !== 'UNKNOWN')
        throw walletError(
          'PAYOUT_NOT_RETRYABLE',
          `Only a failed payout or one with an unknown outcome can be retried; this one is ${found.status}`,
          { status: found.status },
        );
      const before = found.status;
      found.status = 'PENDING';
      found.failureCode = null;
      if (before === 'FAILED') {
        found.attempt += 1;
        await tx.flush();
        await this.hold(tx, found, (await accountOf(tx, 'USER_WALLET', found.userId)).id);
      }
      recordAudit(tx, {
        actorId: staff.userId,
        action: 'payout.retried',
        subjectType: 'Withdrawal',
        subjectId: found.id,
        before: { status: before },
        after: { attempt: found.attempt },
        requestId,
      });
      return found;
    });
    await this.deps.notices.changed(withdrawal.userId);
    this.deps.payoutsWaiting();
    return withdrawal;
  }

  /**
   * Staff: settles a payout whose outcome is unknown after checking with the bank: COMPLETED (the money left: it is
   * settled) or FAILED (it did not: the money returns to the wallet).
   */
  async resolve(
    em: Em,
    staff: Viewer,
    id: string,
    outcome: 'COMPLETED' | 'FAILED',
    note: string | null,
    requestId: string,
  ): Promise<Withdrawal> {
    const withdrawal = await em.transactional(async (tx) => {
      const found = await this.lock(tx, id);
      if (found.status !== 'UNKNOWN')
        throw walletError(
          'PAYOUT_NOT_RESOLVABLE',
          `Only a payout with an unknown outcome can be resolved; this one is ${found.status}`,
          { status: found.status },
        );
      const user = await tx.findOneOrFail(User, { id: found.userId });
      if (outcome === 'COMPLETED') await this.settle(tx, found, user);
      else await this.fail(tx, found, user, note?.trim() || 'the bank did not pay it');
      recordAudit(tx, {
        actorId: staff.userId,
        action: 'payout.resolved',
        subjectType: 'Withdrawal',
        subjectId: found.id,
        before: { status: 'UNKNOWN' },
        after: { status: outcome, note },
        requestId,
      });
      return found;
    });
    await this.deps.notices.changed(withdrawal.userId);
    return withdrawal;
  }

  private async lock(em: Em, id: string): Promise<Withdrawal> {
    const found = isUuid(id) ? await em.findOne(Withdrawal, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!found) throw notFound('Payout');
    return found;
  }

  /** Withdrawals newest first (all for staff, filtered; or one user's): keyset on the time-ordered id. */
  payouts(
    em: Em,
    filter: { status?: WithdrawalStatus | null; userId?: string | null },
    request: PageRequest,
  ): Promise<Connection<Withdrawal>> {
    return findPage(
      em,
      Withdrawal,
      WITHDRAWALS,
      {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.userId && isUuid(filter.userId) ? { userId: filter.userId } : {}),
      },
      request,
    );
  }

  /**
   * Every withdrawal of one user that still holds money (PENDING, PROCESSING, UNKNOWN), newest first: however many
   * finished ones are newer. Bounded by the balance it holds (each at least the minimum withdrawal).
   */
  held(em: Em, userId: string): Promise<Withdrawal[]> {
    return em.find(Withdrawal, { userId, status: { $in: [...HELD_WITHDRAWAL_STATUSES] } }, { orderBy: { id: 'desc' } });
  }

  myWithdrawal(em: Em, viewer: Viewer, id: string): Promise<Withdrawal | null> {
    return isUuid(id) ? em.findOne(Withdrawal, { id, userId: viewer.userId }) : Promise.resolve(null);
  }

  /** The bank paid: the held money leaves the clearing account for good (once per attempt, by the transfer key). */
  async settle(tx: Em, current: Withdrawal, user: User): Promise<void> {
    const clearing = await accountOf(tx, 'PAYOUT_CLEARING', current.userId);
    const settled = await accountOf(tx, 'PAYOUTS_SETTLED');
    await transfer(tx, {
      idempotencyKey: settleKey(current),
      kind: 'WITHDRAWAL_SETTLE',
      debitAccountId: clearing.id,
      creditAccountId: settled.id,
      amount: current.amount,
      reference: current.id,
      description: SETTLE_DESCRIPTION,
    });
    current.status = 'COMPLETED';
    current.failureCode = null;
    current.completedAt = new Date();
    recordAudit(tx, {
      actorId: null,
      action: 'withdrawal.completed',
      subjectType: 'Withdrawal',
      subjectId: current.id,
    });
    this.deps.notices.tell(tx, user, 'withdrawal_completed', messages.withdrawalCompleted(current.amount));
  }

  /**
   * The bank paid each of these (PROCESSING, locked by the caller, still under its claim): what `settle` does for
   * one, for all of them in a fixed number of statements (a payout batch). Each gets its settle transfer (once per
   * attempt, by the transfer key), its two entries, COMPLETED, its audit entry and the customer's notice; each
   * clearing account moves by its withdrawals' sum and the settled account by the batch's. Clearing accounts are
   * locked in id order first, so batches of two instances cannot deadlock on them. LEDGER_LIMIT_EXCEEDED (nothing
   * written: the caller's transaction rolls back) if an account would leave ±LEDGER_BALANCE_LIMIT.
   */
  async settlePaid(
    tx: Em,
    paid: ReadonlyArray<Pick<Withdrawal, 'id' | 'userId' | 'amount' | 'attempt'>>,
  ): Promise<void> {
    if (paid.length === 0) return;
    const users = [...new Set(paid.map((withdrawal) => withdrawal.userId))];
    await tx.execute(
      `select id from ledger_account where kind = 'PAYOUT_CLEARING' and user_id in (select unnest(?::uuid[]))
        order by id for update`,
      [pgArray(users)],
    );
    const settled = await accountOf(tx, 'PAYOUTS_SETTLED');
    const transferIds = paid.map(() => newId());
    const limit = LEDGER_BALANCE_LIMIT.toString();
    const [result] = await tx.execute<
      Array<{ without_clearing: string; applied: string[]; debit_accounts: string; debited: string; credited: string }>
    >(
      `with input as (
         select * from unnest(?::uuid[], ?::uuid[], ?::bigint[], ?::int[], ?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[],
                              ?::uuid[], ?::text[])
           as i(withdrawal_id, user_id, amount, attempt, transfer_id, debit_entry_id, credit_entry_id, audit_id,
                message_id, text)),
       clearing as (
         select a.id, a.user_id from ledger_account a
          where a.kind = 'PAYOUT_CLEARING' and a.user_id in (select user_id from input)),
       transfers as (
         insert into ledger_transfer (id, idempotency_key, kind, debit_account_id, credit_account_id, amount, reference,
                                      description, created_at)
         select i.transfer_id, 'withdrawal:' || i.withdrawal_id || ':settle:' || i.attempt, 'WITHDRAWAL_SETTLE', c.id,
                ?::uuid, i.amount, i.withdrawal_id::text, ?, now()
           from input i join clearing c on c.user_id = i.user_id
         on conflict (idempotency_key) do nothing
         returning id, debit_account_id, amount),
       entries as (
         insert into ledger_entry (id, transfer_id, account_id, amount, created_at)
         select e.id, t.id, e.account_id, e.amount, now()
           from transfers t join input i on i.transfer_id = t.id,
                lateral (values (i.debit_entry_id, t.debit_account_id, -t.amount), (i.credit_entry_id, ?::uuid, t.amount))
                  as e(id, account_id, amount)),
       debited as (
         update ledger_account a set balance = a.balance - d.total
           from (select debit_account_id, sum(amount)::bigint as total from transfers group by debit_account_id) d
          where a.id = d.debit_account_id and a.balance - d.total >= -?::bigint
         returning a.id),
       credited as (
         update ledger_account a set balance = a.balance + s.total
           from (select sum(amount)::bigint as total from transfers having count(*) > 0) s
          where a.id = ?::uuid and a.balance + s.total <= ?::bigint
         returning a.id),
       completed as (
         update withdrawal w set status = 'COMPLETED', failure_code = null, completed_at = now(), lease_until = null,
                lease_token = null, updated_at = now()
          where w.id in (select withdrawal_id from input)),
       audited as (
         insert into audit_entry (id, actor_id, action, subject_type, subject_id, before, after, request_id, created_at)
         select audit_id, null, 'withdrawal.completed', 'Withdrawal', withdrawal_id::text, null, null, null, now()
           from input),
       told as (
         insert into outbound_message (id, channel, "to", device_token, user_id, purpose, subject, text, secret, status,
                                       attempts, next_attempt_at, lease_until, lease_token, last_error, provider,
                                       created_at, sent_at)
         select i.message_id, 'SECURITY_CHAT', u.phone, null, i.user_id, 'withdrawal_completed', null, i.text, null,
                'QUEUED', 0, now(), null, null, null, null, now(), null
           from input i join app_user u on u.id = i.user_id)
       select (select count(*) from input i where not exists (select 1 from clearing c where c.user_id = i.user_id))
                as without_clearing,
              array(select id from transfers) as applied,
              (select count(distinct debit_account_id) from transfers) as debit_accounts,
              (select count(*) from debited) as debited,
              (select count(*) from credited) as credited`,
      [
        pgArray(paid.map((withdrawal) => withdrawal.id)),
        pgArray(paid.map((withdrawal) => withdrawal.userId)),
        pgArray(paid.map((withdrawal) => withdrawal.amount.toString())),
        pgArray(paid.map((withdrawal) => String(withdrawal.attempt))),
        pgArray(transferIds),
        pgArray(paid.map(() => newId())),
        pgArray(paid.map(() => newId())),
        pgArray(paid.map(() => newId())),
        pgArray(paid.map(() => newId())),
        pgArray(paid.map((withdrawal) => messages.withdrawalCompleted(withdrawal.amount))),
        settled.id,
        SETTLE_DESCRIPTION,
        settled.id,
        limit,
        settled.id,
        limit,
      ],
    );
    // Held money sits in the user's clearing account, made with the hold: none means the hold never happened.
    if (Number(result!.without_clearing) > 0) throw new Error('a paid withdrawal has no payout clearing account');
    const applied = new Set(result!.applied);
    const debitAccounts = Number(result!.debit_accounts);
    if (Number(result!.debited) !== debitAccounts || (applied.size > 0 && Number(result!.credited) !== 1)) {
      throw walletError('LEDGER_LIMIT_EXCEEDED', 'This would take a ledger account past its limit; nothing was moved');
    }
    // A settle key used before (the transfer exists): nothing moved again; it must be this very transfer.
    const again = paid.filter((_, index) => !applied.has(transferIds[index]!));
    if (again.length > 0) {
      const existing = await tx.execute<Array<{ idempotency_key: string; credit_account_id: string; amount: string }>>(
        `select t.idempotency_key, t.credit_account_id, t.amount from ledger_transfer t
          where t.idempotency_key in (select unnest(?::varchar[]))`,
        [pgArray(again.map((withdrawal) => settleKey(withdrawal)))],
      );
      const byKey = new Map(existing.map((row) => [row.idempotency_key, row]));
      for (const withdrawal of again) {
        const found = byKey.get(settleKey(withdrawal));
        if (!found || found.credit_account_id !== settled.id || BigInt(found.amount) !== withdrawal.amount) {
          throw idempotencyKeyReused('This idempotency key was used for a different transfer');
        }
      }
    }
  }

  /** The bank refused: the held money returns to the wallet. */
  async fail(tx: Em, current: Withdrawal, user: User, reason: string): Promise<void> {
    await this.release(tx, current, 'Выплата не прошла, деньги возвращены');
    current.status = 'FAILED';
    current.failureCode = 'BANK_REJECTED';
    recordAudit(tx, {
      actorId: null,
      action: 'withdrawal.failed',
      subjectType: 'Withdrawal',
      subjectId: current.id,
      // The bank's own words (or staff's note), for staff only: customers and the API get the code.
      after: { failureCode: 'BANK_REJECTED', reason },
    });
    this.deps.notices.tell(tx, user, 'withdrawal_failed', messages.withdrawalFailed(current.amount));
  }
}

/**
 * At least 100 rubles; when the available balance is below 100 rubles, only the whole balance. Never more than
 * the available balance.
 */
export function checkAmount(amount: bigint, available: bigint): void {
  if (available <= 0n || amount > available) {
    throw new DomainError('INSUFFICIENT_FUNDS', `The available balance is ${formatRubles(available)}`, {
      available: available.toString(),
    });
  }
  if (available < WITHDRAWAL_MINIMUM) {
    if (amount !== available) {
      throw new DomainError(
        'WITHDRAWAL_BELOW_MINIMUM',
        `Below 100 rubles only the whole balance can be withdrawn: ${formatRubles(available)}`,
        {
          allowedAmount: available.toString(),
          minimum: WITHDRAWAL_MINIMUM.toString(),
        },
      );
    }
    return;
  }
  if (amount < WITHDRAWAL_MINIMUM) {
    throw new DomainError('WITHDRAWAL_BELOW_MINIMUM', 'The smallest withdrawal is 100 rubles', {
      allowedAmount: WITHDRAWAL_MINIMUM.toString(),
      minimum: WITHDRAWAL_MINIMUM.toString(),
    });
  }
}

/**
 * Where a withdrawal goes, normalised. Its shape (nothing besides the kind for a card; name, BIK and account for a
 * bank account) is declared on WithdrawalDestinationInput and checked at the input boundary with every other field.
 */
function destinationOf(destination: WithdrawalInput['destination']) {
  if (destination.kind === 'CARD') {
    return { destinationKind: 'CARD' as const, recipientName: null, bik: null, accountNumber: null };
  }
  return {
    destinationKind: 'BANK_ACCOUNT' as const,
    recipientName: destination.recipientName?.trim() ?? '',
    bik: destination.bik?.trim() ?? '',
    accountNumber: destination.accountNumber?.replace(/\s/g, '') ?? '',
  };
}

const WITHDRAWALS = entityKeyset<Withdrawal>({ list: 'withdrawals', keys: { id: 'id' }, direction: 'desc' });
