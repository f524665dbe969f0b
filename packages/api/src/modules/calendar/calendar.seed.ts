import type { Seeder } from '../../db/seeder.js';

/**
 * Russia's 2026 production calendar (days off, incl. those moved from weekends), and the statutory
 * New Year break of 2027; staff confirm 2027's transfers when the government publishes them.
 */
const DEMO_DAYS: Array<[date: string, kind: 'HOLIDAY' | 'WORKING_DAY', name: string]> = [
  ...['01', '02', '05', '06', '07', '08', '09'].map(
    (day) => [`2026-01-${day}`, 'HOLIDAY', 'Новогодние каникулы'] as [string, 'HOLIDAY', string],
  ),
  ['2026-02-23', 'HOLIDAY', 'День защитника Отечества'],
  ['2026-03-09', 'HOLIDAY', 'Международный женский день (перенос с 8 марта)'],
  ['2026-05-01', 'HOLIDAY', 'Праздник Весны и Труда'],
  ['2026-05-11', 'HOLIDAY', 'День Победы (перенос с 9 мая)'],
  ['2026-06-12', 'HOLIDAY', 'День России'],
  ['2026-11-04', 'HOLIDAY', 'День народного единства'],
  ['2026-12-31', 'HOLIDAY', 'Новогодние каникулы (перенос с 3 января)'],
  ...['01', '04', '05', '06', '07', '08'].map(
    (day) => [`2027-01-${day}`, 'HOLIDAY', 'Новогодние каникулы'] as [string, 'HOLIDAY', string],
  ),
  ['2027-02-23', 'HOLIDAY', 'День защитника Отечества'],
  ['2027-03-08', 'HOLIDAY', 'Международный женский день'],
  ['2027-06-14', 'HOLIDAY', 'День России (перенос с 12 июня)'],
  ['2027-11-04', 'HOLIDAY', 'День народного единства'],
];

export const seedCalendar: Seeder = async (orm) => {
  const em = orm.em.fork();
  let added = 0;
  for (const [date, kind, name] of DEMO_DAYS) {
    const rows = await em.execute<Array<{ date: string }>>(
      `insert into business_calendar_day (date, kind, name, updated_at) values (?, ?, ?, now())
       on conflict (date) do nothing returning date`,
      [date, kind, name],
    );
    added += rows.length;
  }
  return `${added} calendar day(s) added, ${DEMO_DAYS.length - added} already there`;
};
