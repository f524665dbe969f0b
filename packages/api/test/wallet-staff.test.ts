import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyForCardDocument,
  CancelPayoutDocument,
  CardApplicationDocument,
  CardApplicationsDocument,
  CreditWalletDocument,
  DecideCardApplicationDocument,
  PayoutsDocument,
  RequestWithdrawalDocument,
} from '@support/schema';
import { errorCodes, execute, startTestServer, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
let api: TestServer;
let admin: Session;
let agent: Session;

beforeAll(async () => {
  api = await startTestServer({ env: { PAYOUT_POLL_MS: '600000', PAYOUT_DELAY_MS: '0' } });
  [admin, agent] = await Promise.all([loginAs(api, ['ADMIN']), loginAs(api, ['AGENT'])]);
});
afterAll(async () => {
  await api?.close();
});

const as = (session: Session) => ({ token: session.accessToken });
const BANK = { kind: 'BANK_ACCOUNT' as const, bik: '049805746', accountNumber: '40602810700000000025' };

async function customerWithWithdrawal(recipientName: string) {
  const customer = await loginAs(api, ['CUSTOMER']);
  const credited = await execute(
    api.graphqlUrl,
    CreditWalletDocument,
    { input: { userId: customer.user.id, amount: '50000', reason: 'Возврат', idempotencyKey: randomUUID() } },
    as(admin),
  );
  expect(credited.errors).toBeUndefined();
  const requested = await execute(
    api.graphqlUrl,
    RequestWithdrawalDocument,
    { input: { amount: '12345', destination: { ...BANK, recipientName }, idempotencyKey: randomUUID() } },
    as(customer),
  );
  expect(requested.errors).toBeUndefined();
  return { customer, withdrawal: requested.data!.requestWithdrawal };
}

/** Waits until the payout processor (woken by each request) has settled every payout. */
async function settled(): Promise<void> {
  await expect
    .poll(async () => {
      await api.services.payouts.processOnce();
      const [row] = await api.db.orm.em
        .fork()
        .execute<Array<{ n: string }>>(
          `select count(*) as n from withdrawal where status in ('PENDING', 'PROCESSING')`,
        );
      return Number(row?.n);
    })
    .toBe(0);
}

/** Statements the server ran for one request (x-sql-statements, outside production). */
async function statementsFor(first: number): Promise<number> {
  const response = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${agent.accessToken}` },
    body: JSON.stringify({ query: print(PayoutsDocument), variables: { first } }),
  });
  const body = (await response.json()) as { errors?: unknown };
  expect(body.errors).toBeUndefined();
  return Number(response.headers.get('x-sql-statements'));
}

describe('payouts as staff see them', () => {
  it('name the customer, filter by status, and cost the same statements for 1 or 20 rows', async () => {
    const failing = await customerWithWithdrawal('FAIL Иван Петров');
    const fine = await customerWithWithdrawal('Пётр Иванов');
    await settled();

    const failed = await execute(api.graphqlUrl, PayoutsDocument, { status: 'FAILED' }, as(agent));
    expect(failed.data!.payouts.nodes.map((p) => p.id)).toEqual([failing.withdrawal.id]);
    expect(failed.data!.payouts.nodes[0]).toMatchObject({
      amount: '12345',
      amountFormatted: expect.stringMatching(/^123,45\s₽$/),
      failureCode: 'BANK_REJECTED',
      user: { id: failing.customer.user.id, phone: failing.customer.phone },
    });
    const completed = await execute(api.graphqlUrl, PayoutsDocument, { status: 'COMPLETED' }, as(agent));
    expect(completed.data!.payouts.nodes.map((p) => p.id)).toEqual([fine.withdrawal.id]);

    for (let i = 0; i < 3; i += 1) await customerWithWithdrawal(`Клиент ${i}`);
    expect(await statementsFor(20)).toBe(await statementsFor(1));
  });

  it('cannot cancel a payout the bank has completed', async () => {
    const { withdrawal } = await customerWithWithdrawal('Анна Смирнова');
    await settled();
    const refused = await execute(api.graphqlUrl, CancelPayoutDocument, { id: withdrawal.id }, as(admin));
    expect(errorCodes(refused)).toEqual(['PAYOUT_NOT_CANCELLABLE']);
  });
});

describe('one card application', () => {
  it('is read by staff by id, shows decisions, and is hidden from customers', async () => {
    const customer = await loginAs(api, ['CUSTOMER']);
    const applied = (
      await execute(
        api.graphqlUrl,
        ApplyForCardDocument,
        { input: { email: 'card@example.test', codeWord: 'Жёлтая лодка' } },
        as(customer),
      )
    ).data!.applyForCard;
    const read = await execute(api.graphqlUrl, CardApplicationDocument, { id: applied.id }, as(agent));
    expect(read.data?.cardApplication).toMatchObject({
      id: applied.id,
      email: 'card@example.test',
      status: 'SUBMITTED',
      codeWordSet: true,
    });
    expect(JSON.stringify(read.data)).not.toContain('лодка');

    await execute(
      api.graphqlUrl,
      DecideCardApplicationDocument,
      { id: applied.id, decision: 'REJECTED', reason: 'Нет документов' },
      as(admin),
    );
    expect(
      (await execute(api.graphqlUrl, CardApplicationDocument, { id: applied.id }, as(agent))).data?.cardApplication,
    ).toMatchObject({ status: 'REJECTED', rejectionReason: 'Нет документов' });

    expect(
      errorCodes(await execute(api.graphqlUrl, CardApplicationDocument, { id: applied.id }, as(customer))),
    ).toEqual(['FORBIDDEN']);
    expect(errorCodes(await execute(api.graphqlUrl, CardApplicationDocument, { id: randomUUID() }, as(agent)))).toEqual(
      ['NOT_FOUND'],
    );
    expect(errorCodes(await execute(api.graphqlUrl, CardApplicationDocument, { id: 'nope' }, as(agent)))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});

describe('finding a card application by phone', () => {
  it('matches the digits a caller gives, however typed, together with the status', async () => {
    const [first, second] = await Promise.all([loginAs(api, ['CUSTOMER']), loginAs(api, ['CUSTOMER'])]);
    const apply = (session: Session) =>
      execute(
        api.graphqlUrl,
        ApplyForCardDocument,
        { input: { email: 'find@example.test', codeWord: 'Тихий вечер' } },
        as(session),
      );
    await apply(first);
    await apply(second);
    const find = async (phone: string, status?: 'SUBMITTED' | 'APPROVED') =>
      (
        await execute(api.graphqlUrl, CardApplicationsDocument, { phone, status: status ?? null }, as(agent))
      ).data!.cardApplications.nodes.map((application) => application.phone);

    // Test phones are +7900XXXXXXX: the domestic form 8 900 XXX-XX-XX finds the same account.
    const domestic = `8 ${first.phone.slice(2, 5)} ${first.phone.slice(5, 8)}-${first.phone.slice(8, 10)}-${first.phone.slice(10)}`;
    expect(await find(domestic)).toEqual([first.phone]);
    expect(await find(first.phone)).toEqual([first.phone]);
    expect(await find(second.phone.slice(-7))).toEqual([second.phone]);
    expect(await find(first.phone, 'APPROVED')).toEqual([]);
    expect(await find(first.phone, 'SUBMITTED')).toEqual([first.phone]);
    expect(errorCodes(await execute(api.graphqlUrl, CardApplicationsDocument, { phone: '12' }, as(agent)))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});
