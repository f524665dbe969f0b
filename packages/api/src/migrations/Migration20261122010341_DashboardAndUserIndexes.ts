import { Migration } from '@mikro-orm/migrations';

export class Migration20261122010341_DashboardAndUserIndexes extends Migration {

  override name = 'Migration20261122010341_DashboardAndUserIndexes';

  override up(): void | Promise<void> {
    this.addSql(`create index "app_user_roles_index" on "app_user" using gin ("roles");`);

    // The dashboard's statistics (modules/dashboard). Written by hand: the tickets entity is left to its module,
    // and a partial index on a JSON field is not something entity metadata can describe.
    this.addSql(`create index "ticket_created_at_index" on "ticket" ("created_at");`);
    this.addSql(`create index "ticket_event_resolved_created_at_index" on "ticket_event" ("created_at") where "type" = 'STATUS_CHANGED' and "data" ->> 'to' = 'RESOLVED';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "ticket_event_resolved_created_at_index";`);
    this.addSql(`drop index "ticket_created_at_index";`);
    this.addSql(`drop index "app_user_roles_index";`);
  }

}
