import { afterEach, describe, expect, it } from 'vitest';
import { BusinessCalendar, formatClock, parseClock, type DayOverride } from './business-time.js';

/** Moscow is UTC+3 all year: 12:00 MSK = 09:00Z. */
const msk = (local: string) => new Date(`${local}+03:00`);
const calendar = (overrides: Record<string, DayOverride> = {}) =>
  new BusinessCalendar(new Map(Object.entries(overrides)));

const originalTz = process.env['TZ'];
afterEach(() => {
  process.env['TZ'] = originalTz;
});

describe('business days', () => {
  it('are Monday to Friday by default', () => {
    const cal = calendar();
    // 2026-11-20 is a Friday.
    expect(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'].map((d) => cal.isWorkingDay(d))).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it('follow holidays and transferred working days', () => {
    const cal = calendar({ '2026-11-04': 'HOLIDAY', '2026-11-21': 'WORKING_DAY' });
    expect(cal.isWorkingDay('2026-11-04')).toBe(false);
    expect(cal.isWorkingDay('2026-11-21')).toBe(true);
  });

  it('adds days across a weekend keeping the local time', () => {
    // Friday 15:00 + 3 business days = Wednesday 15:00.
    expect(calendar().addBusinessDays(msk('2026-11-20T15:00:00'), 3)).toEqual(msk('2026-11-25T15:00:00'));
  });

  it('starts counting on the next working day when asked on a weekend', () => {
    // Saturday 10:00 + 3 business days = Monday, Tuesday, Wednesday in full: Thursday 00:00.
    expect(calendar().addBusinessDays(msk('2026-11-21T10:00:00'), 3)).toEqual(msk('2026-11-26T00:00:00'));
  });

  it('skips holidays and counts transferred working days', () => {
    const cal = calendar({
      '2026-12-31': 'HOLIDAY',
      '2027-01-01': 'HOLIDAY',
      '2027-01-04': 'HOLIDAY',
      '2027-01-05': 'HOLIDAY',
      '2027-01-06': 'HOLIDAY',
      '2027-01-07': 'HOLIDAY',
      '2027-01-08': 'HOLIDAY',
      '2027-01-09': 'WORKING_DAY',
    });
    // Wednesday 30 Dec 12:00 + 3: Sat 9 Jan (transferred), Mon 11, Tue 12.
    expect(cal.addBusinessDays(msk('2026-12-30T12:00:00'), 3)).toEqual(msk('2027-01-12T12:00:00'));
  });

  it('adds zero days to a working instant without moving it', () => {
    expect(calendar().addBusinessDays(msk('2026-11-23T11:30:00'), 0)).toEqual(msk('2026-11-23T11:30:00'));
  });
});

describe('business hours', () => {
  it('count only 09:00–18:00 on working days', () => {
    const cal = calendar();
    expect(cal.addBusinessHours(msk('2026-11-23T10:00:00'), 2)).toEqual(msk('2026-11-23T12:00:00'));
    // Friday 17:00 + 2 h: one hour on Friday, one on Monday.
    expect(cal.addBusinessHours(msk('2026-11-20T17:00:00'), 2)).toEqual(msk('2026-11-23T10:00:00'));
    // Before opening: counting starts at 09:00.
    expect(cal.addBusinessHours(msk('2026-11-23T07:15:00'), 1)).toEqual(msk('2026-11-23T10:00:00'));
    // After closing: next working morning.
    expect(cal.addBusinessHours(msk('2026-11-23T19:00:00'), 9)).toEqual(msk('2026-11-24T18:00:00'));
  });

  it('skip holidays', () => {
    const cal = calendar({ '2026-11-04': 'HOLIDAY' });
    // Tuesday 17:00 + 3 h: 1 h Tuesday, Wednesday is a holiday, 2 h Thursday.
    expect(cal.addBusinessHours(msk('2026-11-03T17:00:00'), 3)).toEqual(msk('2026-11-05T11:00:00'));
  });

  it('keep seconds', () => {
    expect(calendar().addBusinessHours(msk('2026-11-23T17:59:30'), 1)).toEqual(msk('2026-11-24T09:59:30'));
  });
});

describe('independence from the server time zone', () => {
  it('gives the same answers whatever TZ the process runs in', () => {
    const cases = () => [
      calendar().addBusinessDays(msk('2026-11-20T23:30:00'), 1).toISOString(),
      calendar().addBusinessHours(msk('2026-11-20T17:30:00'), 1).toISOString(),
      calendar().dateKey(msk('2026-11-21T00:30:00')),
    ];
    const inMoscow = cases();
    for (const zone of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kamchatka']) {
      process.env['TZ'] = zone;
      expect(cases()).toEqual(inMoscow);
    }
    expect(inMoscow).toEqual(['2026-11-23T20:30:00.000Z', '2026-11-23T06:30:00.000Z', '2026-11-21']);
  });
});

describe('clock strings', () => {
  it('round-trip HH:mm and refuse anything else', () => {
    expect(parseClock('09:00')).toBe(540);
    expect(formatClock(1080)).toBe('18:00');
    expect(() => parseClock('24:00')).toThrow();
    expect(() => parseClock('9:00')).toThrow();
  });
});
