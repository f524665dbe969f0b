import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancelPayoutDocument,
  CreditWalletDocument,
  PayoutsDocument,
  RequestWithdrawalDocument,
  ResolvePayoutDocument,
  RetryPayoutDocument,
  WalletDocument,
} from '@support/schema';
import type { PayoutProvider, PayoutRequest } from '../src/modules/wallet/payout.provider.js';
import { errorCodes, execute, startTestServer, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

/** A bank that does not answer until told to, and remembers what it paid by idempotency key. */
let answering = false;
const requests: string[] = [];
const paidKeys = new Set<string>();
const bank: PayoutProvider = {
  async payout({ idempotencyKey }: PayoutRequest) {
    requests.push(idempotencyKey);
    if (!answering) throw new Error('timeout waiting for the bank');
    paidKeys.add(idempotencyKey);
    return { outcome: 'PAID' };
  },
};

let api: TestServer;
let admin: Session;
let agent: Session;
beforeAll(async () => {
  api = await startTestServer({ payoutProvider: bank, env: { PAYOUT_POLL_MS: '600000' } });
  [admin, agent] = await Promise.all([loginAs(api, ['ADMIN']), loginAs(api, ['AGENT'])]);
});
afterAll(async () => {
  await api?.close();
});

const as = (session: Session) => ({ token: session.accessToken });
async function unknownPayout() {
  const customer = await loginAs(api, ['CUSTOMER']);
  await execute(
    api.graphqlUrl,
    CreditWalletDocument,
    { input: { userId: customer.user.id, amount: '50000', reason: 'Возврат', idempotencyKey: randomUUID() } },
    as(admin),
  );
  const requested = await execute(
    api.graphqlUrl,
    RequestWithdrawalDocument,
    {
      input: {
        amount: '20000',
        destination: {
          kind: 'BANK_ACCOUNT',
          recipientName: 'Иванов Иван',
          bik: '049805746',
          accountNumber: '40602810700000000025',
        },
        idempotencyKey: randomUUID(),
      },
    },
    as(customer),
  );
  const id = requested.data!.requestWithdrawal.id;
  // The request woke the payout job, which claims it at once; this pass or that one asks the bank.
  await expect
    .poll(async () => {
      await api.services.payouts.processOnce();
      const payouts = await execute(api.graphqlUrl, PayoutsDocument, { status: 'UNKNOWN' }, as(agent));
      return payouts.data!.payouts.nodes.map((p) => p.id);
    })
    .toContain(id);
  const wallet = async () => (await execute(api.graphqlUrl, WalletDocument, {}, as(customer))).data!.wallet;
  return { id, customer, wallet };
}

describe('a payout whose outcome is unknown', () => {
  it('keeps its money held, cannot be cancelled, and is resolved by an admin either way', async () => {
    const paid = await unknownPayout();
    expect(await paid.wallet()).toMatchObject({ available: '30000', balance: '50000' });
    const unknown = await execute(api.graphqlUrl, PayoutsDocument, { status: 'UNKNOWN' }, as(agent));
    expect(unknown.data!.payouts.nodes.find((p) => p.id === paid.id)?.failureCode).toBe('BANK_NO_ANSWER');
    expect(errorCodes(await execute(api.graphqlUrl, CancelPayoutDocument, { id: paid.id }, as(admin)))).toEqual([
      'PAYOUT_NOT_CANCELLABLE',
    ]);
    expect(
      errorCodes(
        await execute(api.graphqlUrl, ResolvePayoutDocument, { id: paid.id, outcome: 'COMPLETED' }, as(agent)),
      ),
    ).toEqual(['FORBIDDEN']);
    const settled = await execute(
      api.graphqlUrl,
      ResolvePayoutDocument,
      { id: paid.id, outcome: 'COMPLETED' },
      as(admin),
    );
    expect(settled.data?.resolvePayout).toMatchObject({ status: 'COMPLETED', failureCode: null });
    expect(await paid.wallet()).toMatchObject({ available: '30000', balance: '30000' });

    const refused = await unknownPayout();
    const failed = await execute(
      api.graphqlUrl,
      ResolvePayoutDocument,
      { id: refused.id, outcome: 'FAILED', note: 'банк: платёж не найден' },
      as(admin),
    );
    expect(failed.data?.resolvePayout).toMatchObject({ status: 'FAILED', failureCode: 'BANK_REJECTED' });
    expect(await refused.wallet()).toMatchObject({ available: '50000', balance: '50000' });
    expect(
      errorCodes(
        await execute(api.graphqlUrl, ResolvePayoutDocument, { id: refused.id, outcome: 'FAILED' }, as(admin)),
      ),
    ).toEqual(['PAYOUT_NOT_RESOLVABLE']);
  });

  it('is asked about again with the same idempotency key, and paid once', async () => {
    const payout = await unknownPayout();
    answering = true;
    try {
      const retried = await execute(api.graphqlUrl, RetryPayoutDocument, { id: payout.id }, as(admin));
      expect(retried.data?.retryPayout.status).toBe('PENDING');
      await expect
        .poll(async () => {
          await api.services.payouts.processOnce();
          const page = await execute(api.graphqlUrl, PayoutsDocument, { userId: payout.customer.user.id }, as(agent));
          return page.data!.payouts.nodes[0]?.status;
        })
        .toBe('COMPLETED');
      expect(requests.filter((key) => key.startsWith(payout.id))).toEqual([`${payout.id}:1`, `${payout.id}:1`]);
      expect(await payout.wallet()).toMatchObject({ available: '30000', balance: '30000' });
    } finally {
      answering = false;
    }
  });
});
