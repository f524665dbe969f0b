import { LockMode } from '@mikro-orm/core';
import { EMAIL, sha256Hex } from '../../lib/checks.js';
import type { Em, Orm } from '../../db/orm.js';
import type { Viewer } from '../../lib/context.js';
import { badInput, DomainError, idempotencyKeyReused, notFound } from '../../lib/errors.js';
import type { FieldRule } from '../../lib/field-rules.js';
import { walletError } from './wallet.errors.js';
import { isUuid, keysetCursor, newId } from '../../lib/ids.js';
import { BackgroundLoop, claimWithLease, DEFAULT_LEASE_MS, leaseEnded } from '../../lib/background-loop.js';
import type { Logger } from '../../lib/logger.js';
import { topics, type PubSub } from '../../lib/pubsub.js';
import type { RateLimits } from '../../lib/rate-limit.js';
import { formatRubles } from '../../lib/scalars.js';
import { recordAudit } from '../audit/audit.service.js';
import { User } from '../identity/identity.entity.js';
import { normalizePhone } from '../identity/phone.js';
import type { NotifyService } from '../notify/notify.service.js';
import { validBankAccount } from './bank-account.js';
import { codeWordMatches, codeWordProblem, hashCodeWord, isLegacyCodeWordHash } from './code-word.js';
import { accountOf, transfer } from './ledger.js';
import {
  CardApplication,
  HELD_WITHDRAWAL_STATUSES,
  LedgerAccount,
  Withdrawal,
  type WithdrawalStatus,
} from './wallet.entity.js';

/** 100 rubles, in kopecks. */
export const WITHDRAWAL_MINIMUM = 10_000n;
const CODE_WORD_CHECKS = { name: 'code-word-check', points: 5, durationSeconds: 3600 };

export interface WalletView {
  balance: bigint;
  available: bigint;
  held: bigint;
}

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

/** One request to the bank: the idempotency key is the withdrawal's id and attempt, the same on every re-drive. */
export interface PayoutRequest {
  idempotencyKey: string;
  withdrawal: Withdrawal;
}

/** What the bank answered: paid, or refused (the money did not leave). */
export type PayoutResult = { outcome: 'PAID' } | { outcome: 'REJECTED'; reason: string };

/**
 * Pays withdrawals out. It must honour the idempotency key: a request with a key it has seen pays nothing again and
 * answers as the first time. Throwing means no answer (a timeout, a dropped connection): the outcome is unknown.
 */
export interface PayoutProvider {
  payout(request: PayoutRequest): Promise<PayoutResult>;
}

/** The key a payout attempt goes to the bank with. */
export const payoutKey = (withdrawal: Pick<Withdrawal, 'id' | 'attempt'>) => `${withdrawal.id}:${withdrawal.attempt}`;

/**
 * A sandbox bank: it records each payment by idempotency key in its own table (so it never pays a key twice, across
 * restarts and instances), answers after `delayMs`, and refuses a recipient whose name starts with "FAIL".
 */
export class SimulatedBank implements PayoutProvider {
  constructor(
    private readonly orm: Orm,
    private readonly delayMs: number,
  ) {}

  async payout({ idempotencyKey, withdrawal }: PayoutRequest): Promise<PayoutResult> {
    const refused = withdrawal.recipientName?.toUpperCase().startsWith('FAIL') ?? false;
    const [payment] = await this.orm.em.fork().execute<Array<{ outcome: 'PAID' | 'REJECTED'; reason: string | null }>>(
      `insert into sandbox_payment (idempotency_key, withdrawal_id, amount, outcome, reason, requests, created_at)
       values (?, ?, ?, ?, ?, 1, now())
       on conflict (idempotency_key) do update set requests = sandbox_payment.requests + 1
       returning outcome, reason`,
      [
        idempotencyKey,
        withdrawal.id,
        withdrawal.amount.toString(),
        refused ? 'REJECTED' : 'PAID',
        refused ? 'The receiving bank rejected the payment' : null,
      ],
    );
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return payment?.outcome === 'PAID'
      ? { outcome: 'PAID' }
      : { outcome: 'REJECTED', reason: payment?.reason ?? 'rejected' };
  }
}

