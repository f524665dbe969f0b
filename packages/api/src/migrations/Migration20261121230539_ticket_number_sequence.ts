import { Migration } from '@mikro-orm/migrations';

export class Migration20261121230539_ticket_number_sequence extends Migration {

  override name = 'Migration20261121230539_ticket_number_sequence';

  // Human-readable ticket numbers (T-2026-0000123) come from this sequence: unique without a lock.
  override up(): void | Promise<void> {
    this.addSql(`create sequence if not exists "ticket_number_seq" start with 1 increment by 1;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop sequence if exists "ticket_number_seq";`);
  }

}
