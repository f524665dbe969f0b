import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { newId } from '../../lib/ids.js';

/** Stands as the owner of the platform's own accounts, so (kind, owner) is unique for them too. */
export const PLATFORM_OWNER = '00000000-0000-0000-0000-000000000000';

export const ACCOUNT_KINDS = ['USER_WALLET', 'PAYOUT_CLEARING', 'PLATFORM_FUNDING', 'PAYOUTS_SETTLED'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/**
 * A ledger account. `balance` is the sum of its entries, kept in the same transaction as each entry; a user
 * wallet's balance can never go below zero (the update that moves money out is conditional). The table has fill
 * factor 10 (migration 20261201024000): its few rows are updated all the time, and the room keeps the updates HOT.
 */
export const LedgerAccount = defineEntity({
  name: 'LedgerAccount',
  tableName: 'ledger_account',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    kind: p.enum(ACCOUNT_KINDS),
    /** The owner of a user wallet or payout clearing account; PLATFORM_OWNER for the platform's own accounts. */
    userId: p.uuid(),
    balance: p.bigint('bigint').default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['kind', 'userId'] }],
});
export type LedgerAccount = InferEntity<typeof LedgerAccount>;

export const TRANSFER_KINDS = [
  'CREDIT',
  'WITHDRAWAL_HOLD',
  'WITHDRAWAL_RELEASE',
  'WITHDRAWAL_SETTLE',
  /** Once, by a migration: holds moved from the single platform clearing account to each user's own. */
  'CLEARING_MOVE',
] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/** One movement of money between two accounts; idempotent by its key. */
export const LedgerTransfer = defineEntity({
  name: 'LedgerTransfer',
  tableName: 'ledger_transfer',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    idempotencyKey: p.string().length(160).unique(),
    kind: p.enum(TRANSFER_KINDS),
    debitAccountId: p.uuid(),
    creditAccountId: p.uuid(),
    amount: p.bigint('bigint'),
    reference: p.string().length(100).nullable(),
    description: p.string().length(300),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  // No index by account: the statement reads entries by account, idempotency finds a transfer by its key.
});
export type LedgerTransfer = InferEntity<typeof LedgerTransfer>;

/** The two sides of a transfer: −amount on the debited account, +amount on the credited one. */
export const LedgerEntry = defineEntity({
  name: 'LedgerEntry',
  tableName: 'ledger_entry',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    transferId: p.uuid().index(),
    accountId: p.uuid(),
    amount: p.bigint('bigint'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['accountId', 'id'] }],
});
export type LedgerEntry = InferEntity<typeof LedgerEntry>;

/**
 * PENDING: waiting for the payout job; PROCESSING: claimed, with the bank; UNKNOWN: the bank's answer did not come
 * (the money may or may not have left): staff check with the bank and resolve it; then COMPLETED, FAILED (money
 * returned) or CANCELLED.
 */
export const WITHDRAWAL_STATUSES = ['PENDING', 'PROCESSING', 'UNKNOWN', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
/** Statuses whose money is held in the payout clearing account. */
/** Why a payout did not go through, as a code (readers phrase it in their language). */
export const PAYOUT_FAILURE_CODES = ['BANK_REJECTED', 'BANK_NO_ANSWER'] as const;
export type PayoutFailureCode = (typeof PAYOUT_FAILURE_CODES)[number];
export const HELD_WITHDRAWAL_STATUSES = ['PENDING', 'PROCESSING', 'UNKNOWN'] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];
export const DESTINATION_KINDS = ['CARD', 'BANK_ACCOUNT'] as const;

/** «Вывести деньги с баланса средств»: funds are held at request time and settled or released by the payout. */
export const Withdrawal = defineEntity({
  name: 'Withdrawal',
  tableName: 'withdrawal',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    userId: p.uuid(),
    amount: p.bigint('bigint'),
    destinationKind: p.enum(DESTINATION_KINDS),
    recipientName: p.string().length(200).nullable(),
    bik: p.string().length(9).nullable(),
    accountNumber: p.string().length(20).nullable(),
    status: p.enum(WITHDRAWAL_STATUSES),
    /** Each retry holds the funds again under a new transfer key. */
    attempt: p.integer().default(1),
    /** Set while FAILED or UNKNOWN; the bank's own words go to the audit log only. */
    failureCode: p.enum(PAYOUT_FAILURE_CODES).nullable(),
    idempotencyKey: p.string().length(100),
    requestFingerprint: p.string().length(64),
    /** A claim by a background job that expires (lib/background-loop.ts: claimWithLease). */
    leaseUntil: p.datetime().nullable(),
    leaseToken: p.uuid().nullable(),

    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    completedAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['userId', 'idempotencyKey'] }],
  indexes: [{ properties: ['status', 'id'] }, { properties: ['userId', 'id'] }],
});
export type Withdrawal = InferEntity<typeof Withdrawal>;

export const CARD_APPLICATION_STATUSES = ['SUBMITTED', 'APPROVED', 'REJECTED', 'ISSUED'] as const;

/** An application for the marketplace card; the code word proves identity to support and is kept as a scrypt hash. */
export const CardApplication = defineEntity({
  name: 'CardApplication',
  tableName: 'card_application',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    userId: p.uuid().unique(),
    phone: p.string().length(16),
    email: p.string().length(254),
    codeWordHash: p.string().length(200).nullable(),
    status: p.enum(CARD_APPLICATION_STATUSES),
    rejectionReason: p.string().length(300).nullable(),
    codeWordResetAt: p.datetime().nullable(),
    codeWordResetBy: p.string().length(200).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type CardApplication = InferEntity<typeof CardApplication>;

/**
 * The sandbox bank's own record of the payments it made, one per idempotency key (a withdrawal's id and attempt):
 * a request with a key it has seen returns the first outcome and pays nothing again, across restarts and instances.
 * Not used with a real bank.
 */
export const SandboxPayment = defineEntity({
  name: 'SandboxPayment',
  tableName: 'sandbox_payment',
  properties: {
    idempotencyKey: p.string().length(100).primary(),
    withdrawalId: p.uuid(),
    amount: p.bigint('bigint'),
    outcome: p.enum(['PAID', 'REJECTED'] as const),
    reason: p.string().length(300).nullable(),
    /** How many requests carried this key (re-drives after a crash ask again; they are answered, not paid). */
    requests: p.integer().default(1),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type SandboxPayment = InferEntity<typeof SandboxPayment>;
