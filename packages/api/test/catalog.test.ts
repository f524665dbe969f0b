import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateSupportCategoryDocument,
  CreateSupportProblemDocument,
  DeleteSupportProblemDocument,
  ReorderSupportCategoriesDocument,
  ReorderSupportProblemsDocument,
  SupportCategoriesDocument,
  SupportProblemDocument,
  UpdateSupportCategoryDocument,
  UpdateSupportProblemDocument,
  type SupportCategoriesQuery,
} from '@support/schema';
import { seedCatalog } from '../src/modules/catalog/catalog.seed.js';
import { errorCodes, execute, startTestServer, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

let api: TestServer;
let admin: { accessToken: string; user: { id: string } };
let agent: { accessToken: string };
let customer: { accessToken: string };

beforeAll(async () => {
  api = await startTestServer();
  await seedCatalog(api.db.orm, api.config);
  [admin, agent, customer] = await Promise.all([
    loginAs(api, ['ADMIN']),
    loginAs(api, ['AGENT']),
    loginAs(api, ['CUSTOMER']),
  ]);
});
afterAll(async () => {
  await api?.close();
});

type Category = SupportCategoriesQuery['supportCategories'][number];
const tree = async (options: { token?: string; audience?: 'BUYER' | 'SELLER' | 'ALL'; language?: string } = {}) => {
  const result = await execute(
    api.graphqlUrl,
    SupportCategoriesDocument,
    { audience: options.audience ?? null },
    {
      ...(options.token ? { token: options.token } : {}),
      ...(options.language ? { headers: { 'accept-language': options.language } } : {}),
    },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.supportCategories;
};
const asAdmin = {
  get token() {
    return admin.accessToken;
  },
};

describe('the category tree clients see', () => {
  it('holds the demo categories for buyers and for sellers, each ending with «Другое»', async () => {
    const buyers = (await tree({ audience: 'BUYER' })).map((c) => c.titleRu);
    expect(buyers).toEqual(
      expect.arrayContaining([
        'Доставка',
        'Оплата',
        'Возврат товара',
        'Качество товара',
        'Аккаунт и вход',
        'Кошелёк и карта',
      ]),
    );
    expect(buyers).not.toContain('Выплаты продавцу');
    const sellers = (await tree({ audience: 'SELLER' })).map((c) => c.titleRu);
    expect(sellers).toEqual(
      expect.arrayContaining([
        'Выплаты продавцу',
        'Логистика и поставки',
        'Карточки товаров',
        'Продвижение',
        'Аккаунт и вход',
      ]),
    );
    expect(sellers).not.toContain('Доставка');
    for (const category of await tree()) {
      const last = category.problems.at(-1)!;
      expect(last).toMatchObject({ isOther: true, titleRu: 'Другое', titleEn: 'Other' });
      expect(category.problems.filter((p) => p.isOther)).toHaveLength(1);
      expect(category.problems.length).toBeGreaterThanOrEqual(4);
    }
  });

  it('says for each problem whether an order number is needed, its SLA class and urgency', async () => {
    const delivery = (await tree()).find((c) => c.titleRu === 'Доставка')!;
    expect(delivery.problems.find((p) => p.titleRu === 'Заказ задерживается')).toMatchObject({
      requiresOrderNumber: true,
      slaClass: 'STANDARD',
      urgentAvailable: true,
      audience: 'BUYER',
      active: true,
    });
  });

  it('speaks Russian by default and English when Accept-Language asks for it', async () => {
    const titles = async (language?: string) => (await tree(language ? { language } : {})).map((c) => c.title);
    const russian = await titles();
    expect(russian).toContain('Доставка');
    expect(await titles('en-US,en;q=0.9')).toContain('Delivery');
    expect(await titles('de-DE')).toEqual(russian);
    expect(await titles('fr;q=0.9, en;q=0.5')).toContain('Delivery');
    const english = await tree({ language: 'en' });
    expect(english.find((c) => c.title === 'Delivery')?.problems.at(-1)?.title).toBe('Other');
  });
});

describe('inactive entries', () => {
  let category: Category;
  beforeAll(async () => {
    const created = await execute(
      api.graphqlUrl,
      CreateSupportCategoryDocument,
      { input: { titleRu: 'Временная', titleEn: 'Temporary', audience: 'ALL' } },
      asAdmin,
    );
    category = created.data!.createSupportCategory;
    await execute(
      api.graphqlUrl,
      CreateSupportProblemDocument,
      {
        input: {
          categoryId: category.id,
          titleRu: 'Скрытая проблема',
          titleEn: 'Hidden problem',
          audience: 'ALL',
          active: false,
        },
      },
      asAdmin,
    );
  });

  it('are hidden from clients and visible to staff', async () => {
    const forCustomer = (await tree({ token: customer.accessToken })).find((c) => c.id === category.id)!;
    expect(forCustomer.problems.map((p) => p.titleEn)).toEqual(['Other']);
    const forAgent = (await tree({ token: agent.accessToken })).find((c) => c.id === category.id)!;
    expect(forAgent.problems.map((p) => [p.titleEn, p.active])).toEqual([
      ['Hidden problem', false],
      ['Other', true],
    ]);
  });

  it('hide a whole deactivated category from clients, anonymous ones included', async () => {
    await execute(
      api.graphqlUrl,
      UpdateSupportCategoryDocument,
      { id: category.id, input: { active: false } },
      asAdmin,
    );
    expect((await tree()).some((c) => c.id === category.id)).toBe(false);
    expect((await tree({ token: customer.accessToken })).some((c) => c.id === category.id)).toBe(false);
    expect((await tree({ token: agent.accessToken })).find((c) => c.id === category.id)?.active).toBe(false);
  });

  it('are not found one by one either, except by staff', async () => {
    const hidden = (await tree({ token: agent.accessToken }))
      .find((c) => c.id === category.id)!
      .problems.find((p) => !p.active)!;
    expect(errorCodes(await execute(api.graphqlUrl, SupportProblemDocument, { id: hidden.id }))).toEqual(['NOT_FOUND']);
    const forAgent = await execute(
      api.graphqlUrl,
      SupportProblemDocument,
      { id: hidden.id },
      { token: agent.accessToken },
    );
    expect(forAgent.data?.supportProblem.titleEn).toBe('Hidden problem');
  });
});

describe('admins edit the catalog', () => {
  it('create a category with its «Другое», add problems before it, and reorder them', async () => {
    const created = (
      await execute(
        api.graphqlUrl,
        CreateSupportCategoryDocument,
        { input: { titleRu: '  Подарочные сертификаты ', titleEn: 'Gift cards', audience: 'BUYER' } },
        asAdmin,
      )
    ).data!.createSupportCategory;
    expect(created.titleRu).toBe('Подарочные сертификаты');
    expect(created.problems.map((p) => p.isOther)).toEqual([true]);
    const add = (titleRu: string, titleEn: string) =>
      execute(
        api.graphqlUrl,
        CreateSupportProblemDocument,
        {
          input: {
            categoryId: created.id,
            titleRu,
            titleEn,
            audience: 'BUYER',
            requiresOrderNumber: true,
            slaClass: 'URGENT',
          },
        },
        asAdmin,
      );
    const first = (await add('Сертификат не активируется', 'The card does not activate')).data!.createSupportProblem;
    const second = (await add('Истёк срок действия', 'The card has expired')).data!.createSupportProblem;
    const reordered = await execute(
      api.graphqlUrl,
      ReorderSupportProblemsDocument,
      { categoryId: created.id, ids: [second.id, first.id] },
      asAdmin,
    );
    expect(reordered.data!.reorderSupportProblems.problems.map((p) => p.titleEn)).toEqual([
      'The card has expired',
      'The card does not activate',
      'Other',
    ]);
    const seen = (await tree({ audience: 'BUYER' })).find((c) => c.id === created.id)!;
    expect(seen.problems.map((p) => p.id)).toEqual([second.id, first.id, created.problems[0]!.id]);
  });

  it('reorder categories only with a complete list', async () => {
    const ids = (await tree({ token: admin.accessToken })).map((c) => c.id);
    const partial = await execute(api.graphqlUrl, ReorderSupportCategoriesDocument, { ids: ids.slice(1) }, asAdmin);
    expect(errorCodes(partial)).toEqual(['BAD_USER_INPUT']);
    const reversed = [...ids].reverse();
    const result = await execute(api.graphqlUrl, ReorderSupportCategoriesDocument, { ids: reversed }, asAdmin);
    expect(result.data!.reorderSupportCategories.map((c) => c.id)).toEqual(reversed);
    expect((await tree({ token: admin.accessToken })).map((c) => c.id)).toEqual(reversed);
  });

  it('refuse bad input with the fields named', async () => {
    const category = (await tree())[0]!;
    const empty = await execute(
      api.graphqlUrl,
      CreateSupportCategoryDocument,
      { input: { titleRu: '   ', titleEn: 'X', audience: 'ALL' } },
      asAdmin,
    );
    expect(errorCodes(empty)).toEqual(['BAD_USER_INPUT']);
    expect(empty.errors?.[0]?.extensions?.['fields']).toHaveProperty(['input.titleRu']);
    const urgentComplex = await execute(
      api.graphqlUrl,
      CreateSupportProblemDocument,
      {
        input: {
          categoryId: category.id,
          titleRu: 'А',
          titleEn: 'A',
          audience: 'ALL',
          slaClass: 'COMPLEX',
          urgentAvailable: true,
        },
      },
      asAdmin,
    );
    expect(errorCodes(urgentComplex)).toEqual(['BAD_USER_INPUT']);
    const tooLong = await execute(
      api.graphqlUrl,
      CreateSupportCategoryDocument,
      { input: { titleRu: 'Я'.repeat(151), titleEn: 'X', audience: 'ALL' } },
      asAdmin,
    );
    expect(errorCodes(tooLong)).toEqual(['BAD_USER_INPUT']);
    const missing = await execute(
      api.graphqlUrl,
      UpdateSupportCategoryDocument,
      { id: '01a20047-5424-7138-8e90-2cfe7eac0740', input: { active: false } },
      asAdmin,
    );
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });

  it('keep «Другое» in every category', async () => {
    const other = (await tree())[0]!.problems.at(-1)!;
    const deactivate = await execute(
      api.graphqlUrl,
      UpdateSupportProblemDocument,
      { id: other.id, input: { active: false } },
      asAdmin,
    );
    expect(errorCodes(deactivate)).toEqual(['OTHER_PROBLEM_FIXED']);
    expect(errorCodes(await execute(api.graphqlUrl, DeleteSupportProblemDocument, { id: other.id }, asAdmin))).toEqual([
      'OTHER_PROBLEM_FIXED',
    ]);
    const renamed = await execute(
      api.graphqlUrl,
      UpdateSupportProblemDocument,
      { id: other.id, input: { titleRu: 'Другой вопрос' } },
      asAdmin,
    );
    expect(renamed.data?.updateSupportProblem.titleRu).toBe('Другой вопрос');
  });

  it('delete an unused problem, and every change is audited with before and after', async () => {
    const category = (await tree())[1]!;
    const problem = (
      await execute(
        api.graphqlUrl,
        CreateSupportProblemDocument,
        { input: { categoryId: category.id, titleRu: 'Удаляемая', titleEn: 'To delete', audience: 'ALL' } },
        asAdmin,
      )
    ).data!.createSupportProblem;
    await execute(
      api.graphqlUrl,
      UpdateSupportProblemDocument,
      { id: problem.id, input: { slaClass: 'COMPLEX' } },
      asAdmin,
    );
    expect(
      (await execute(api.graphqlUrl, DeleteSupportProblemDocument, { id: problem.id }, asAdmin)).data
        ?.deleteSupportProblem,
    ).toBe(true);
    expect(errorCodes(await execute(api.graphqlUrl, SupportProblemDocument, { id: problem.id }, asAdmin))).toEqual([
      'NOT_FOUND',
    ]);
    const audit = await api.db.orm.em.fork().execute<
      Array<{
        action: string;
        actor_id: string;
        before: { slaClass?: string } | null;
        after: { slaClass?: string } | null;
      }>
    >('select action, actor_id, before, after from audit_entry where subject_id = ? order by created_at, id', [problem.id]);
    expect(audit.map((a) => a.action)).toEqual([
      'catalog.problem_created',
      'catalog.problem_updated',
      'catalog.problem_deleted',
    ]);
    expect(audit.every((a) => a.actor_id === admin.user.id)).toBe(true);
    expect([audit[1]?.before?.slaClass, audit[1]?.after?.slaClass]).toEqual(['STANDARD', 'COMPLEX']);
  });
});

describe('who may edit', () => {
  it('refuses agents and customers (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
    const input = { titleRu: 'Нельзя', titleEn: 'Not allowed', audience: 'ALL' as const };
    for (const token of [agent.accessToken, customer.accessToken]) {
      expect(errorCodes(await execute(api.graphqlUrl, CreateSupportCategoryDocument, { input }, { token }))).toEqual([
        'FORBIDDEN',
      ]);
    }
    expect(errorCodes(await execute(api.graphqlUrl, CreateSupportCategoryDocument, { input }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect((await tree()).some((c) => c.titleEn === 'Not allowed')).toBe(false);
  });
});
