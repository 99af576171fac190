import type { Kysely } from "kysely";

// Offline keys rotated with an overlap (SPEC L1–L4): the api key and shared key a rotation
// replaced keep verifying requests until `previous_valid_until`, so apps shipped with them go on
// activating while a new version rolls out. One previous set at a time; all null when none.

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of [
    "previous_api_key",
    "previous_shared_key_encrypted",
    "previous_valid_until",
  ]) {
    await db.schema.alterTable("offline_keys").addColumn(column, "text").execute();
  }
  // A device's request names its organization by api key, the current one or the previous.
  await db.schema
    .createIndex("offline_keys_previous_api_key")
    .unique()
    .on("offline_keys")
    .column("previous_api_key")
    .execute();
}
