import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GrantRoleDocument, RevokeRoleDocument, UsersDocument, type UsersQueryVariables } from '@support/schema';
import { errorCodes, execute, startTestServer, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

let api: TestServer;
let admin: Session;
let agent: Session;
let senior: Session;
let customer: Session;
let sellers: Session[];

const as = (session: Session) => ({ token: session.accessToken });
const list = (variables: UsersQueryVariables, session = admin) =>
  execute(api.graphqlUrl, UsersDocument, variables, as(session));
const ids = async (variables: UsersQueryVariables) => {
  const result = await list(variables);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.users.nodes.map((user) => user.id);
};
const rename = (session: Session, name: string) =>
  api.db.orm.em.fork().execute(`update app_user set display_name = ? where id = ?`, [name, session.user.id]);

beforeAll(async () => {
  api = await startTestServer();
  [admin, agent, senior, customer] = await Promise.all([
    loginAs(api, ['ADMIN']),
    loginAs(api, ['AGENT']),
    loginAs(api, ['SENIOR_AGENT']),
    loginAs(api, ['CUSTOMER']),
  ]);
  // Logged in one after another, so that their ids (time-ordered) give a known order.
  sellers = [];
  for (let i = 0; i < 5; i++) sellers.push(await loginAs(api, ['CUSTOMER', 'SELLER']));
  await rename(customer, 'Зинаида Покупателева');
});
afterAll(async () => {
  await api?.close();
});

describe('the admins’ list of accounts', () => {
  it('lists every account for an admin, newest first, with phone, name and roles', async () => {
    const result = await list({ first: 100 });
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.users.nodes;
    expect(nodes).toHaveLength(9);
    expect(nodes.map((user) => user.id)).toEqual(
      [admin, agent, senior, customer, ...sellers]
        .map((s) => s.user.id)
        .sort()
        .reverse(),
    );
    expect(nodes.find((user) => user.id === customer.user.id)).toEqual({
      id: customer.user.id,
      phone: customer.phone,
      displayName: 'Зинаида Покупателева',
      roles: ['CUSTOMER'],
      createdAt: expect.any(String),
    });
    expect(result.data!.users.pageInfo.hasNextPage).toBe(false);
  });

  it('finds accounts by part of the name, case aside', async () => {
    expect(await ids({ filter: { text: 'зинаида' } })).toEqual([customer.user.id]);
    expect(await ids({ filter: { text: 'покупателев' } })).toEqual([customer.user.id]);
    expect(await ids({ filter: { text: 'нет такого имени' } })).toEqual([]);
  });

  it('finds an account by its phone typed in any usual way', async () => {
    const digits = customer.phone.slice(2); // 900XXXXXXX
    const typed = [
      customer.phone,
      `+7 ${digits.slice(0, 3)} ${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8)}`,
      `8 (${digits.slice(0, 3)}) ${digits.slice(3)}`,
      digits.slice(3),
    ];
    for (const text of typed) expect(await ids({ filter: { text } }), text).toContain(customer.user.id);
    expect(await ids({ filter: { text: customer.phone } })).toEqual([customer.user.id]);
  });

  it('filters by role, and the filter follows grants and revocations', async () => {
    expect(await ids({ filter: { role: 'AGENT' } })).toEqual([agent.user.id]);
    expect(await ids({ filter: { role: 'ADMIN' } })).toEqual([admin.user.id]);
    const granted = await execute(
      api.graphqlUrl,
      GrantRoleDocument,
      { input: { userId: customer.user.id, role: 'AGENT' } },
      as(admin),
    );
    expect(granted.data?.grantRole.roles).toEqual(['CUSTOMER', 'AGENT']);
    expect(await ids({ filter: { role: 'AGENT' } })).toEqual([customer.user.id, agent.user.id].sort().reverse());
    expect(await ids({ filter: { role: 'AGENT', text: 'Зинаида' } })).toEqual([customer.user.id]);
    await execute(
      api.graphqlUrl,
      RevokeRoleDocument,
      { input: { userId: customer.user.id, role: 'AGENT' } },
      as(admin),
    );
    expect(await ids({ filter: { role: 'AGENT' } })).toEqual([agent.user.id]);
  });

  it('pages with cursors: every seller once, in order, and the last page says there is no more', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const result = await list({ filter: { role: 'SELLER' }, first: 2, after });
      const users = result.data!.users;
      seen.push(...users.nodes.map((user) => user.id));
      after = users.pageInfo.endCursor ?? null;
      if (!users.pageInfo.hasNextPage) break;
      expect(users.nodes).toHaveLength(2);
    }
    expect(seen).toEqual(sellers.map((s) => s.user.id).reverse());
  });

  it('refuses a cursor it did not give out and a search text over 100 characters', async () => {
    expect(errorCodes(await list({ after: 'not-a-cursor' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await list({ filter: { text: 'я'.repeat(101) } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('costs the same SQL statements for a page of one as for a page of a hundred', async () => {
    const cost = async (first: number) => {
      const response = await fetch(api.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.accessToken}` },
        body: JSON.stringify({ query: print(UsersDocument), variables: { first } }),
      });
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
      return Number(response.headers.get('x-sql-statements'));
    };
    expect(await cost(1)).toBeGreaterThan(0);
    expect(await cost(100)).toBe(await cost(1));
  });
});

describe('who may list accounts', () => {
  it('refuses agents, senior agents and customers (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
    for (const session of [agent, senior, customer]) {
      const refused = await list({}, session);
      expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
      expect(refused.data).toBeNull();
    }
    expect(errorCodes(await execute(api.graphqlUrl, UsersDocument, {}))).toEqual(['UNAUTHENTICATED']);
  });
});
