import { afterEach, describe, expect, it } from 'vitest';
import { BusinessCalendar, type DayOverride } from '../calendar/business-time.js';
import { hotlineStatus, toDayHours, type HotlineSchedule } from './hotline-schedule.js';

const msk = (local: string) => new Date(`${local}+03:00`);
const workdays = new Map([1, 2, 3, 4, 5].map((weekday) => [weekday, toDayHours('09:00', '18:00')]));
const schedule = (exceptions: Record<string, [string, string] | null> = {}): HotlineSchedule => ({
  weekly: workdays,
  exceptions: new Map(Object.entries(exceptions).map(([date, hours]) => [date, hours ? toDayHours(...hours) : null])),
});
const status = (at: string, overrides: Record<string, DayOverride> = {}, exceptions = {}) =>
  hotlineStatus(new BusinessCalendar(new Map(Object.entries(overrides))), schedule(exceptions), msk(at));

const originalTz = process.env['TZ'];
afterEach(() => {
  process.env['TZ'] = originalTz;
});

describe('is the hotline open (09:00–18:00 Moscow time on working days)', () => {
  it('is closed at 08:59:59 and says it opens at 09:00 the same day', () => {
    expect(status('2026-11-23T08:59:59')).toEqual({
      isOpenNow: false,
      closesAt: null,
      nextOpenAt: msk('2026-11-23T09:00:00'),
    });
  });

  it('is open at 09:00 sharp, closing at 18:00', () => {
    expect(status('2026-11-23T09:00:00')).toEqual({
      isOpenNow: true,
      closesAt: msk('2026-11-23T18:00:00'),
      nextOpenAt: null,
    });
  });

  it('is open at 17:59:59', () => {
    expect(status('2026-11-23T17:59:59').isOpenNow).toBe(true);
  });

  it('is closed at 18:00 and opens the next morning', () => {
    expect(status('2026-11-23T18:00:00')).toEqual({
      isOpenNow: false,
      closesAt: null,
      nextOpenAt: msk('2026-11-24T09:00:00'),
    });
  });

  it('on a Friday evening opens on Monday morning', () => {
    expect(status('2026-11-20T19:30:00').nextOpenAt).toEqual(msk('2026-11-23T09:00:00'));
  });

  it('is closed on a holiday and opens on the next working day', () => {
    const result = status('2026-11-04T12:00:00', { '2026-11-04': 'HOLIDAY' });
    expect(result.isOpenNow).toBe(false);
    expect(result.nextOpenAt).toEqual(msk('2026-11-05T09:00:00'));
  });

  it('skips the whole New Year break', () => {
    const holidays = Object.fromEntries(
      ['2026-12-31', '2027-01-01', '2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08'].map((d) => [
        d,
        'HOLIDAY' as const,
      ]),
    );
    expect(status('2026-12-30T18:30:00', holidays).nextOpenAt).toEqual(msk('2027-01-11T09:00:00'));
  });

  it('opens on a weekend made a working day, with regular hours', () => {
    expect(status('2026-11-21T10:00:00', { '2026-11-21': 'WORKING_DAY' }).isOpenNow).toBe(true);
  });

  it('follows its own exceptions over everything else', () => {
    expect(status('2026-11-23T16:30:00', {}, { '2026-11-23': ['10:00', '16:00'] }).isOpenNow).toBe(false);
    expect(status('2026-11-22T11:00:00', {}, { '2026-11-22': ['10:00', '16:00'] }).isOpenNow).toBe(true);
    expect(status('2026-11-23T12:00:00', {}, { '2026-11-23': null }).nextOpenAt).toEqual(msk('2026-11-24T09:00:00'));
  });

  it('gives the same answer whatever time zone the server runs in', () => {
    const edges = ['2026-11-23T08:59:59', '2026-11-23T09:00:00', '2026-11-23T17:59:59', '2026-11-23T18:00:00'];
    const expected = edges.map((at) => status(at));
    for (const zone of ['UTC', 'America/New_York', 'Pacific/Kiritimati']) {
      process.env['TZ'] = zone;
      expect(edges.map((at) => status(at))).toEqual(expected);
    }
  });
});
