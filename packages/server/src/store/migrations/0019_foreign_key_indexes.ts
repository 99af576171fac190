import type { Kysely } from "kysely";

// Every foreign key gets an index that leads with its column (but those to organizations, which
// are never deleted). Deleting a row checks, or cascades to, the rows that reference it:
// PostgreSQL runs `… WHERE <column> = $1` and SQLite looks the column up the same way, and
// neither can use an index that leads with organization_id. So deleting a policy read the whole
// licenses table, and deleting a webhook endpoint every delivery (SQLite holding its one write
// lock meanwhile): docs/server.md "PostgreSQL" has the times; test/schema-indexes.test.ts keeps it.
// - The indexes by organization and parent become indexes by parent: a parent's id names one
//   organization, so they serve the scoped lists as before (`where organization_id = ? and
//   policy_id = ? order by id`), with no extra index to write on each insert.
// - tokens.product_id and license_user_attempts.user_id get one more: both tables are small.

const REPLACED = [
  {
    table: "licenses",
    old: "licenses_organization_policy",
    name: "licenses_policy",
    column: "policy_id",
  },
  {
    table: "licenses",
    old: "licenses_organization_product",
    name: "licenses_product",
    column: "product_id",
  },
  {
    table: "policies",
    old: "policies_organization_product",
    name: "policies_product",
    column: "product_id",
  },
  {
    table: "webhook_deliveries",
    old: "webhook_deliveries_endpoint",
    name: "webhook_deliveries_endpoint_id",
    column: "endpoint_id",
  },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const { table, old, name, column } of REPLACED) {
    await db.schema.createIndex(name).on(table).columns([column, "id"]).execute();
    await db.schema.dropIndex(old).execute();
  }
  await db.schema.createIndex("tokens_product").on("tokens").column("product_id").execute();
  await db.schema
    .createIndex("license_user_attempts_user")
    .on("license_user_attempts")
    .column("user_id")
    .execute();
}
