import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyForCardDocument,
  CancelPayoutDocument,
  CreditWalletDocument,
  DecideCardApplicationDocument,
  MyCardApplicationDocument,
  PayoutsDocument,
  RequestWithdrawalDocument,
  ResetCodeWordDocument,
  RetryPayoutDocument,
  SetCardCodeWordDocument,
  VerifyCodeWordDocument,
  WalletChangedDocument,
  WalletDocument,
  WalletTransactionsDocument,
  type RequestWithdrawalInput,
} from '@support/schema';
import { topics } from '../src/lib/pubsub.js';
import { collect, errorCodes, execute, startTestServer, wsClient, type TestServer } from './harness.js';
import { loginAs, outbox } from './identity-helpers.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
let api: TestServer;
let admin: Session;
let agent: Session;
let senior: Session;

beforeAll(async () => {
  // The simulated bank answers at once; payouts run as soon as they are requested, like in production.
  api = await startTestServer({ env: { PAYOUT_POLL_MS: '600000', PAYOUT_DELAY_MS: '0' } });
  [admin, agent, senior] = await Promise.all([
    loginAs(api, ['ADMIN']),
    loginAs(api, ['AGENT']),
    loginAs(api, ['SENIOR_AGENT']),
  ]);
});
afterAll(async () => {
  await api?.close();
});

/** The ledger's invariants, checked after every test: entries sum to zero; each balance is the sum of its entries. */
afterEach(async () => {
  const em = api.db.orm.em.fork();
  const [total] = await em.execute<Array<{ sum: string | null }>>(
    'select coalesce(sum(amount), 0) as sum from ledger_entry',
  );
  expect(BigInt(total!.sum ?? 0)).toBe(0n);
  const drift = await em.execute(
    `select a.id from ledger_account a left join ledger_entry e on e.account_id = a.id
      group by a.id, a.balance having a.balance <> coalesce(sum(e.amount), 0)`,
  );
  expect(drift).toEqual([]);
  const negative = await em.execute(`select id from ledger_account where kind = 'USER_WALLET' and balance < 0`);
  expect(negative).toEqual([]);
});

const as = (session: Session) => ({ token: session.accessToken });
const VALID_BANK = {
  kind: 'BANK_ACCOUNT' as const,
  recipientName: 'Иванов Иван Иванович',
  bik: '049805746',
  accountNumber: '40602810700000000025',
};
async function customerWith(kopecks: number | string) {
  const customer = await loginAs(api, ['CUSTOMER']);
  if (BigInt(kopecks) > 0n) {
    const credited = await execute(
      api.graphqlUrl,
      CreditWalletDocument,
      {
        input: {
          userId: customer.user.id,
          amount: String(kopecks),
          reason: 'Возврат за заказ',
          idempotencyKey: randomUUID(),
        },
      },
      as(admin),
    );
    if (credited.errors) throw new Error(JSON.stringify(credited.errors));
  }
  return customer;
}
const withdraw = (
  session: Session,
  amount: number | string,
  destination: RequestWithdrawalInput['destination'] = VALID_BANK,
  key = randomUUID(),
) =>
  execute(
    api.graphqlUrl,
    RequestWithdrawalDocument,
    { input: { amount: String(amount), destination, idempotencyKey: key } },
    as(session),
  );
