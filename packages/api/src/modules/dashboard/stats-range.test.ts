import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/errors.js';
import { moscowToday, statsRange } from './stats-range.js';

// 21:30 UTC on 31 March is already 1 April in Moscow (UTC+3).
const now = new Date('2026-03-31T21:30:00Z');

describe('the statistics range', () => {
  it('defaults to the last 30 Moscow days, today included', () => {
    expect(moscowToday(now)).toBe('2026-04-01');
    expect(statsRange(null, null, now)).toEqual({
      from: '2026-03-03',
      to: '2026-04-01',
      days: 30,
      start: new Date('2026-03-02T21:00:00Z'),
      end: new Date('2026-04-01T21:00:00Z'),
    });
  });

  it('bounds a single day by Moscow midnights', () => {
    expect(statsRange('2026-01-10', '2026-01-10', now)).toMatchObject({
      days: 1,
      start: new Date('2026-01-09T21:00:00Z'),
      end: new Date('2026-01-10T21:00:00Z'),
    });
  });

  it('counts back 29 days from a given end when no start is given', () => {
    expect(statsRange(null, '2026-02-28', now)).toMatchObject({ from: '2026-01-30', to: '2026-02-28' });
  });

  it('takes up to 366 days and refuses a longer, reversed or impossible range', () => {
    expect(statsRange('2027-01-01', '2028-01-01', now).days).toBe(366);
    const refusal = (from: string, to: string) => {
      try {
        statsRange(from, to, now);
      } catch (error) {
        return error instanceof DomainError ? { code: error.code, fields: error.extensions['fields'] } : error;
      }
      return null;
    };
    expect(refusal('2026-01-01', '2027-01-02')).toEqual({ code: 'BAD_USER_INPUT', fields: { to: expect.any(String) } });
    expect(refusal('2026-01-02', '2026-01-01')).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { from: expect.any(String) },
    });
    expect(refusal('2026-02-30', '2026-03-01')).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { from: expect.any(String) },
    });
  });
});
