import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const DAY_OVERRIDES = ['HOLIDAY', 'WORKING_DAY'] as const;

/** A date that differs from the weekday rule: a holiday on a weekday, or a weekend made a working day. */
export const CalendarDay = defineEntity({
  name: 'CalendarDay',
  tableName: 'business_calendar_day',
  properties: {
    date: p.string().columnType('date').primary(),
    kind: p.enum(DAY_OVERRIDES),
    name: p.string().length(120).nullable(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type CalendarDay = InferEntity<typeof CalendarDay>;
