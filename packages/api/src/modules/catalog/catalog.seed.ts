import type { Seeder } from '../../db/seeder.js';
import { newId } from '../../lib/ids.js';
import type { Audience, SlaClass } from './catalog.entity.js';

type DemoProblem = [ru: string, en: string, requiresOrderNumber: boolean, slaClass: SlaClass, urgentAvailable: boolean];
type DemoCategory = { ru: string; en: string; audience: Audience; problems: DemoProblem[] };

/** A realistic appeal tree for buyers and sellers; each category also gets «Другое». */
const DEMO_CATALOG: DemoCategory[] = [
  {
    ru: 'Доставка',
    en: 'Delivery',
    audience: 'BUYER',
    problems: [
      ['Заказ задерживается', 'My order is late', true, 'STANDARD', true],
      ['Курьер не приехал в назначенное время', 'The courier did not come at the agreed time', true, 'URGENT', false],
      ['Изменить адрес или время доставки', 'Change the delivery address or time', true, 'STANDARD', true],
      ['Заказ доставлен не полностью', 'Part of my order is missing', true, 'STANDARD', false],
      ['Проблема в пункте выдачи', 'A problem at the pick-up point', false, 'STANDARD', false],
    ],
  },
  {
    ru: 'Оплата',
    en: 'Payment',
    audience: 'BUYER',
    problems: [
      ['Деньги списаны, а заказ не оформлен', 'I was charged but the order was not placed', true, 'STANDARD', true],
      ['Двойное списание', 'I was charged twice', true, 'STANDARD', true],
      ['Не проходит оплата картой', 'My card payment does not go through', false, 'STANDARD', false],
      ['Рассрочка и кредит', 'Instalments and credit', false, 'COMPLEX', false],
    ],
  },
  {
    ru: 'Возврат товара',
    en: 'Returns',
    audience: 'BUYER',
    problems: [
      ['Оформить возврат', 'Return an item', true, 'STANDARD', false],
      ['Деньги за возврат не пришли', 'My refund has not arrived', true, 'STANDARD', true],
      ['Отказали в возврате', 'My return was refused', true, 'COMPLEX', false],
    ],
  },
  {
    ru: 'Качество товара',
    en: 'Product quality',
    audience: 'BUYER',
    problems: [
      ['Брак или повреждение', 'The item is faulty or damaged', true, 'STANDARD', false],
      ['Товар не соответствует описанию', 'The item does not match its description', true, 'STANDARD', false],
      ['Подозрение на подделку', 'I suspect a counterfeit', true, 'COMPLEX', false],
    ],
  },
  {
    ru: 'Аккаунт и вход',
    en: 'Account and login',
    audience: 'ALL',
    problems: [
      ['Не приходит код для входа', 'The login code does not arrive', false, 'URGENT', false],
      ['Аккаунт заблокирован', 'My account is blocked', false, 'COMPLEX', false],
      ['Сменить номер телефона', 'Change my phone number', false, 'STANDARD', false],
      ['Удалить аккаунт', 'Delete my account', false, 'STANDARD', false],
    ],
  },
  {
    ru: 'Кошелёк и карта',
    en: 'Wallet and card',
    audience: 'ALL',
    problems: [
      ['Деньги не пришли при выводе', 'A withdrawal has not arrived', false, 'STANDARD', true],
      ['Забыл кодовое слово', 'I forgot my code word', false, 'STANDARD', false],
      ['Оформление карты', 'Applying for the card', false, 'STANDARD', false],
      ['Спорная операция по карте', 'A disputed card transaction', false, 'COMPLEX', false],
    ],
  },
  {
    ru: 'Выплаты продавцу',
    en: 'Seller payouts',
    audience: 'SELLER',
    problems: [
      ['Выплата задерживается', 'A payout is late', false, 'STANDARD', true],
      ['Неверная сумма выплаты', 'The payout amount is wrong', false, 'COMPLEX', false],
      ['Изменить реквизиты для выплат', 'Change payout bank details', false, 'STANDARD', false],
    ],
  },
  {
    ru: 'Логистика и поставки',
    en: 'Logistics and supplies',
    audience: 'SELLER',
    problems: [
      ['Запись на поставку', 'Booking a supply slot', false, 'STANDARD', false],
      ['Склад не принял поставку', 'The warehouse did not accept a supply', false, 'STANDARD', true],
      ['Товар потерян на складе', 'Goods lost at the warehouse', false, 'COMPLEX', false],
    ],
  },
  {
    ru: 'Карточки товаров',
    en: 'Product cards',
    audience: 'SELLER',
    problems: [
      ['Карточка не проходит модерацию', 'A product card fails moderation', false, 'STANDARD', false],
      ['Ошибка в характеристиках', 'Wrong product attributes', false, 'STANDARD', false],
      ['Объединить карточки', 'Merge product cards', false, 'STANDARD', false],
    ],
  },
  {
    ru: 'Продвижение',
    en: 'Promotion',
    audience: 'SELLER',
    problems: [
      ['Не работает рекламная кампания', 'An ad campaign is not running', false, 'STANDARD', true],
      ['Списание за продвижение', 'A promotion charge', false, 'COMPLEX', false],
      ['Участие в акции', 'Joining a sale', false, 'STANDARD', false],
    ],
  },
];

/** Loads the demo tree into an empty catalog; a catalog staff have already filled is left alone. */
export const seedCatalog: Seeder = async (orm) => {
  const em = orm.em.fork();
  return em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(hashtext(?))', ['catalog:category-order']);
    const [existing] = await tx.execute<Array<{ count: string }>>('select count(*) as count from support_category');
    if (Number(existing?.count ?? 0) > 0) return 'catalog already filled';
    let problems = 0;
    for (const [position, category] of DEMO_CATALOG.entries()) {
      const categoryId = newId();
      await tx.execute(
        `insert into support_category (id, title_ru, title_en, audience, position, active, created_at, updated_at)
         values (?, ?, ?, ?, ?, true, now(), now())`,
        [categoryId, category.ru, category.en, category.audience, position],
      );
      const rows: Array<[string, string, Audience, boolean, SlaClass, boolean, number, boolean]> = [
        ...category.problems.map(
          ([ru, en, order, sla, urgent], index) =>
            [ru, en, category.audience, order, sla, urgent, index, false] as [
              string,
              string,
              Audience,
              boolean,
              SlaClass,
              boolean,
              number,
              boolean,
            ],
        ),
        ['Другое', 'Other', 'ALL', false, 'STANDARD', false, 1_000_000, true],
      ];
      for (const [ru, en, audience, order, sla, urgent, index, isOther] of rows) {
        await tx.execute(
          `insert into support_problem (id, category_id, title_ru, title_en, audience, requires_order_number, sla_class,
             urgent_available, position, active, is_other, created_at, updated_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, now(), now())`,
          [newId(), categoryId, ru, en, audience, order, sla, urgent, index, isOther],
        );
        problems += 1;
      }
    }
    return `${DEMO_CATALOG.length} categories, ${problems} problems`;
  });
};
