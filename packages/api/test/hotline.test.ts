import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BusinessCalendarDocument,
  HotlineDocument,
  RemoveCalendarDayDocument,
  RemoveHotlineExceptionDocument,
  SetCalendarDayDocument,
  SetHotlineExceptionDocument,
  SupportChannelsDocument,
  UpdateHotlineDocument,
} from '@support/schema';
import { errorCodes, execute, startTestServer, type TestServer } from './harness.js';
import { loginAs } from './identity-helpers.js';

let api: TestServer;
let admin: { accessToken: string; user: { id: string } };
let agent: { accessToken: string };
let customer: { accessToken: string };

beforeAll(async () => {
  api = await startTestServer();
  [admin, agent, customer] = await Promise.all([
    loginAs(api, ['ADMIN']),
    loginAs(api, ['AGENT']),
    loginAs(api, ['CUSTOMER']),
  ]);
});
afterAll(async () => {
  await api?.close();
});

const asAdmin = () => ({ token: admin.accessToken });
/** Moscow wall clock now: date, ISO weekday, minutes since midnight (Moscow is UTC+3 all year). */
function moscowNow() {
  const shifted = new Date(Date.now() + 3 * 3_600_000);
  return {
    date: shifted.toISOString().slice(0, 10),
    weekday: ((shifted.getUTCDay() + 6) % 7) + 1,
    minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}
const moscowDatePlus = (days: number) =>
  new Date(Date.now() + 3 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

describe('the hotline as clients see it', () => {
  it('starts as the documented one: +7 958 400-00-05, ext. 76077, 09:00–18:00 Moscow time on weekdays', async () => {
    const { data } = await execute(api.graphqlUrl, HotlineDocument);
    expect(data?.hotline).toMatchObject({
      phone: '+79584000005',
      phoneDisplay: '+7 958 400-00-05',
      extension: '76077',
      timezone: 'Europe/Moscow',
    });
    expect(data?.hotline.weeklyHours).toEqual(
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '18:00' })),
    );
    expect(data?.hotline.purpose).toMatch(/статус/);
    const english = await execute(api.graphqlUrl, HotlineDocument, undefined, { headers: { 'accept-language': 'en' } });
    expect(english.data?.hotline.purpose).toMatch(/status/);
    // Open exactly when it says, and then it names the closing time; otherwise the next opening.
    const hotline = data!.hotline;
    expect(hotline.isOpenNow ? hotline.closesAt : hotline.nextOpenAt).toBeTruthy();
  });
});

describe('staff edit the hours and the answer changes', () => {
  it('opens the hotline now when today gets round-the-clock hours, and closes it with an exception', async () => {
    const now = moscowNow();
    const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' }));
    const updated = await execute(api.graphqlUrl, UpdateHotlineDocument, { input: { weeklyHours: allDay } }, asAdmin());
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateHotline.isOpenNow).toBe(now.minutes < 23 * 60 + 59);

    const closed = await execute(
      api.graphqlUrl,
      SetHotlineExceptionDocument,
      { input: { date: now.date, note: 'Санитарный день' } },
      asAdmin(),
    );
    const hotline = closed.data!.setHotlineException;
    expect(hotline.isOpenNow).toBe(false);
    expect(hotline.exceptions).toContainEqual({
      date: now.date,
      closed: true,
      opens: null,
      closes: null,
      note: 'Санитарный день',
    });
    expect(hotline.nextOpenAt).toBe(new Date(`${moscowDatePlus(1)}T00:00:00+03:00`).toISOString());

    const reopened = await execute(api.graphqlUrl, RemoveHotlineExceptionDocument, { date: now.date }, asAdmin());
    expect(reopened.data!.removeHotlineException.isOpenNow).toBe(now.minutes < 23 * 60 + 59);
  });

  it('keeps special hours for a date', async () => {
    const date = moscowDatePlus(3);
    const result = await execute(
      api.graphqlUrl,
      SetHotlineExceptionDocument,
      { input: { date, opens: '10:00', closes: '15:00', note: 'Сокращённый день' } },
      asAdmin(),
    );
    expect(result.data!.setHotlineException.exceptions).toContainEqual({
      date,
      closed: false,
      opens: '10:00',
      closes: '15:00',
      note: 'Сокращённый день',
    });
  });

  it('changes the number and extension, audited', async () => {
    const result = await execute(
      api.graphqlUrl,
      UpdateHotlineDocument,
      { input: { phone: '8 (958) 400-00-06', extension: '76078' } },
      asAdmin(),
    );
    expect(result.data!.updateHotline).toMatchObject({
      phone: '+79584000006',
      phoneDisplay: '+7 958 400-00-06',
      extension: '76078',
    });
    const [entry] = await api.db.orm.em
      .fork()
      .execute<Array<{ actor_id: string; before: { phone: string }; after: { phone: string } }>>(
        `select actor_id, before, after from audit_entry where action = 'hotline.updated' order by created_at desc limit 1`,
      );
    expect(entry).toMatchObject({
      actor_id: admin.user.id,
      before: { phone: '+79584000005' },
      after: { phone: '+79584000006' },
    });
  });

  it('refuses impossible hours and dates', async () => {
    const cases = [
      { weeklyHours: [{ weekday: 1, opens: '18:00', closes: '09:00' }] },
      { weeklyHours: [{ weekday: 8, opens: '09:00', closes: '18:00' }] },
      {
        weeklyHours: [
          { weekday: 1, opens: '09:00', closes: '18:00' },
          { weekday: 1, opens: '10:00', closes: '11:00' },
        ],
      },
      { weeklyHours: [{ weekday: 2, opens: '9:00', closes: '18:00' }] },
      { phone: '12345' },
      { extension: '76-077' },
    ];
    for (const input of cases) {
      const result = await execute(api.graphqlUrl, UpdateHotlineDocument, { input }, asAdmin());
      expect(errorCodes(result), JSON.stringify(input)).toEqual(['BAD_USER_INPUT']);
    }
    const halfDay = await execute(
      api.graphqlUrl,
      SetHotlineExceptionDocument,
      { input: { date: moscowDatePlus(5), opens: '10:00' } },
      asAdmin(),
    );
    expect(errorCodes(halfDay)).toEqual(['BAD_USER_INPUT']);
    const badDate = await execute(
      api.graphqlUrl,
      SetHotlineExceptionDocument,
      { input: { date: '2026-02-30' } },
      asAdmin(),
    );
    expect(errorCodes(badDate)[0]).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
  });

  it('lets only admins edit', async () => {
    for (const token of [agent.accessToken, customer.accessToken]) {
      const result = await execute(api.graphqlUrl, UpdateHotlineDocument, { input: { extension: '1' } }, { token });
      expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    }
  });
});

