import { keysetPage, type Connection, type Keyset, type PageRequest } from '../../lib/connection.js';
import type { Em } from '../../db/orm.js';
import { messages } from '../notify/messages.js';
import type { Viewer } from '../../lib/context.js';
import { notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { User } from '../identity/identity.entity.js';
import { accountOf, transfer } from './ledger.js';
import { HELD_WITHDRAWAL_STATUSES, LedgerAccount, LedgerEntry } from './wallet.entity.js';
import type { WalletNotices } from './wallet.notices.js';

export interface WalletView {
  balance: bigint;
  available: bigint;
  held: bigint;
}

/** Balances from the double-entry ledger, the wallet's statement, and staff credits. */
export class WalletService {
  constructor(private readonly deps: { notices: WalletNotices }) {}

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

  /** The wallet's movements, newest first: keyset on the entry's time-ordered id; counted per wallet. */
  async transactions(em: Em, userId: string, request: PageRequest): Promise<Connection<TransactionRow>> {
    const account = await em.findOne(LedgerAccount, { kind: 'USER_WALLET', userId });
    return keysetPage(
      TRANSACTIONS,
      request,
      async ({ cursor, op, direction, limit }) =>
        account
          ? em.execute<TransactionRow[]>(
              `select e.id, e.amount, t.kind, t.description, t.reference, e.created_at, w.status
                 from ledger_entry e
                 join ledger_transfer t on t.id = e.transfer_id
                 left join withdrawal w on t.kind = 'WITHDRAWAL_HOLD' and w.id::text = t.reference
                where e.account_id = ? ${cursor ? `and e.id ${op} ?` : ''}
                order by e.id ${direction} limit ?`,
              [account.id, ...(cursor ?? []), limit],
            )
          : [],
      async () => (account ? em.count(LedgerEntry, { accountId: account.id }) : 0),
    );
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
        this.deps.notices.tell(tx, user, 'wallet_credited', messages.walletCredited(input.amount, reason));
      }
      return result.applied;
    });
    if (applied) await this.deps.notices.changed(input.userId);
    return this.wallet(em.fork(), input.userId);
  }
}

/** A wallet movement as its list reads it. */
export interface TransactionRow {
  id: string;
  amount: string;
  kind: string;
  description: string;
  reference: string | null;
  created_at: Date;
  status: string | null;
}

const TRANSACTIONS: Keyset<TransactionRow> = {
  list: 'walletTransactions',
  keys: ['id'],
  direction: 'desc',
  keyOf: (row) => [row.id],
};
