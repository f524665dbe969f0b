import type { Seeder } from '../../db/seeder.js';
import { newId, pgArray } from '../../lib/ids.js';

/** Demo accounts, one per role; log in with any of these phones and read the code at /dev/outbox. */
export const DEMO_ACCOUNTS = [
  { phone: '+79000000001', displayName: 'Анна Админова', roles: ['ADMIN'] },
  { phone: '+79000000002', displayName: 'Сергей Старший', roles: ['SENIOR_AGENT'] },
  { phone: '+79000000003', displayName: 'Ольга Операторова', roles: ['AGENT'] },
  { phone: '+79000000004', displayName: 'Иван Покупателев', roles: ['CUSTOMER'] },
  { phone: '+79000000005', displayName: 'ООО «Ромашка» (продавец)', roles: ['CUSTOMER', 'SELLER'] },
] as const;

export const seedDemoAccounts: Seeder = async (orm) => {
  const em = orm.em.fork();
  let created = 0;
  for (const account of DEMO_ACCOUNTS) {
    const rows = await em.execute<Array<{ id: string }>>(
      `insert into app_user (id, phone, display_name, roles, created_at, updated_at)
       values (?, ?, ?, ?::text[], now(), now()) on conflict (phone) do nothing returning id`,
      [newId(), account.phone, account.displayName, pgArray(account.roles)],
    );
    created += rows.length;
  }
  return `${created} demo account(s) created, ${DEMO_ACCOUNTS.length - created} already there`;
};
