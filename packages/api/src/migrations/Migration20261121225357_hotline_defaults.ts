import { Migration } from '@mikro-orm/migrations';

export class Migration20261121225357_hotline_defaults extends Migration {

  override name = 'Migration20261121225357_hotline_defaults';

  // The hotline is product configuration, not demo data: every deployment starts with the documented one
  // (+7 958 400-00-05, ext. 76077, 09:00-18:00 Moscow time on working days); staff edit it from there.
  override up(): void | Promise<void> {
    this.addSql(`insert into "hotline_settings" ("id", "phone", "extension", "time_zone", "weekly_hours", "purpose_ru", "purpose_en", "updated_at")
      values (1, '+79584000005', '76077', 'Europe/Moscow',
        '[{"weekday":1,"opens":"09:00","closes":"18:00"},{"weekday":2,"opens":"09:00","closes":"18:00"},{"weekday":3,"opens":"09:00","closes":"18:00"},{"weekday":4,"opens":"09:00","closes":"18:00"},{"weekday":5,"opens":"09:00","closes":"18:00"}]'::jsonb,
        'Проверка статуса обращения: назовите оператору номер обращения',
        'Checking the status of a request: tell the agent the request number',
        now())
      on conflict ("id") do nothing;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`delete from "hotline_settings" where "id" = 1;`);
  }

}
