import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import {
  BusinessCalendarDocument,
  HotlineDocument,
  SetCalendarDayDocument,
  SetHotlineExceptionDocument,
  UpdateHotlineDocument,
} from '@support/schema';
import { phones } from './accounts';
import { saveScreenshot } from './browser';
import { callApi, enterPanel, sessionsOnce } from './catalog-hotline-helpers';
import { test } from './fixtures';

const sessionOf = sessionsOnce();

/** Moscow wall clock: the date and the minutes since midnight. */
function moscowNow(at = new Date()) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Moscow',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    minutes: Number(parts['hour']) * 60 + Number(parts['minute']),
  };
}

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** What the customer apps are told: the public query, no token. */
const publicHotline = async () => (await callApi(HotlineDocument, {})).hotline;

/** Sets every weekday to the same hours in the panel's editor and saves. */
async function setEveryDay(page: Page, opens: string, closes: string) {
  const editor = page.getByTestId('weekly-hours');
  for (let weekday = 1; weekday <= 7; weekday++) {
    const row = editor.getByTestId(`weekday-${weekday}`);
    await row.locator('input[type="checkbox"]').check();
    await row.getByLabel('Открытие').fill(opens);
    await row.getByLabel('Закрытие').fill(closes);
  }
  await editor.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByText('Сохранено').first().waitFor();
}

const openState = (page: Page) => page.getByTestId('hotline-open-state').getAttribute('data-open');