/** Waits until the user's latest payout reaches one of `statuses` (the processor runs in the background). */
async function latestPayout(session: Session, statuses: string[]) {
  let latest: { status: string } & Record<string, unknown> = { status: 'NONE' };
  await expect
    .poll(
      async () => {
        await api.services.payouts.processOnce();
        const page = await execute(api.graphqlUrl, PayoutsDocument, { userId: session.user.id }, as(agent));
        latest = page.data!.payouts.nodes[0]!;
        return statuses.includes(latest.status);
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return latest;
}
const walletOf = async (session: Session) =>
  (await execute(api.graphqlUrl, WalletDocument, {}, as(session))).data!.wallet;

describe('the balance', () => {
  it('is credited by admins in kopecks, idempotently, and shown formatted in rubles', async () => {
    const customer = await loginAs(api, ['CUSTOMER']);
    const key = randomUUID();
    const input = { userId: customer.user.id, amount: '123456', reason: 'Кэшбэк', idempotencyKey: key };
    await execute(api.graphqlUrl, CreditWalletDocument, { input }, as(admin));
    await execute(api.graphqlUrl, CreditWalletDocument, { input }, as(admin));
    const wallet = await walletOf(customer);
    expect(wallet.balance).toBe('123456');
    expect(wallet.availableFormatted).toBe('1\u00a0234,56\u00a0₽');
    expect(wallet.currency).toBe('RUB');
    const changed = await execute(
      api.graphqlUrl,
      CreditWalletDocument,
      { input: { ...input, amount: '1' } },
      as(admin),
    );
    expect(errorCodes(changed)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(
      errorCodes(
        await execute(
          api.graphqlUrl,
          CreditWalletDocument,
          { input: { ...input, idempotencyKey: randomUUID() } },
          as(agent),
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const history = await execute(api.graphqlUrl, WalletTransactionsDocument, {}, as(customer));
    expect(history.data!.wallet.transactions.nodes.map((t) => [t.type, t.amount, t.counterparty])).toEqual([
      ['CREDIT', '123456', 'Кэшбэк'],
    ]);
    expect((await outbox(api, customer.phone)).some((m) => m.purpose === 'wallet_credited')).toBe(true);
  });

  it('accepts amounts as integers or strings, never fractions', async () => {
    const customer = await loginAs(api, ['CUSTOMER']);
    const bad = await execute(
      api.graphqlUrl,
      CreditWalletDocument,
      { input: { userId: customer.user.id, amount: '12.50' as never, reason: 'x', idempotencyKey: randomUUID() } },
      as(admin),
    );
    expect(errorCodes(bad)[0]).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    const asNumber = await execute(
      api.graphqlUrl,
      CreditWalletDocument,
      { input: { userId: customer.user.id, amount: 500 as never, reason: 'x', idempotencyKey: randomUUID() } },
      as(admin),
    );
    expect(asNumber.data?.creditWallet.balance).toBe('500');
  });
});

describe('the withdrawal minimum', () => {
  it('allows 100.00 from a balance of 100.00', async () => {
    const customer = await customerWith(10_000);
    const result = await withdraw(customer, 10_000);
    expect(result.data?.requestWithdrawal).toMatchObject({ status: 'PENDING', amount: '10000' });
  });

  it('allows 99.99 from a balance of 99.99, and refuses 50.00 naming the allowed amount', async () => {
    const customer = await customerWith(9_999);
    const partial = await withdraw(customer, 5_000);
    expect(errorCodes(partial)).toEqual(['WITHDRAWAL_BELOW_MINIMUM']);
    expect(partial.errors?.[0]?.extensions?.['allowedAmount']).toBe('9999');
    expect((await withdraw(customer, 9_999)).data?.requestWithdrawal.status).toBe('PENDING');
  });

  it('refuses less than 100 rubles when the balance allows more, and more than the balance', async () => {
    const customer = await customerWith(50_000);
    const small = await withdraw(customer, 9_999);
    expect(errorCodes(small)).toEqual(['WITHDRAWAL_BELOW_MINIMUM']);
    expect(small.errors?.[0]?.extensions?.['allowedAmount']).toBe('10000');
    expect(errorCodes(await withdraw(customer, 50_001))).toEqual(['INSUFFICIENT_FUNDS']);
    expect(errorCodes(await withdraw(await loginAs(api, ['CUSTOMER']), 10_000))).toEqual(['INSUFFICIENT_FUNDS']);
  });
});

describe('requisites', () => {
  it('refuses a BIK and account that fail the Bank of Russia control key', async () => {
    const customer = await customerWith(100_000);
    const wrong = await withdraw(customer, 10_000, { ...VALID_BANK, accountNumber: '40602810700000000026' });
    expect(errorCodes(wrong)).toEqual(['INVALID_BANK_ACCOUNT']);
    const otherBank = await withdraw(customer, 10_000, { ...VALID_BANK, bik: '044525974' });
    expect(errorCodes(otherBank)).toEqual(['INVALID_BANK_ACCOUNT']);
    const short = await withdraw(customer, 10_000, { ...VALID_BANK, accountNumber: '4060281070000000002' });
    expect(errorCodes(short)).toEqual(['BAD_USER_INPUT']);
    expect((await walletOf(customer)).available).toBe('100000');
  });

  it('sends to the own card only with an issued card, and without requisites', async () => {
    const customer = await customerWith(20_000);
    expect(errorCodes(await withdraw(customer, 10_000, { kind: 'CARD' }))).toEqual(['CARD_REQUIRED']);
    const applied = await execute(
      api.graphqlUrl,
      ApplyForCardDocument,
      { input: { email: 'card@example.test', codeWord: 'Ромашка 2026' } },
      as(customer),
    );
    const id = applied.data!.applyForCard.id;
    await execute(api.graphqlUrl, DecideCardApplicationDocument, { id, decision: 'APPROVED' }, as(senior));
    await execute(api.graphqlUrl, DecideCardApplicationDocument, { id, decision: 'ISSUED' }, as(senior));
    expect(errorCodes(await withdraw(customer, 10_000, { kind: 'CARD', bik: '049805746' }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect((await withdraw(customer, 10_000, { kind: 'CARD' })).data?.requestWithdrawal.destinationKind).toBe('CARD');
  });
});

describe('holds, payouts and failures', () => {
  it('holds the funds at request time and completes the payout', async () => {
    const customer = await customerWith(30_000);
    const { data } = await withdraw(customer, 10_000);
    expect((await walletOf(customer)).available).toBe('20000');
    expect(await latestPayout(customer, ['COMPLETED'])).toMatchObject({
      id: data!.requestWithdrawal.id,
      accountNumberMasked: '•••• 0025',
    });
    const trail = await api.db.orm.em
      .fork()
      .execute<Array<{ action: string }>>('select action from audit_entry where subject_id = ? order by created_at', [
        data!.requestWithdrawal.id,
      ]);
    expect(trail.map((entry) => entry.action)).toEqual(['withdrawal.requested', 'withdrawal.completed']);
    expect(await walletOf(customer)).toMatchObject({ balance: '20000', available: '20000' });
  });

  it('writes the hold, the withdrawal, its audit entry and the notice, each row as it always was', async () => {
    const customer = await customerWith(30_000);
    const { data } = await withdraw(customer, 12_345);
    const id = data!.requestWithdrawal.id;
    const em = api.db.orm.em.fork();
    const [withdrawal] = await em.execute(
      `select user_id, amount, destination_kind, recipient_name, bik, account_number, attempt, idempotency_key is not null
              as keyed, length(request_fingerprint) as fingerprint, created_at = updated_at as fresh
         from withdrawal where id = ?`,
      [id],
    );
    expect(withdrawal).toEqual({
      user_id: customer.user.id,
      amount: '12345',
      destination_kind: 'BANK_ACCOUNT',
      recipient_name: VALID_BANK.recipientName,
      bik: VALID_BANK.bik,
      account_number: VALID_BANK.accountNumber,
      attempt: 1,
      keyed: true,
      fingerprint: 64,
      fresh: true,
    });
    const transfers = await em.execute(
      `select t.idempotency_key, t.kind, d.kind as debit, d.user_id as debit_owner, c.kind as credit,
              c.user_id as credit_owner, t.amount, t.description,
              (select array_agg(e.amount order by e.amount) from ledger_entry e where e.transfer_id = t.id) as entries
         from ledger_transfer t
         join ledger_account d on d.id = t.debit_account_id
         join ledger_account c on c.id = t.credit_account_id
        where t.reference = ? and t.kind = 'WITHDRAWAL_HOLD'`,
      [id],
    );
    expect(transfers).toEqual([
      {
        idempotency_key: `withdrawal:${id}:hold:1`,
        kind: 'WITHDRAWAL_HOLD',
        debit: 'USER_WALLET',
        debit_owner: customer.user.id,
        credit: 'PAYOUT_CLEARING',
        credit_owner: customer.user.id,
        amount: '12345',
        description: 'Вывод на счёт •••• 0025',
        entries: ['-12345', '12345'],
      },
    ]);
    const audit = await em.execute(
      `select actor_id, subject_type, before, after, request_id from audit_entry
        where subject_id = ? and action = 'withdrawal.requested'`,
      [id],
    );
    expect(audit).toEqual([
      {
        actor_id: customer.user.id,
        subject_type: 'Withdrawal',
        before: null,
        after: { amount: '12345', destination: 'BANK_ACCOUNT' },
        request_id: null,
      },
    ]);
    const notices = await em.execute(
      `select channel, "to", device_token, subject, text, secret, last_error is null as no_error
         from outbound_message where user_id = ? and purpose = 'withdrawal_requested'`,
      [customer.user.id],
    );
    expect(notices).toEqual([
      {
        channel: 'SECURITY_CHAT',
        to: customer.phone,
        device_token: null,
        subject: null,
        text: 'Запрошен вывод 123,45\u00a0₽. Деньги зарезервированы до зачисления.',
        secret: null,
        no_error: true,
      },
    ]);
  });

  it('returns the money when the payout fails, and a retry holds it again', async () => {
    const customer = await customerWith(30_000);
    const { data } = await withdraw(customer, 15_000, { ...VALID_BANK, recipientName: 'FAIL Тестовый получатель' });
    const id = data!.requestWithdrawal.id;
    const failed = await latestPayout(customer, ['FAILED']);
    expect(failed.failureCode).toBe('BANK_REJECTED');
    expect(await walletOf(customer)).toMatchObject({ balance: '30000', available: '30000' });
    expect((await outbox(api, customer.phone)).some((m) => m.purpose === 'withdrawal_failed')).toBe(true);

    // The processor waits while the retry is retried: otherwise the bank could fail it again in between.
    await api.services.payouts.stop();
    try {
      const retried = await execute(api.graphqlUrl, RetryPayoutDocument, { id }, as(admin));
      expect(retried.data?.retryPayout.status).toBe('PENDING');
      expect(errorCodes(await execute(api.graphqlUrl, RetryPayoutDocument, { id }, as(admin)))).toEqual([
        'PAYOUT_NOT_RETRYABLE',
      ]);
    } finally {
      api.services.payouts.start();
    }
    // The retry held the money again; it fails again at the bank and comes back again.
    await latestPayout(customer, ['FAILED']);
    expect((await walletOf(customer)).available).toBe('30000');

    // Staff give up on it: cancelling a failed payout closes it without moving money (it came back already).
    expect(errorCodes(await execute(api.graphqlUrl, CancelPayoutDocument, { id }, as(agent)))).toEqual(['FORBIDDEN']);
    const cancelled = await execute(api.graphqlUrl, CancelPayoutDocument, { id }, as(admin));
    expect(cancelled.data?.cancelPayout).toMatchObject({ id, status: 'CANCELLED' });
    expect(await walletOf(customer)).toMatchObject({ balance: '30000', available: '30000' });
    expect(errorCodes(await execute(api.graphqlUrl, RetryPayoutDocument, { id }, as(admin)))).toEqual([
      'PAYOUT_NOT_RETRYABLE',
    ]);
    expect(errorCodes(await execute(api.graphqlUrl, CancelPayoutDocument, { id }, as(admin)))).toEqual([
      'PAYOUT_NOT_CANCELLABLE',
    ]);
  });

  it('is cancelled by staff while still pending, returning the money', async () => {
    const customer = await customerWith(20_000);
    await api.services.payouts.stop();
    try {
      const { data } = await withdraw(customer, 10_000);
      expect((await walletOf(customer)).available).toBe('10000');
      const cancelled = await execute(
        api.graphqlUrl,
        CancelPayoutDocument,
        { id: data!.requestWithdrawal.id },
        as(admin),
      );
      expect(cancelled.data?.cancelPayout.status).toBe('CANCELLED');
      expect(await walletOf(customer)).toMatchObject({
        balance: '20000',
        available: '20000',
      });
      expect(
        errorCodes(await execute(api.graphqlUrl, CancelPayoutDocument, { id: data!.requestWithdrawal.id }, as(agent))),
      ).toEqual(['FORBIDDEN']);
    } finally {
      api.services.payouts.start();
    }
  });

  it('returns the same withdrawal for a repeated key, and refuses the key with other parameters', async () => {
    const customer = await customerWith(50_000);
    const key = randomUUID();
    const first = await withdraw(customer, 10_000, VALID_BANK, key);
    const again = await withdraw(customer, 10_000, VALID_BANK, key);
    expect(again.data?.requestWithdrawal.id).toBe(first.data?.requestWithdrawal.id);
    expect((await walletOf(customer)).available).toBe('40000');
    expect(errorCodes(await withdraw(customer, 20_000, VALID_BANK, key))).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });
});

describe('concurrency on the real server', () => {
  it('lets 100 concurrent withdrawals of 100 rubles from 1,000 rubles hold exactly 10, leaving zero', async () => {
    const customer = await customerWith(100_000);
    const results = await Promise.all(Array.from({ length: 100 }, () => withdraw(customer, 10_000)));
    const accepted = results.filter((r) => r.data?.requestWithdrawal);
    expect(accepted).toHaveLength(10);
    expect(results.flatMap(errorCodes).filter((c) => c === 'INSUFFICIENT_FUNDS')).toHaveLength(90);
    expect((await walletOf(customer)).available).toBe('0');
    const [held] = await api.db.orm.em
      .fork()
      .execute<Array<{ count: string; sum: string }>>(
        `select count(*) as count, sum(amount) as sum from withdrawal where user_id = ? and status <> 'FAILED'`,
        [customer.user.id],
      );
    expect([Number(held?.count), held?.sum]).toEqual([10, '100000']);
  });

  it('applies 20 concurrent retries of one request once', async () => {
    const customer = await customerWith(50_000);
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => withdraw(customer, 10_000, VALID_BANK, key)));
    expect(new Set(results.map((r) => r.data?.requestWithdrawal.id)).size).toBe(1);
    expect((await walletOf(customer)).available).toBe('40000');
  });

  it('races 50 retries of one request with 50 other requests on one wallet: the retries apply once', async () => {
    // The key is looked up after the wallet lock is granted, in a statement of its own: a retry that waited for
    // the lock sees the first request's commit. Looked up in the locking statement's snapshot, it would not
    // (a second withdrawal, or a unique violation as an INTERNAL_SERVER_ERROR).
    const customer = await customerWith(1_000_000);
    const key = randomUUID();
    const requests = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? key : randomUUID()));
    const results = await Promise.all(requests.map((k) => withdraw(customer, 10_000, VALID_BANK, k)));
    expect(results.flatMap(errorCodes)).toEqual([]);
    const retries = results.filter((_, i) => requests[i] === key).map((r) => r.data?.requestWithdrawal.id);
    expect(retries).toHaveLength(50);
    expect(new Set(retries).size).toBe(1);
    const others = results.filter((_, i) => requests[i] !== key).map((r) => r.data?.requestWithdrawal.id);
    expect(new Set([...others, retries[0]]).size).toBe(51);
    expect((await walletOf(customer)).available).toBe(String(1_000_000 - 51 * 10_000));
    const [counts] = await api.db.orm.em.fork().execute<Array<{ withdrawals: string; holds: string }>>(
      `select (select count(*) from withdrawal where user_id = ?) as withdrawals,
              (select count(*) from ledger_transfer t join withdrawal w on w.id::text = t.reference
                where w.user_id = ? and t.kind = 'WITHDRAWAL_HOLD') as holds`,
      [customer.user.id, customer.user.id],
    );
    expect([Number(counts?.withdrawals), Number(counts?.holds)]).toEqual([51, 51]);
  });

  it('races one key with two different requests: one applies, the other is IDEMPOTENCY_KEY_REUSED', async () => {
    const customer = await customerWith(1_000_000);
    const key = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => withdraw(customer, i % 2 === 0 ? 10_000 : 20_000, VALID_BANK, key)),
    );
    const applied = results.filter((r) => r.data?.requestWithdrawal);
    const amounts = new Set(applied.map((r) => r.data?.requestWithdrawal.amount));
    expect(amounts.size).toBe(1);
    expect(applied).toHaveLength(20);
    expect(new Set(applied.map((r) => r.data?.requestWithdrawal.id)).size).toBe(1);
    expect(results.flatMap(errorCodes)).toEqual(Array.from({ length: 20 }, () => 'IDEMPOTENCY_KEY_REUSED'));
    expect((await walletOf(customer)).available).toBe(String(1_000_000 - Number([...amounts][0])));
  });
});

describe('walletChanged', () => {
  it('shows a payout going from pending to completed without polling', async () => {
    const customer = await customerWith(20_000);
    const client = wsClient(api.wsUrl, { authorization: `Bearer ${customer.accessToken}` });
    try {
      const feed = collect(client, WalletChangedDocument, {});
      await api.services.pubsub.whenListening(topics.walletChanged(customer.user.id));
      await withdraw(customer, 10_000);
      await api.services.payouts.processOnce();
      await feed.waitUntil((results) =>
        results.some(
          (r) => r.walletChanged.activeWithdrawals.length === 0 && r.walletChanged.wallet.balance === '10000',
        ),
      );
      const statuses = feed.results.flatMap((r) => r.walletChanged.activeWithdrawals.map((w) => w.status));
      // In flight first (pending, or already claimed by the payout job when the event was read), then none.
      expect(statuses.some((status) => status === 'PENDING' || status === 'PROCESSING')).toBe(true);
      // Someone else's wallet changing sends nothing here.
      // Topics are keyed by recipient: another wallet's change reaches no listener of this one.
      const other = await customerWith(5_000);
      const otherFeed = wsClient(api.wsUrl, { authorization: `Bearer ${other.accessToken}` });
      try {
        const otherChanges = collect(otherFeed, WalletChangedDocument, {});
        await api.services.pubsub.whenListening(topics.walletChanged(other.user.id));
        const count = feed.results.length;
        expect((await withdraw(other, 5_000)).errors).toBeUndefined(); // the whole balance (under 100 ₽)
        await otherChanges.waitFor(1);
        expect(feed.results).toHaveLength(count);
      } finally {
        await otherFeed.dispose();
      }
    } finally {
      await client.dispose();
    }
  });
});

describe('walletChanged with a long history', () => {
  it('lists a withdrawal still held however many finished ones are newer', async () => {
    const customer = await customerWith(300_000);
    const stuck = (await withdraw(customer, 10_000)).data!.requestWithdrawal.id;
    // The bank never answered this one (a state only staff resolve); the payout worker leaves it alone.
    await api.db.orm.em.fork().execute(`update withdrawal set status = 'UNKNOWN' where id = ?`, [stuck]);
    for (let i = 0; i < 21; i += 1) expect((await withdraw(customer, 10_000)).errors).toBeUndefined();
    while ((await api.services.payouts.processOnce()) > 0);
    const client = wsClient(api.wsUrl, { authorization: `Bearer ${customer.accessToken}` });
    try {
      const feed = collect(client, WalletChangedDocument, {});
      await api.services.pubsub.whenListening(topics.walletChanged(customer.user.id));
      await withdraw(customer, 10_000);
      await feed.waitFor(1);
      const held = feed.results[0]!.walletChanged.activeWithdrawals.map((w) => w.id);
      expect(held).toContain(stuck);
    } finally {
      await client.dispose();
    }
  });
});

describe('the card and its code word', () => {
  it('validates the application and stores the code word only as a slow hash', async () => {
    const customer = await loginAs(api, ['CUSTOMER']);
    const bad = await execute(
      api.graphqlUrl,
      ApplyForCardDocument,
      { input: { email: 'not-an-email', codeWord: '123' } },
      as(customer),
    );
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(Object.keys(bad.errors?.[0]?.extensions?.['fields'] as object)).toEqual(['input.email', 'input.codeWord']);
    const applied = await execute(
      api.graphqlUrl,
      ApplyForCardDocument,
      { input: { email: 'a@b.test', codeWord: 'Синий кит' } },
      as(customer),
    );
    expect(applied.data?.applyForCard).toMatchObject({ status: 'SUBMITTED', phone: customer.phone, codeWordSet: true });
    const [row] = await api.db.orm.em
      .fork()
      .execute<Array<{ code_word_hash: string }>>('select code_word_hash from card_application where user_id = ?', [
        customer.user.id,
      ]);
    expect(row?.code_word_hash).toMatch(/^scrypt2\$32768\$8\$1\$/);
    expect(row?.code_word_hash).not.toContain('Синий');
    const rejected = await execute(
      api.graphqlUrl,
      DecideCardApplicationDocument,
      { id: applied.data!.applyForCard.id, decision: 'REJECTED' },
      as(senior),
    );
    expect(errorCodes(rejected)).toEqual(['BAD_USER_INPUT']);
  });

  it('lets staff check a spoken code word, limited per account and audited, and reset a forgotten one', async () => {
    const customer = await loginAs(api, ['CUSTOMER']);
    await execute(
      api.graphqlUrl,
      ApplyForCardDocument,
      { input: { email: 'c@d.test', codeWord: 'Зелёный слон' } },
      as(customer),
    );
    const check = (codeWord: string) =>
      execute(api.graphqlUrl, VerifyCodeWordDocument, { userId: customer.user.id, codeWord }, as(agent));
    expect((await check('зелёный СЛОН')).data?.verifyCodeWord).toBe(true);
    expect((await check('Красный слон')).data?.verifyCodeWord).toBe(false);
    expect((await check(' зеленый   Слон ')).data?.verifyCodeWord).toBe(true);
    for (let i = 0; i < 2; i += 1) await check('Не то');
    expect(errorCodes(await check('Зелёный слон'))).toEqual(['RATE_LIMITED']);
    expect(
      errorCodes(
        await execute(
          api.graphqlUrl,
          VerifyCodeWordDocument,
          { userId: customer.user.id, codeWord: 'x' },
          as(customer),
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const audit = await api.db.orm.em
      .fork()
      .execute<Array<{ action: string; actor_id: string }>>(
        `select action, actor_id from audit_entry where subject_id = ? order by created_at`,
        [customer.user.id],
      );
    expect(audit.map((a) => a.action)).toEqual([
      'card.code_word_matched',
      'card.code_word_mismatched',
      'card.code_word_matched',
      'card.code_word_mismatched',
      'card.code_word_mismatched',
    ]);

    const reset = await execute(api.graphqlUrl, ResetCodeWordDocument, { userId: customer.user.id }, as(senior));
    expect(reset.data?.resetCodeWord).toMatchObject({
      codeWordSet: false,
      codeWordResetBy: expect.stringMatching(/Пользователь/),
    });
    const set = await execute(api.graphqlUrl, SetCardCodeWordDocument, { codeWord: 'Новое слово' }, as(customer));
    expect(set.data?.setCardCodeWord.codeWordSet).toBe(true);
    expect(
      errorCodes(await execute(api.graphqlUrl, SetCardCodeWordDocument, { codeWord: 'Ещё одно' }, as(customer))),
    ).toEqual(['CODE_WORD_ALREADY_SET']);
    expect(
      (await execute(api.graphqlUrl, MyCardApplicationDocument, {}, as(customer))).data?.myCardApplication
        ?.codeWordResetAt,
    ).toBeTruthy();
  });
});
