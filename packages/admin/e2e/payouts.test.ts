import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import {
  CreditWalletDocument,
  PayoutsDocument,
  RequestWithdrawalDocument,
  WalletDocument,
  WalletTransactionsDocument,
} from '@support/schema';
import { phones } from './accounts';
import { saveScreenshot } from './browser';
import { logIn, test } from './fixtures';
import { callApi, logInThroughApi, tokenOf } from './operations-api';

/** A buyer with no account yet: created on this first login. */
const CUSTOMER_PHONE = '+79000000093';
const CUSTOMER_NAME = 'Пользователь 0093';

describe('wallet payouts', () => {
  test('an admin finds a payout the bank failed, retries it, and then cancels it, and the API follows each step', async ({
    page,
  }) => {
    await logIn(page, phones.operationsAdmins[2]);
    await page.getByRole('menuitem', { name: 'Выплаты' }).waitFor();
    const adminToken = await tokenOf(page);

    // The customer has 500 rubles and withdraws 123.45 to an account the sandbox bank rejects.
    const customer = await logInThroughApi(CUSTOMER_PHONE);
    await callApi(
      CreditWalletDocument,
      {
        input: { userId: customer.user.id, amount: '50000', reason: 'Возврат за заказ', idempotencyKey: randomUUID() },
      },
      adminToken,
    );
    const { requestWithdrawal } = await callApi(
      RequestWithdrawalDocument,
      {
        input: {
          amount: '12345',
          destination: {
            kind: 'BANK_ACCOUNT',
            recipientName: 'FAIL Выплатов Тест',
            bik: '049805746',
            accountNumber: '40602810700000000025',
          },
          idempotencyKey: randomUUID(),
        },
      },
      customer.accessToken,
    );
    const statusInApi = async () =>
      (await callApi(PayoutsDocument, { userId: customer.user.id }, adminToken)).payouts.nodes.find(
        (payout) => payout.id === requestWithdrawal.id,
      )?.status;
    await expect.poll(statusInApi, { timeout: 15_000 }).toBe('FAILED');
    const holds = async () =>
      (await callApi(WalletTransactionsDocument, { first: 50 }, customer.accessToken)).wallet.transactions.nodes.filter(
        (transaction) => transaction.type === 'WITHDRAWAL_HOLD',
      ).length;
    expect(await holds()).toBe(1);

    await page.getByRole('menuitem', { name: 'Выплаты' }).click();
    await page.waitForURL(/\/admin\/payouts/);
    const row = page.locator('tbody tr', { hasText: CUSTOMER_NAME });
    await row.getByText('Не прошла').waitFor();
    await page.getByLabel('Статус').click();
    await page.getByRole('option', { name: 'Выполнена' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByLabel('Статус').click();
    await page.getByRole('option', { name: 'Не прошла' }).click();
    await row.waitFor();
    await row.getByText('123,45 ₽').waitFor();
    // The reason is the code in the reader's language, never the bank's English.
    await row.getByText('Банк получателя отклонил платёж.').waitFor();
    await row.getByText('FAIL Выплатов Тест').waitFor();
    await row.getByText('•••• 0025').waitFor();
    await saveScreenshot(page, 'payouts-list');

    await row.getByRole('button', { name: 'Повторить' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Повторить выплату 123,45 ₽?').waitFor();
    await dialog.getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByText('Выплата отправлена повторно').waitFor();
    // The retry held the money again and went to the bank, which rejected it again.
    expect(await holds()).toBe(2);
    await expect.poll(statusInApi, { timeout: 15_000 }).toBe('FAILED');

    // The list of failed payouts shows it again after a refresh.
    await page.getByRole('button', { name: 'Обновить' }).click();
    await row.getByText('Не прошла').waitFor();
    await row.getByRole('button', { name: 'Отменить' }).click();
    await dialog.getByText('деньги уже вернулись на баланс клиента').waitFor();
    await dialog.getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByText('Выплата отменена').waitFor();
    await row.waitFor({ state: 'detached' });
    await expect.poll(statusInApi).toBe('CANCELLED');
    const { wallet } = await callApi(WalletDocument, {}, customer.accessToken);
    expect(wallet).toMatchObject({ balance: '50000', available: '50000' });

    await page.getByLabel('Статус').click();
    await page.getByRole('option', { name: 'Отменена' }).click();
    await row.getByText('Отменена').waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
  });
});
