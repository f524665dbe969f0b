import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar, type DayOverride } from '../calendar/business-time.js';
import { SLA_CLASSES, type SlaClass } from '../catalog/catalog.entity.js';
import {
  dueTimes,
  rescheduleForCalendar,
  resumeAfterPause,
  SLA_TARGETS,
  type SlaClock,
  type SlaTarget,
} from './ticket.sla.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Moscow is UTC+3 all year; the reference uses that fixed offset instead of a time-zone library. */
const MSK_OFFSET = 3 * 3_600_000;
const msk = (local: string) => new Date(`${local}+03:00`);
const localDate = (t: number) => new Date(t + MSK_OFFSET).toISOString().slice(0, 10);

/**
 * The straightforward reference: walk minute by minute from the start of the cycle, counting a minute when the
 * clock runs (not inside a pause) and, for a business-day target, when it falls on a working day; the due time is
 * the end of the minute that completes the target.
 */
function referenceDue(
  target: SlaTarget,
  start: number,
  pauses: ReadonlyArray<readonly [number, number]>,
  overrides: ReadonlyMap<string, DayOverride>,
  /** Staff edit the calendar at `at`: minutes from then on are counted on `overrides`. */
  edit?: { at: number; overrides: ReadonlyMap<string, DayOverride> },
): number {
  const days = new Map<string, boolean>();
  const working = (t: number) => {
    const edited = edit !== undefined && t >= edit.at;
    const key = `${edited}:${Math.floor((t + MSK_OFFSET) / DAY)}`;
    let answer = days.get(key);
    if (answer === undefined) {
      const override = (edited ? edit.overrides : overrides).get(localDate(t));
      const weekday = new Date(t + MSK_OFFSET).getUTCDay();
      answer = override ? override === 'WORKING_DAY' : weekday >= 1 && weekday <= 5;
      days.set(key, answer);
    }
    return answer;
  };
  let need = target.kind === 'CLOCK_HOURS' ? target.hours * 60 : target.days * 24 * 60;
  let t = start;
  while (need > 0) {
    const paused = pauses.some(([from, to]) => t >= from && t < to);
    if (!paused && (target.kind === 'CLOCK_HOURS' || working(t))) need -= 1;
    t += MINUTE;
  }
  return t;
}

/** Runs the module the way the service does: a cycle starts, then pauses begin and end at the given instants. */
function moduleDue(
  slaClass: SlaClass,
  start: number,
  pauses: ReadonlyArray<readonly [number, number]>,
  calendar: BusinessCalendar,
) {
  const ticket: SlaClock = { slaClass, ...dueTimes(slaClass, new Date(start), calendar), slaPausedAt: null };
  for (const [from, to] of pauses) {
    ticket.slaPausedAt = new Date(from); // the clock injected: the pause begins at `from` ...
    resumeAfterPause(ticket, new Date(to), calendar); // ... and ends at `to`
  }
  return { firstResponse: ticket.firstResponseDueAt.getTime(), resolution: ticket.resolutionDueAt.getTime() };
}

/** Russia's New Year holidays (1–8 January) every year, plus random holidays and transferred working days. */
const calendarArbitrary = (start: number) =>
  fc
    .array(
      fc.record({
        day: fc.integer({ min: -2, max: 80 }),
        kind: fc.constantFrom<DayOverride>('HOLIDAY', 'WORKING_DAY'),
      }),
      {
        maxLength: 12,
      },
    )
    .map((extra) => {
      const overrides = new Map<string, DayOverride>();
      for (const year of [2026, 2027, 2028]) {
        for (let day = 1; day <= 8; day += 1) overrides.set(`${year}-01-${String(day).padStart(2, '0')}`, 'HOLIDAY');
      }
      for (const { day, kind } of extra) overrides.set(localDate(start + day * DAY), kind);
      return overrides;
    });

/** A start minute in 2026–2027 (around New Year more often), a class, and up to 4 pauses after it. */
const scenario = fc
  .record({
    start: fc.oneof(
      fc.integer({
        min: msk('2026-01-01T00:00:00').getTime() / MINUTE,
        max: msk('2027-12-31T23:59:00').getTime() / MINUTE,
      }),
      fc.integer({
        min: msk('2026-12-20T00:00:00').getTime() / MINUTE,
        max: msk('2027-01-10T00:00:00').getTime() / MINUTE,
      }),
    ),
    slaClass: fc.constantFrom(...SLA_CLASSES),
    pauses: fc.array(
      fc.record({ gap: fc.integer({ min: 0, max: 4 * 24 * 60 }), length: fc.integer({ min: 0, max: 5 * 24 * 60 }) }),
      { maxLength: 4 },
    ),
  })
  .chain(({ start, slaClass, pauses }) => {
    const startMs = start * MINUTE;
    let cursor = startMs;
    const intervals = pauses.map(({ gap, length }) => {
      const from = cursor + gap * MINUTE;
      cursor = from + length * MINUTE;
      return [from, cursor] as const;
    });
    return calendarArbitrary(startMs).map((overrides) => ({ start: startMs, slaClass, pauses: intervals, overrides }));
  });

