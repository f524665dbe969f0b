import type { Seeder } from '../../db/seeder.js';
import { User } from '../identity/identity.entity.js';
import { accountOf, transfer } from './ledger.js';

/** Demo balances, credited like staff credit them: a buyer's refund and a seller's proceeds (idempotent keys). */
const DEMO_CREDITS = [
  { phone: '+79000000004', amount: 150_000n, reason: 'Возврат за заказ 31415926-0001', key: 'demo:refund:buyer' },
  { phone: '+79000000005', amount: 2_500_000n, reason: 'Выручка продавца за ноябрь', key: 'demo:proceeds:seller' },
];

export const seedWallets: Seeder = async (orm) => {
  let applied = 0;
  for (const credit of DEMO_CREDITS) {
    await orm.em.fork().transactional(async (tx) => {
      const user = await tx.findOne(User, { phone: credit.phone });
      if (!user) return;
      const result = await transfer(tx, {
        idempotencyKey: `credit:${credit.key}`,
        kind: 'CREDIT',
        debitAccountId: (await accountOf(tx, 'PLATFORM_FUNDING')).id,
        creditAccountId: (await accountOf(tx, 'USER_WALLET', user.id)).id,
        amount: credit.amount,
        reference: user.id,
        description: credit.reason,
      });
      if (result.applied) applied += 1;
    });
  }
  return `${applied} demo credit(s) applied`;
};
