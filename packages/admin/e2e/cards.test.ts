import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import {
  ApplyForCardDocument,
  CreditWalletDocument,
  MyCardApplicationDocument,
  PayoutsDocument,
  RequestWithdrawalDocument,
} from '@support/schema';
import { phones } from './accounts';
import { saveScreenshot } from './browser';
import { logIn, test } from './fixtures';
import { callApi, logInThroughApi, openPanelAsAgent } from './operations-api';

/** Buyers with no account yet (created on first login), one per test. */
const APPLICANT = '+79000000092';
const AGENT_CASE_CUSTOMER = '+79000000094';
/** A phone as the panel shows it everywhere: +7 900 000-00-92. */
const shown = (phone: string) => phone.replace(/^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/, '+7 $1 $2-$3-$4');

describe('card applications', () => {
  test('an admin finds a new application, checks the code word a caller says without ever seeing it, and approves the application', async ({
    page,
  }) => {
    await logIn(page, phones.operationsAdmins[1]);
    await page.getByRole('menuitem', { name: 'Заявки на карту' }).waitFor();

    const customer = await logInThroughApi(APPLICANT);
    const codeWord = 'Синий кит над морем';
    await callApi(ApplyForCardDocument, { input: { email: 'buyer92@example.test', codeWord } }, customer.accessToken);

    await page.getByRole('menuitem', { name: 'Заявки на карту' }).click();
    await page.waitForURL(/\/admin\/cards/);
    await page.getByLabel('Статус').click();
    await page.getByRole('option', { name: 'На рассмотрении' }).click();
    const row = page.locator('tbody tr', { hasText: shown(APPLICANT) });
    await row.waitFor();
    await row.getByText('На рассмотрении').waitFor();
    // Staff find the caller's application by the number they give, however they write it.
    await page.getByLabel('Телефон (цифры)').fill('8 900 000-00-99');
    await row.waitFor({ state: 'detached' });
    await page.getByLabel('Телефон (цифры)').fill('8 900 000-00-92');
    await row.waitFor();
    await page.waitForLoadState('networkidle');
    await saveScreenshot(page, 'cards-list');

    await row.click();
    await page.waitForURL(/\/admin\/cards\/[^/]+\/show/);
    await page.getByText(`Заявка на карту: ${shown(APPLICANT)}`).waitFor();
    await page.getByTestId('code-word-state').getByText('задано').waitFor();

    const spoken = page.getByLabel('Слово, которое назвал клиент');
    const result = page.getByTestId('code-word-result');
    await spoken.fill('Красный кит');
    await page.getByRole('button', { name: 'Проверить' }).click();
    await result.getByText('Кодовое слово не совпадает.').waitFor();
    expect(await spoken.inputValue()).toBe('');
    await spoken.fill('синий КИТ над морем');
    await page.getByRole('button', { name: 'Проверить' }).click();
    await result.getByText('Кодовое слово совпадает.').waitFor();
    expect(await spoken.inputValue()).toBe('');
    // The panel never shows a code word: not the stored one, and not the one typed once it is checked.
    expect((await page.content()).toLowerCase()).not.toContain('кит');

    await page.getByRole('button', { name: 'Одобрить' }).click();
    await page.locator('[data-status="APPROVED"]').waitFor();
    await page.getByRole('button', { name: 'Карта выпущена' }).waitFor();
    expect(await page.getByRole('button', { name: 'Одобрить' }).count()).toBe(0);
    const { myCardApplication } = await callApi(MyCardApplicationDocument, {}, customer.accessToken);
    expect(myCardApplication).toMatchObject({ status: 'APPROVED', rejectionReason: null });
  });

  test('an agent checks a code word but is not offered decisions or a reset, nor retries and cancellations of payouts', async ({
    page,
  }) => {
    const admin = await logInThroughApi(phones.operationsAdmins[3]);
    const customer = await logInThroughApi(AGENT_CASE_CUSTOMER);
    const { applyForCard: application } = await callApi(
      ApplyForCardDocument,
      { input: { email: 'buyer94@example.test', codeWord: 'Зелёная лампа' } },
      customer.accessToken,
    );
    // A payout the bank fails (its recipient's name starts with FAIL), for the agent to look at.
    await callApi(
      CreditWalletDocument,
      {
        input: { userId: customer.user.id, amount: '20000', reason: 'Возврат за заказ', idempotencyKey: randomUUID() },
      },
      admin.accessToken,
    );
    await callApi(
      RequestWithdrawalDocument,
      {
        input: {
          amount: '10000',
          destination: {
            kind: 'BANK_ACCOUNT',
            recipientName: 'FAIL Агентов Тест',
            bik: '049805746',
            accountNumber: '40602810700000000025',
          },
          idempotencyKey: randomUUID(),
        },
      },
      customer.accessToken,
    );
    await expect
      .poll(
        async () =>
          (await callApi(PayoutsDocument, { userId: customer.user.id }, admin.accessToken)).payouts.nodes[0]?.status,
        { timeout: 15_000 },
      )
      .toBe('FAILED');

    await openPanelAsAgent(page, phones.areaAgents[2], admin.accessToken);
    await page.getByRole('menuitem', { name: 'Заявки на карту' }).click();
    await page.locator('tbody tr', { hasText: shown(AGENT_CASE_CUSTOMER) }).click();
    await page.waitForURL(new RegExp(`/admin/cards/${application.id}/show`));
    await page.getByText('Решения по заявкам принимают старшие сотрудники и администраторы.').waitFor();
    expect(await page.getByRole('button', { name: 'Одобрить' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Сбросить кодовое слово' }).count()).toBe(0);
    await page.getByLabel('Слово, которое назвал клиент').fill('зелёная лампа');
    await page.getByRole('button', { name: 'Проверить' }).click();
    await page.getByTestId('code-word-result').getByText('Кодовое слово совпадает.').waitFor();

    await page.getByRole('menuitem', { name: 'Выплаты' }).click();
    const payout = page.locator('tbody tr', { hasText: 'Пользователь 0094' });
    await payout.getByText('Не прошла').waitFor();
    await payout.getByText('100,00 ₽').waitFor();
    expect(await payout.getByRole('button').count()).toBe(0);

    // Chats are for every staff role.
    await page.getByRole('menuitem', { name: 'Чаты поддержки' }).click();
    await page.getByRole('tab', { name: 'Ждут сотрудника' }).waitFor();
  });
});