const masked = (account: string | null | undefined) => (account ? `•••• ${account.slice(-4)}` : null);

/**
 * The wallet: balances from a double-entry ledger, withdrawals that hold funds at request time and settle or
 * release them when the payout ends, staff credits, and the card application with its code word.
 */
export class WalletService {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly deps: {
      orm: Orm;
      logger: Logger;
      pubsub: PubSub;
      notify: NotifyService;
      rateLimits: RateLimits;
      provider: PayoutProvider;
      pollMs: number;
      /** How long a payout job's claim lasts; after it, another instance takes the payout over. */
      leaseMs?: number;
    },
  ) {
    this.loop = new BackgroundLoop({
      name: 'payouts',
      intervalMs: deps.pollMs,
      logger: deps.logger,
      pass: async () => {
        while ((await this.processOnce()) > 0 && !this.loop.stopped);
      },
    });
  }

  // ---- balances ----

  async wallet(em: Em, userId: string): Promise<WalletView> {
    const account = await em.findOne(LedgerAccount, { kind: 'USER_WALLET', userId });
    const available = account?.balance ?? 0n;
    const [held] = await em.execute<Array<{ sum: string | null }>>(
      `select sum(amount) as sum from withdrawal where user_id = ? and status in (?)`,
      [userId, [...HELD_WITHDRAWAL_STATUSES]],
    );
    const heldAmount = BigInt(held?.sum ?? 0);
    return { available, held: heldAmount, balance: available + heldAmount };
  }

  /** The wallet's movements, newest first. */
  async transactions(em: Em, userId: string, first: number, after: string | null) {
    const account = await em.findOne(LedgerAccount, { kind: 'USER_WALLET', userId });
    if (!account) return { items: [], hasNextPage: false };
    const limit = Math.min(Math.max(first, 1), 100);
    const rows = await em.execute<
      Array<{
        id: string;
        amount: string;
        kind: string;
        description: string;
        reference: string | null;
        created_at: Date;
        status: string | null;
      }>
    >(
      `select e.id, e.amount, t.kind, t.description, t.reference, e.created_at, w.status
         from ledger_entry e
         join ledger_transfer t on t.id = e.transfer_id
         left join withdrawal w on t.kind = 'WITHDRAWAL_HOLD' and w.id::text = t.reference
        where e.account_id = ? ${keysetCursor(after) ? 'and e.id < ?' : ''}
        order by e.id desc limit ?`,
      keysetCursor(after) ? [account.id, after, limit + 1] : [account.id, limit + 1],
    );
    return { items: rows.slice(0, limit), hasNextPage: rows.length > limit };
  }

  // ---- credits ----

  async credit(
    em: Em,
    admin: Viewer,
    input: { userId: string; amount: bigint; reason: string; idempotencyKey: string },
    requestId: string,
  ): Promise<WalletView> {
    const reason = input.reason.trim();
    if (!isUuid(input.userId)) throw notFound('User');
    const applied = await em.transactional(async (tx) => {
      const user = await tx.findOne(User, { id: input.userId });
      if (!user) throw notFound('User');
      const wallet = await accountOf(tx, 'USER_WALLET', user.id);
      const funding = await accountOf(tx, 'PLATFORM_FUNDING');
      const result = await transfer(tx, {
        idempotencyKey: `credit:${input.idempotencyKey}`,
        kind: 'CREDIT',
        debitAccountId: funding.id,
        creditAccountId: wallet.id,
        amount: input.amount,
        reference: user.id,
        description: reason,
      });
      if (result.applied) {
        recordAudit(tx, {
          actorId: admin.userId,
          action: 'wallet.credited',
          subjectType: 'User',
          subjectId: user.id,
          after: { amount: input.amount.toString(), reason },
          requestId,
        });
        this.tell(tx, user, 'wallet_credited', `Зачислено ${formatRubles(input.amount)}: ${reason}.`);
      }
      return result.applied;
    });
    if (applied) await this.changed(input.userId);
    return this.wallet(em.fork(), input.userId);
  }

  // ---- withdrawals ----

  async requestWithdrawal(em: Em, viewer: Viewer, input: WithdrawalInput): Promise<Withdrawal> {
    // The shape of the request first (amount, key and each field's shape are declared on RequestWithdrawalInput),
    // then what depends on the kind of destination, every field at once; then state (the card, the balance).
    const fields: Record<string, FieldRule> = {};
    const destination = destinationOf(input.destination, fields);
    if (Object.keys(fields).length) throw badInput('The withdrawal is incomplete or invalid', fields);
    if (destination.bik && destination.accountNumber && !validBankAccount(destination.bik, destination.accountNumber)) {
      throw new DomainError('INVALID_BANK_ACCOUNT', 'The account number does not match the BIK; check both', {
        bik: destination.bik,
      });
    }
    if (destination.destinationKind === 'CARD') await this.requireCard(em, viewer);
    const fingerprint = sha256Hex(JSON.stringify([input.amount.toString(), destination]));
    const outcome = await em.transactional(async (tx) => {
      // The wallet row lock orders everything that moves this user's money: concurrent withdrawals (each sees the
      // balance the previous one left), retries with one idempotency key (the second finds the first), and the
      // payout processor's releases (which take it first as well). The same statement reads the user's phone and
      // their payout clearing account.
      const [wallet] = await tx.execute<
        Array<{ id: string; balance: string; phone: string; clearing_id: string | null }>
      >(
        `select a.id, a.balance, u.phone, c.id as clearing_id
           from ledger_account a
           join app_user u on u.id = a.user_id
           left join ledger_account c on c.kind = 'PAYOUT_CLEARING' and c.user_id = a.user_id
          where a.kind = 'USER_WALLET' and a.user_id = ?
          for update of a`,
        [viewer.userId],
      );
      const existing = await tx.findOne(Withdrawal, { userId: viewer.userId, idempotencyKey: input.idempotencyKey });
      if (existing) {
        if (existing.requestFingerprint !== fingerprint)
          throw idempotencyKeyReused('This idempotency key was used for a different withdrawal');
        return { withdrawal: existing, created: false };
      }
      // No wallet yet: nothing to withdraw.
      checkAmount(input.amount, BigInt(wallet?.balance ?? 0));
      const withdrawal = tx.create(Withdrawal, {
        id: newId(),
        userId: viewer.userId,
        amount: input.amount,
        ...destination,
        status: 'PENDING',
        attempt: 1,
        failureReason: null,
        idempotencyKey: input.idempotencyKey,
        requestFingerprint: fingerprint,
        completedAt: null,
      });
      await this.hold(tx, withdrawal, wallet!.id, wallet!.clearing_id);
      recordAudit(tx, {
        actorId: viewer.userId,
        action: 'withdrawal.requested',
        subjectType: 'Withdrawal',
        subjectId: withdrawal.id,
        after: { amount: input.amount.toString(), destination: destination.destinationKind },
      });
      this.tell(
        tx,
        { id: viewer.userId, phone: wallet!.phone },
        'withdrawal_requested',
        `Запрошен вывод ${formatRubles(input.amount)}. Деньги зарезервированы до зачисления.`,
      );
      return { withdrawal, created: true };
    });
    if (outcome.created) {
      await this.changed(viewer.userId);
      this.wake();
    }
    return outcome.withdrawal;
  }

  private async requireCard(em: Em, viewer: Viewer): Promise<void> {
    const card = await em.findOne(CardApplication, { userId: viewer.userId, status: 'ISSUED' });
    if (!card) {
      throw walletError(
        'CARD_REQUIRED',
        'You have no marketplace card yet; withdraw to a bank account or apply for the card',
      );
    }
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
      description:
        withdrawal.destinationKind === 'CARD'
          ? 'Вывод на карту маркетплейса'
          : `Вывод на счёт ${masked(withdrawal.accountNumber)}`,
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
      this.tell(
        tx,
        await tx.findOneOrFail(User, { id: found.userId }),
        'withdrawal_cancelled',
        before === 'PENDING'
          ? `Вывод ${formatRubles(found.amount)} отменён, деньги вернулись на баланс.`
          : `Вывод ${formatRubles(found.amount)} отменён. Деньги уже на балансе: их вернули, когда выплата не прошла.`,
      );
      return found;
    });
    await this.changed(withdrawal.userId);
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
      found.failureReason = null;
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
    await this.changed(withdrawal.userId);
    this.wake();
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
    await this.changed(withdrawal.userId);
    return withdrawal;
  }

  private async lock(em: Em, id: string): Promise<Withdrawal> {
    const found = isUuid(id) ? await em.findOne(Withdrawal, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!found) throw notFound('Payout');
    return found;
  }

  async payouts(
    em: Em,
    filter: { status?: WithdrawalStatus | null; userId?: string | null },
    first: number,
    after: string | null,
  ) {
    const limit = Math.min(Math.max(first, 1), 100);
    const items = await em.find(
      Withdrawal,
      {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.userId && isUuid(filter.userId) ? { userId: filter.userId } : {}),
        ...(keysetCursor(after) ? { id: { $lt: after } } : {}),
      },
      { orderBy: { id: 'desc' }, limit: limit + 1 },
    );
    return { items: items.slice(0, limit), hasNextPage: items.length > limit };
  }

  myWithdrawal(em: Em, viewer: Viewer, id: string): Promise<Withdrawal | null> {
    return isUuid(id) ? em.findOne(Withdrawal, { id, userId: viewer.userId }) : Promise.resolve(null);
  }

  // ---- the payout processor ----

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  wake(): void {
    this.loop.wake();
  }

  /**
   * Claims payouts with a lease (pending ones, and ones whose claimer died or stalled past its lease), asks the bank
   * to pay each under its idempotency key, then settles, returns the money, or marks the outcome unknown. A payout
   * re-driven after a crash goes to the bank with the same key, so it is never paid twice; the ledger's transfer
   * keys settle it once.
   */
  async processOnce(now = new Date()): Promise<number> {
    const em = this.deps.orm.em.fork();
    const lease = await em.transactional((tx) =>
      claimWithLease(
        tx,
        {
          table: 'withdrawal',
          ready: `status in ('PENDING', 'PROCESSING')`,
          orderBy: 'id',
          limit: 10,
          leaseMs: this.deps.leaseMs ?? DEFAULT_LEASE_MS,
          set: `status = 'PROCESSING'`,
        },
        now,
      ),
    );
    if (lease.ids.length === 0) return 0;
    const claimed = await em.find(Withdrawal, { id: { $in: lease.ids } }, { orderBy: { id: 'asc' } });
    for (const withdrawal of claimed) {
      await this.changed(withdrawal.userId);
      let result: PayoutResult | { outcome: 'UNKNOWN'; reason: string };
      try {
        result = await this.deps.provider.payout({ idempotencyKey: payoutKey(withdrawal), withdrawal });
      } catch (error) {
        result = { outcome: 'UNKNOWN', reason: (error instanceof Error ? error.message : String(error)).slice(0, 250) };
      }
      await this.deps.orm.em.fork().transactional(async (tx) => {
        const current = await tx.findOneOrFail(
          Withdrawal,
          { id: withdrawal.id },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        // Taken over by another instance after this claim's lease ran out: that one finishes it.
        if (current.status !== 'PROCESSING' || current.leaseToken !== lease.token) return;
        Object.assign(current, leaseEnded);
        const user = await tx.findOneOrFail(User, { id: current.userId });
        if (result.outcome === 'PAID') await this.settle(tx, current, user);
        else if (result.outcome === 'REJECTED') await this.fail(tx, current, user, result.reason.slice(0, 250));
        else {
          current.status = 'UNKNOWN';
          current.failureReason = `No answer from the bank: ${result.reason}`;
          recordAudit(tx, {
            actorId: null,
            action: 'withdrawal.outcome_unknown',
            subjectType: 'Withdrawal',
            subjectId: current.id,
            after: { reason: result.reason },
          });
        }
      });
      await this.changed(withdrawal.userId);
    }
    this.deps.notify.wake();
    return claimed.length;
  }

  /** The bank paid: the held money leaves the clearing account for good (once per attempt, by the transfer key). */
  private async settle(tx: Em, current: Withdrawal, user: User): Promise<void> {
    const clearing = await accountOf(tx, 'PAYOUT_CLEARING', current.userId);
    const settled = await accountOf(tx, 'PAYOUTS_SETTLED');
    await transfer(tx, {
      idempotencyKey: `withdrawal:${current.id}:settle:${current.attempt}`,
      kind: 'WITHDRAWAL_SETTLE',
      debitAccountId: clearing.id,
      creditAccountId: settled.id,
      amount: current.amount,
      reference: current.id,
      description: 'Выплата отправлена в банк',
    });
    current.status = 'COMPLETED';
    current.failureReason = null;
    current.completedAt = new Date();
    recordAudit(tx, {
      actorId: null,
      action: 'withdrawal.completed',
      subjectType: 'Withdrawal',
      subjectId: current.id,
    });
    this.tell(tx, user, 'withdrawal_completed', `Вывод ${formatRubles(current.amount)} выполнен.`);
  }

  /** The bank refused: the held money returns to the wallet. */
  private async fail(tx: Em, current: Withdrawal, user: User, reason: string): Promise<void> {
    await this.release(tx, current, 'Выплата не прошла, деньги возвращены');
    current.status = 'FAILED';
    current.failureReason = reason;
    recordAudit(tx, {
      actorId: null,
      action: 'withdrawal.failed',
      subjectType: 'Withdrawal',
      subjectId: current.id,
      after: { reason },
    });
    this.tell(
      tx,
      user,
      'withdrawal_failed',
      `Вывод ${formatRubles(current.amount)} не прошёл: ${reason}. Деньги вернулись на баланс.`,
    );
  }

  // ---- the card ----

  async applyForCard(
    em: Em,
    viewer: Viewer,
    input: { phone?: string | null; email: string; codeWord: string },
  ): Promise<CardApplication> {
    const user = await em.findOneOrFail(User, { id: viewer.userId });
    const phone = input.phone ? normalizePhone(input.phone) : user.phone;
    const email = input.email.trim().toLowerCase();
    const fields: Record<string, FieldRule> = {};
    if (!EMAIL.test(email)) fields['email'] = { rule: 'format', format: 'email' };
    if (codeWordProblem(input.codeWord, phone)) fields['codeWord'] = { rule: 'format', format: 'codeWord' };
    if (Object.keys(fields).length) throw badInput('The application is incomplete', fields);
    const codeWordHash = await hashCodeWord(input.codeWord);
    return em.transactional(async (tx) => {
      const existing = await tx.findOne(CardApplication, { userId: user.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (existing && existing.status !== 'REJECTED')
        throw walletError('CARD_ALREADY_APPLIED', `You have applied already; the application is ${existing.status}`, {
          status: existing.status,
        });
      const application =
        existing ??
        tx.create(CardApplication, {
          userId: user.id,
          phone,
          email,
          codeWordHash,
          status: 'SUBMITTED',
          rejectionReason: null,
          codeWordResetAt: null,
          codeWordResetBy: null,
        });
      Object.assign(application, { phone, email, codeWordHash, status: 'SUBMITTED', rejectionReason: null });
      this.tell(
        tx,
        user,
        'card_applied',
        'Заявка на карту маркетплейса принята. Кодовое слово никому не сообщайте — его спросит только поддержка.',
      );
      return application;
    });
  }

  myCardApplication(em: Em, viewer: Viewer): Promise<CardApplication | null> {
    return em.findOne(CardApplication, { userId: viewer.userId });
  }

  cardApplication(em: Em, id: string): Promise<CardApplication | null> {
    return isUuid(id) ? em.findOne(CardApplication, { id }) : Promise.resolve(null);
  }

  /** The latest 200 applications, optionally of one status and with a phone containing the given digits. */
  cardApplications(em: Em, filter: { status?: string | null; phone?: string | null }): Promise<CardApplication[]> {
    let digits = (filter.phone ?? '').replace(/\D/g, '');
    if (filter.phone?.trim() && digits.length < 4)
      throw badInput('Give at least 4 digits of the phone', { phone: { rule: 'minDigits', min: 4 } });
    // A Russian number typed the domestic way (8 900 ...) is stored as +7 900 ...
    if (digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
    return em.find(
      CardApplication,
      {
        ...(filter.status ? { status: filter.status as CardApplication['status'] } : {}),
        ...(digits ? { phone: { $like: `%${digits}%` } } : {}),
      },
      { orderBy: { createdAt: 'desc' }, limit: 200 },
    );
  }

  /** Staff move an application: SUBMITTED → APPROVED or REJECTED (with a reason); APPROVED → ISSUED. */
  async decideCard(
    em: Em,
    staff: Viewer,
    id: string,
    decision: 'APPROVED' | 'REJECTED' | 'ISSUED',
    reason: string | null,
    requestId: string,
  ) {
    return em.transactional(async (tx) => {
      const application = isUuid(id)
        ? await tx.findOne(CardApplication, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE })
        : null;
      if (!application) throw notFound('Card application');
      const allowed = { APPROVED: 'SUBMITTED', REJECTED: 'SUBMITTED', ISSUED: 'APPROVED' } as const;
      if (application.status !== allowed[decision])
        throw walletError(
          'CARD_DECISION_INVALID',
          `An application that is ${application.status} cannot become ${decision}`,
          { status: application.status },
        );
      if (decision === 'REJECTED' && !reason?.trim())
        throw badInput('Say why the application is rejected', { reason: { rule: 'required' } });
      const before = application.status;
      application.status = decision;
      application.rejectionReason = decision === 'REJECTED' ? reason!.trim() : null;
      recordAudit(tx, {
        actorId: staff.userId,
        action: 'card.decided',
        subjectType: 'CardApplication',
        subjectId: id,
        before: { status: before },
        after: { status: decision, reason },
        requestId,
      });
      const user = await tx.findOneOrFail(User, { id: application.userId });
      const texts = {
        APPROVED: 'Заявка на карту одобрена.',
        REJECTED: `Заявка на карту отклонена: ${reason}.`,
        ISSUED: 'Карта маркетплейса выпущена.',
      };
      this.tell(tx, user, `card_${decision.toLowerCase()}`, texts[decision]);
      return application;
    });
  }

  /** Staff check a code word a caller says; limited per account, audited either way. */
  async verifyCodeWord(em: Em, staff: Viewer, userId: string, codeWord: string, requestId: string): Promise<boolean> {
    if (!isUuid(userId)) throw notFound('User');
    await this.deps.rateLimits.consume(
      CODE_WORD_CHECKS,
      userId,
      'Too many code word checks for this account; try later',
    );
    const application = await em.findOne(CardApplication, { userId });
    if (!application) throw notFound('Card application');
    const stored = application.codeWordHash;
    const matches = stored ? await codeWordMatches(codeWord, stored) : false;
    // A hash from before the normal form is replaced by one of it once the word is known to match.
    const upgraded = matches && stored && isLegacyCodeWordHash(stored) ? await hashCodeWord(codeWord) : null;
    await em.transactional(async (tx) => {
      if (upgraded)
        await tx.nativeUpdate(
          CardApplication,
          { id: application.id, codeWordHash: stored },
          { codeWordHash: upgraded },
        );
      recordAudit(tx, {
        actorId: staff.userId,
        action: matches ? 'card.code_word_matched' : 'card.code_word_mismatched',
        subjectType: 'User',
        subjectId: userId,
        requestId,
      });
    });
    return matches;
  }

  /** After identifying the caller another way, staff clear a forgotten code word; the customer sets a new one. */
  async resetCodeWord(em: Em, staff: Viewer, userId: string, requestId: string): Promise<CardApplication> {
    return em.transactional(async (tx) => {
      const application = isUuid(userId)
        ? await tx.findOne(CardApplication, { userId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
        : null;
      if (!application) throw notFound('Card application');
      const staffUser = await tx.findOneOrFail(User, { id: staff.userId });
      application.codeWordHash = null;
      application.codeWordResetAt = new Date();
      application.codeWordResetBy = staffUser.displayName;
      recordAudit(tx, {
        actorId: staff.userId,
        action: 'card.code_word_reset',
        subjectType: 'User',
        subjectId: userId,
        requestId,
      });
      this.tell(
        tx,
        await tx.findOneOrFail(User, { id: userId }),
        'code_word_reset',
        `Кодовое слово сброшено сотрудником поддержки (${staffUser.displayName}). Задайте новое в приложении.`,
      );
      return application;
    });
  }

  /** The customer sets a new code word after a reset. */
  async setCodeWord(em: Em, viewer: Viewer, codeWord: string): Promise<CardApplication> {
    const user = await em.findOneOrFail(User, { id: viewer.userId });
    if (codeWordProblem(codeWord, user.phone)) {
      throw badInput('Choose another code word', { codeWord: { rule: 'format', format: 'codeWord' } });
    }
    const hash = await hashCodeWord(codeWord);
    return em.transactional(async (tx) => {
      const application = await tx.findOne(
        CardApplication,
        { userId: viewer.userId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!application) throw notFound('Card application');
      if (application.codeWordHash)
        throw walletError(
          'CODE_WORD_ALREADY_SET',
          'A code word is set; support resets a forgotten one after identifying you',
        );
      application.codeWordHash = hash;
      return application;
    });
  }

  private tell(em: Em, user: Pick<User, 'id' | 'phone'>, purpose: string, text: string): void {
    this.deps.notify.enqueue(em, { channel: 'SECURITY_CHAT', to: user.phone, userId: user.id, purpose, text });
  }

  private async changed(userId: string): Promise<void> {
    this.deps.notify.wake();
    await this.deps.pubsub.publish(topics.walletChanged(userId), { userId });
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

/** Where a withdrawal goes, normalised; shape problems are added to `fields` (all at once, before any state). */
function destinationOf(destination: WithdrawalInput['destination'], fields: Record<string, FieldRule>) {
  if (destination.kind === 'CARD') {
    if (destination.recipientName || destination.bik || destination.accountNumber) {
      fields['destination'] = { rule: 'format', format: 'emptyForCard' };
    }
    return { destinationKind: 'CARD' as const, recipientName: null, bik: null, accountNumber: null };
  }
  const recipientName = destination.recipientName?.trim() ?? '';
  const bik = destination.bik?.trim() ?? '';
  const accountNumber = destination.accountNumber?.replace(/\s/g, '') ?? '';
  // Each field's shape is declared on the input; a bank account needs all three.
  if (!recipientName) fields['destination.recipientName'] = { rule: 'required' };
  if (!bik) fields['destination.bik'] = { rule: 'required' };
  if (!accountNumber) fields['destination.accountNumber'] = { rule: 'required' };
  return { destinationKind: 'BANK_ACCOUNT' as const, recipientName, bik, accountNumber };
}
