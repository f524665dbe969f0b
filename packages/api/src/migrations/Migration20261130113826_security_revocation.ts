import { Migration } from '@mikro-orm/migrations';

export class Migration20261130113826_security_revocation extends Migration {

  override name = 'Migration20261130113826_security_revocation';

  override up(): void | Promise<void> {
    this.addSql(`alter table "refresh_token" add "voided_at" timestamptz null;`);

    this.addSql(`alter table "app_user" add "roles_changed_at" timestamptz null;`);
    this.addSql(`create index "app_user_roles_changed_at_index" on "app_user" ("roles_changed_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "app_user_roles_changed_at_index";`);
    this.addSql(`alter table "app_user" drop column "roles_changed_at";`);

    this.addSql(`alter table "refresh_token" drop column "voided_at";`);
  }

}
