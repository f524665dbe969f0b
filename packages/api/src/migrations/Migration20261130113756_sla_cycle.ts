import { Migration } from '@mikro-orm/migrations';

export class Migration20261130113756_sla_cycle extends Migration {

  override name = 'Migration20261130113756_sla_cycle';

  override up(): void | Promise<void> {
    this.addSql(`alter table "ticket" add "sla_cycle" int not null default 1;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "ticket" drop column "sla_cycle";`);
  }

}
