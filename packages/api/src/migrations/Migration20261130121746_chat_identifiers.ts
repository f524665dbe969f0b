import { Migration } from '@mikro-orm/migrations';

export class Migration20261130121746_chat_identifiers extends Migration {

  override name = 'Migration20261130121746_chat_identifiers';

  // Data first, so the unique indexes of the next migration can be built: identifiers trimmed ('' = absent),
  // buyer-seller chats that are then the same chat merged into the oldest, and all but the latest open support
  // chat of a user closed.
  override up(): void | Promise<void> {
    this.addSql(`update "chat" set "product_id" = nullif(btrim("product_id"), ''), "order_number" = nullif(btrim("order_number"), '') where "kind" = 'BUYER_SELLER';`);
    this.addSql(`create temporary table "chat_merge" on commit drop as
      select "id" as "dup", (array_agg("id") over (partition by "customer_id", "seller_id", "product_id", "order_number" order by "id"))[1] as "keep"
        from "chat" where "kind" = 'BUYER_SELLER';`);
    this.addSql(`delete from "chat_merge" where "dup" = "keep";`);
    this.addSql(`update "chat_message" m set "chat_id" = g."keep", "client_message_id" = case when exists (select 1 from "chat_message" k where k."chat_id" = g."keep" and k."author_id" = m."author_id" and k."client_message_id" = m."client_message_id") then null else m."client_message_id" end from "chat_merge" g where m."chat_id" = g."dup";`);
    this.addSql(`update "chat_member" k set "unread_count" = k."unread_count" + d."unread_count" from "chat_merge" g, "chat_member" d where k."chat_id" = g."keep" and d."chat_id" = g."dup" and d."user_id" = k."user_id";`);
    this.addSql(`delete from "chat_member" where "chat_id" in (select "dup" from "chat_merge");`);
    this.addSql(`update "chat" c set "last_message_at" = greatest(c."last_message_at", d."last_message_at") from "chat_merge" g, "chat" d where c."id" = g."keep" and d."id" = g."dup";`);
    this.addSql(`delete from "chat" where "id" in (select "dup" from "chat_merge");`);
    this.addSql(`update "chat" c set "support_state" = 'CLOSED' where c."kind" = 'SUPPORT' and c."support_state" <> 'CLOSED' and exists (select 1 from "chat" n where n."kind" = 'SUPPORT' and n."support_state" <> 'CLOSED' and n."customer_id" = c."customer_id" and n."id" > c."id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`select 1`);
  }

}
