import { Migration } from '@mikro-orm/migrations';

export class Migration20261130121913_chat_unique extends Migration {

  override name = 'Migration20261130121913_chat_unique';

  override up(): void | Promise<void> {
    this.addSql(`create unique index "chat_buyer_seller_unique" on "chat" ("customer_id", "seller_id", "product_id", "order_number") nulls not distinct where "kind" = 'BUYER_SELLER';`);
    this.addSql(`create unique index "chat_open_support_unique" on "chat" ("customer_id") where "kind" = 'SUPPORT' and "support_state" <> 'CLOSED';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "chat_buyer_seller_unique";`);
    this.addSql(`drop index "chat_open_support_unique";`);
  }

}