/** Waits (up to 10 s) for what the panel or the API shows to match; the panel reads again after each change. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000 });

describe('hotline', () => {
  test('an admin edits the weekly hours and an exception in the panel, and hotline.isOpenNow follows', async ({
    page,
  }) => {
    // Windows relative to the Moscow time now: one holding the next hour, one far from it. Just before midnight,
    // wait for the new day so that the windows stay within one date.
    if (moscowNow().minutes >= 23 * 60 + 57) {
      await new Promise((done) => setTimeout(done, (24 * 60 - moscowNow().minutes + 0.2) * 60_000));
    }
    const now = moscowNow();
    const open = {
      opens: clock(Math.max(0, now.minutes - 60)),
      closes: clock(Math.min(23 * 60 + 59, now.minutes + 61)),
    };
    const closed = now.minutes >= 120 ? { opens: '00:00', closes: '01:00' } : { opens: '22:00', closes: '23:00' };

    const { accessToken: token } = await sessionOf(phones.catalogAdmins[2]);
    await enterPanel(page, await sessionOf(phones.catalogAdmins[2]));
    await page.getByRole('menuitem', { name: 'Горячая линия' }).click();
    await page.getByTestId('hotline-open-state').waitFor();
    const original = await publicHotline();
    const [todayInCalendar] = (await callApi(BusinessCalendarDocument, { from: now.date, to: now.date }, { token }))
      .businessCalendar;
    const todaysException = original.exceptions.find((exception) => exception.date === now.date);

    try {
      // What would decide today instead of the weekly hours: the hotline's own exception, or a holiday of the
      // business calendar. Both are taken off in the panel first (and put back at the end).
      if (todaysException) {
        await page.locator(`[data-testid="hotline-exception"][data-date="${now.date}"] button`).click();
        await page.locator(`[data-testid="hotline-exception"][data-date="${now.date}"]`).waitFor({ state: 'detached' });
      }
      if (todayInCalendar?.kind === 'HOLIDAY') {
        await page.locator(`[data-testid="calendar-day"][data-date="${now.date}"] button`).click();
        await page.locator(`[data-testid="calendar-day"][data-date="${now.date}"]`).waitFor({ state: 'detached' });
      }

      await setEveryDay(page, closed.opens, closed.closes);
      await eventually(() => openState(page)).toBe('false');
      let hotline = await publicHotline();
      expect(hotline.isOpenNow).toBe(false);
      expect(hotline.weeklyHours).toHaveLength(7);
      // The panel names the next opening the API computed: every day opens at the same time.
      expect(hotline.nextOpenAt).not.toBeNull();
      expect(await page.getByTestId('hotline-next').textContent()).toMatch(new RegExp(`Откроется .*${closed.opens}`));

      await setEveryDay(page, open.opens, open.closes);
      await eventually(() => openState(page)).toBe('true');
      hotline = await publicHotline();
      expect(hotline.isOpenNow).toBe(true);
      expect(hotline.weeklyHours).toEqual(
        [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: open.opens, closes: open.closes })),
      );
      expect(await page.getByTestId('hotline-next').textContent()).toMatch(new RegExp(`Закроется .*${open.closes}`));

      // An exception for today closes it whatever the hours say; removing it opens it again.
      const exceptions = page.getByTestId('hotline-exceptions');
      await exceptions.getByLabel('Дата').fill(now.date);
      await exceptions.getByLabel('Комментарий').fill('Санитарный день');
      await exceptions.getByRole('button', { name: 'Сохранить особый день' }).click();
      const row = page.locator(`[data-testid="hotline-exception"][data-date="${now.date}"]`);
      await row.getByText('Закрыта весь день · Санитарный день').waitFor();
      await eventually(() => openState(page)).toBe('false');
      expect((await publicHotline()).isOpenNow).toBe(false);
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, 'hotline-editor');

      await row.getByRole('button').click();
      await row.waitFor({ state: 'detached' });
      await eventually(() => openState(page)).toBe('true');
      expect((await publicHotline()).isOpenNow).toBe(true);
    } finally {
      // Leave the hotline and the calendar as they were for the other test files.
      await callApi(UpdateHotlineDocument, { input: { weeklyHours: original.weeklyHours } }, { token });
      if (todaysException) {
        await callApi(
          SetHotlineExceptionDocument,
          {
            input: {
              date: todaysException.date,
              opens: todaysException.opens,
              closes: todaysException.closes,
              note: todaysException.note,
            },
          },
          { token },
        );
      }
      if (todayInCalendar?.kind === 'HOLIDAY') {
        await callApi(SetCalendarDayDocument, { input: { ...todayInCalendar, kind: 'HOLIDAY' } }, { token });
      }
    }
  });

  test('an admin marks a transferred working day in the business calendar and removes it again', async ({ page }) => {
    const admin = await sessionOf(phones.catalogAdmins[2]);
    // A Saturday of next July: far from today, so that no SLA deadline of the other files moves.
    const year = Number(moscowNow().date.slice(0, 4)) + 1;
    const july = new Date(Date.UTC(year, 6, 1));
    const saturday = new Date(Date.UTC(year, 6, 1 + ((6 - july.getUTCDay() + 7) % 7))).toISOString().slice(0, 10);
    const entries = async () =>
      (
        await callApi(
          BusinessCalendarDocument,
          { from: `${year}-01-01`, to: `${year}-12-31` },
          { token: admin.accessToken },
        )
      ).businessCalendar;
    expect((await entries()).some((day) => day.date === saturday)).toBe(false);

    await enterPanel(page, admin);
    await page.getByRole('menuitem', { name: 'Горячая линия' }).click();
    const calendar = page.getByTestId('business-calendar');
    await calendar.getByTestId('calendar-day').first().waitFor();
    await calendar.getByLabel('Год').click();
    await page.getByRole('option', { name: String(year) }).click();
    await calendar.getByLabel('Дата').fill(saturday);
    await calendar.getByLabel('Тип дня').click();
    await page.getByRole('option', { name: 'Рабочий день' }).click();
    await calendar.getByLabel('Название').fill('Перенос рабочего дня');
    await calendar.getByRole('button', { name: 'Сохранить день' }).click();
    const row = calendar.locator(`[data-testid="calendar-day"][data-date="${saturday}"]`);
    await row.getByText('Перенос рабочего дня').waitFor();
    await row.getByText('Рабочий день').waitFor();
    expect((await entries()).find((day) => day.date === saturday)).toEqual({
      date: saturday,
      kind: 'WORKING_DAY',
      name: 'Перенос рабочего дня',
    });

    await row.getByRole('button').click();
    await row.waitFor({ state: 'detached' });
    expect((await entries()).some((day) => day.date === saturday)).toBe(false);
  });
});
