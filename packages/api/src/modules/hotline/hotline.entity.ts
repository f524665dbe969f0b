import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Opening hours of one weekday (ISO: 1 = Monday ... 7 = Sunday), `HH:mm` Moscow time. */
export interface WeekdayHours {
  weekday: number;
  opens: string;
  closes: string;
}

/** The hotline's settings: a single row (id 1), edited by staff. */
export const HotlineSettings = defineEntity({
  name: 'HotlineSettings',
  tableName: 'hotline_settings',
  properties: {
    id: p.integer().primary().autoincrement(false),
    phone: p.string().length(16),
    extension: p.string().length(10).nullable(),
    timeZone: p.string().length(40),
    weeklyHours: p.json<WeekdayHours[]>(),
    purposeRu: p.string().length(300),
    purposeEn: p.string().length(300),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type HotlineSettings = InferEntity<typeof HotlineSettings>;

/** A date when the hotline is closed (no hours) or keeps special hours. */
export const HotlineException = defineEntity({
  name: 'HotlineException',
  tableName: 'hotline_exception',
  properties: {
    date: p.string().columnType('date').primary(),
    opens: p.string().length(5).nullable(),
    closes: p.string().length(5).nullable(),
    note: p.string().length(200).nullable(),
  },
});
export type HotlineException = InferEntity<typeof HotlineException>;
