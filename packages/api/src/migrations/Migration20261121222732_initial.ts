import { Migration } from '@mikro-orm/migrations';

export class Migration20261121222732_initial extends Migration {

  override name = 'Migration20261121222732_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_entry" ("id" uuid not null, "actor_id" uuid null, "action" varchar(100) not null, "subject_type" varchar(60) not null, "subject_id" varchar(100) null, "before" jsonb null, "after" jsonb null, "request_id" varchar(100) null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "audit_entry_subject_type_subject_id_created_at_index" on "audit_entry" ("subject_type", "subject_id", "created_at");`);
    this.addSql(`create index "audit_entry_actor_id_created_at_index" on "audit_entry" ("actor_id", "created_at");`);
  }

}