describe('SLA arithmetic', () => {
  it('matches the minute-by-minute reference for random filings, pauses and calendars', () => {
    fc.assert(
      fc.property(scenario, ({ start, slaClass, pauses, overrides }) => {
        const calendar = new BusinessCalendar(overrides);
        const targets = SLA_TARGETS[slaClass];
        expect(moduleDue(slaClass, start, pauses, calendar)).toEqual({
          firstResponse: referenceDue(targets.firstResponse, start, pauses, overrides),
          resolution: referenceDue(targets.resolution, start, pauses, overrides),
        });
      }),
      { numRuns: 200 },
    );
  });

  it('follows calendar edits: time before the edit counts on the old calendar, time after on the new one', () => {
    const edited = scenario.chain((base) =>
      fc
        .record({
          after: fc.integer({ min: 0, max: 20 * 24 * 60 }),
          changes: fc.array(
            fc.record({
              day: fc.integer({ min: -2, max: 40 }),
              kind: fc.constantFrom<DayOverride | 'NONE'>('HOLIDAY', 'WORKING_DAY', 'NONE'),
            }),
            { minLength: 1, maxLength: 6 },
          ),
        })
        .map(({ after, changes }) => {
          const at = base.start + after * MINUTE;
          const overrides = new Map(base.overrides);
          for (const { day, kind } of changes) {
            const key = localDate(at + day * DAY);
            if (kind === 'NONE') overrides.delete(key);
            else overrides.set(key, kind);
          }
          return { ...base, edit: { at, overrides } };
        }),
    );
    fc.assert(
      fc.property(edited, ({ start, slaClass, overrides, edit }) => {
        const before = new BusinessCalendar(overrides);
        const ticket = { slaClass, ...dueTimes(slaClass, new Date(start), before), firstRespondedAt: null };
        rescheduleForCalendar(ticket, new Date(edit.at), before, new BusinessCalendar(edit.overrides));
        const targets = SLA_TARGETS[slaClass];
        expect({
          firstResponse: ticket.firstResponseDueAt.getTime(),
          resolution: ticket.resolutionDueAt.getTime(),
        }).toEqual({
          firstResponse: referenceDue(targets.firstResponse, start, [], overrides, edit),
          resolution: referenceDue(targets.resolution, start, [], overrides, edit),
        });
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the remaining business days across a pause (the reported case)', () => {
    // STANDARD filed Tue 01.12.2026 12:00, waiting for the customer Wed 12:00 → Thu 12:00: three business days
    // with one of them paused end on Mon 07.12 12:00, not Sat 05.12 12:00.
    const due = moduleDue(
      'STANDARD',
      msk('2026-12-01T12:00:00').getTime(),
      [[msk('2026-12-02T12:00:00').getTime(), msk('2026-12-03T12:00:00').getTime()]],
      new BusinessCalendar(),
    );
    expect(new Date(due.resolution)).toEqual(msk('2026-12-07T12:00:00'));
    // The 24-hour answer target keeps its clock time: due Wed 12:00, paused at Wed 12:00, so already missed.
    expect(new Date(due.firstResponse)).toEqual(msk('2026-12-02T12:00:00'));
  });

  it('keeps the remaining clock hours across a pause', () => {
    // URGENT filed 10:00: answer due 12:00; paused 11:00–15:00 leaves one hour: 16:00.
    const due = moduleDue(
      'URGENT',
      msk('2026-12-05T10:00:00').getTime(),
      [[msk('2026-12-05T11:00:00').getTime(), msk('2026-12-05T15:00:00').getTime()]],
      new BusinessCalendar(),
    );
    expect(new Date(due.firstResponse)).toEqual(msk('2026-12-05T16:00:00'));
    expect(new Date(due.resolution)).toEqual(msk('2026-12-06T14:00:00'));
  });

  it('counts business days through New Year on the calendar staff keep', () => {
    const calendar = new BusinessCalendar(
      new Map<string, DayOverride>([
        ['2026-12-31', 'HOLIDAY'],
        ['2027-01-01', 'HOLIDAY'],
        ['2027-01-04', 'HOLIDAY'],
        ['2027-01-05', 'HOLIDAY'],
        ['2027-01-06', 'HOLIDAY'],
        ['2027-01-07', 'HOLIDAY'],
        ['2027-01-08', 'HOLIDAY'],
        ['2027-01-09', 'WORKING_DAY'],
      ]),
    );
    // COMPLEX filed Wed 30.12 12:00: the answer is due after 30.12 (half), 09.01, 11.01, 12.01 (half).
    expect(dueTimes('COMPLEX', msk('2026-12-30T12:00:00'), calendar).firstResponseDueAt).toEqual(
      msk('2027-01-12T12:00:00'),
    );
  });
});
