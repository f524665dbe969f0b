import { Migration } from '@mikro-orm/migrations';

export class Migration20261122013853_TicketNextDueIndex extends Migration {

  override name = 'Migration20261122013853_TicketNextDueIndex';

  override up(): void | Promise<void> {
    // Staff's "due soonest" order (ticket.list.ts, NEXT_DUE): open tickets by their next due time. Partial, so the
    // closed history of a million tickets does not sit in front of the open ones.
    this.addSql(`create index "ticket_open_next_due_index" on "ticket"
      ((case when first_responded_at is null then first_response_due_at else resolution_due_at end), "id")
      where "status" in ('NEW', 'IN_PROGRESS', 'WAITING_FOR_CUSTOMER', 'REOPENED');`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "ticket_open_next_due_index";`);
  }

}
