import type { Kysely } from "kysely";

// Public trials once per machine, not only per device UUID (SPEC T2): the SDK sends a hashed
// hardware id where the platform has one (Node: the OS machine id, HMAC-keyed per product), and
// a trial grant keeps it. The unique index makes a second grant for the same machine lose its
// insert, across processes; NULLs (browsers, older SDKs) never collide.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("trial_grants").addColumn("hardware_id", "text").execute();
  await db.schema
    .createIndex("trial_grants_hardware_id")
    .on("trial_grants")
    .columns(["product_id", "kind", "hardware_id"])
    .unique()
    .execute();
}