describe('the business calendar', () => {
  it('is edited by admins, read by staff, and closes the hotline on a holiday', async () => {
    const now = moscowNow();
    await execute(
      api.graphqlUrl,
      UpdateHotlineDocument,
      {
        input: { weeklyHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' })) },
      },
      asAdmin(),
    );
    const set = await execute(
      api.graphqlUrl,
      SetCalendarDayDocument,
      { input: { date: now.date, kind: 'HOLIDAY', name: 'Тестовый праздник' } },
      asAdmin(),
    );
    expect(set.data?.setCalendarDay).toEqual({ date: now.date, kind: 'HOLIDAY', name: 'Тестовый праздник' });
    expect((await execute(api.graphqlUrl, HotlineDocument)).data?.hotline.isOpenNow).toBe(false);

    const listed = await execute(
      api.graphqlUrl,
      BusinessCalendarDocument,
      { from: now.date, to: moscowDatePlus(1) },
      { token: agent.accessToken },
    );
    expect(listed.data?.businessCalendar).toEqual([{ date: now.date, kind: 'HOLIDAY', name: 'Тестовый праздник' }]);
    const refused = await execute(
      api.graphqlUrl,
      BusinessCalendarDocument,
      { from: now.date, to: now.date },
      { token: customer.accessToken },
    );
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);

    expect(
      (await execute(api.graphqlUrl, RemoveCalendarDayDocument, { date: now.date }, asAdmin())).data?.removeCalendarDay,
    ).toBe(true);
    expect(
      (await execute(api.graphqlUrl, RemoveCalendarDayDocument, { date: now.date }, asAdmin())).data?.removeCalendarDay,
    ).toBe(false);
    expect((await execute(api.graphqlUrl, HotlineDocument)).data?.hotline.isOpenNow).toBe(now.minutes < 23 * 60 + 59);
  });

  it('refuses a range that runs backwards', async () => {
    const result = await execute(
      api.graphqlUrl,
      BusinessCalendarDocument,
      { from: '2026-12-31', to: '2026-01-01' },
      { token: agent.accessToken },
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('contact channels', () => {
  it('lists chat, hotline, email and social networks with purposes and response times', async () => {
    const [{ data: channels }, { data: hotline }] = await Promise.all([
      execute(api.graphqlUrl, SupportChannelsDocument),
      execute(api.graphqlUrl, HotlineDocument),
    ]);
    const list = channels!.supportChannels;
    expect(list.map((c) => c.kind)).toEqual(['ONLINE_CHAT', 'HOTLINE', 'EMAIL', 'SOCIAL']);
    const phone = list.find((c) => c.kind === 'HOTLINE')!;
    expect(phone.availableNow).toBe(hotline!.hotline.isOpenNow);
    expect(phone.nextAvailableAt).toBe(hotline!.hotline.nextOpenAt);
    expect(phone.contact).toBe(hotline!.hotline.phoneDisplay);
    const email = list.find((c) => c.kind === 'EMAIL')!;
    expect(email.rules.join(' ')).toMatch(/номер обращения.*в теме/);
    for (const channel of list) {
      expect(channel.purpose.length).toBeGreaterThan(10);
      expect(channel.expectedResponseMinutes).toBeGreaterThan(0);
    }
    const english = await execute(api.graphqlUrl, SupportChannelsDocument, undefined, {
      headers: { 'accept-language': 'en' },
    });
    expect(english.data!.supportChannels.find((c) => c.kind === 'EMAIL')!.rules.join(' ')).toMatch(
      /request number .* subject/,
    );
  });
});
