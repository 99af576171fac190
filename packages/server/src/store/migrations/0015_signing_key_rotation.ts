import { type Kysely, sql } from "kysely";

// Signing-key rotation (SPEC X7): each key gets a state — `next` (published, signs nothing yet),
// `active` (signs; one per organization and algorithm) or `retired` (verifies what it signed,
// never signs again) — and an updated_at that changes with the state, which the services'
// signing-key cache compares to see a switch at once. Existing keys: retired when retired_at is
// set, active otherwise (an organization had exactly one key per algorithm until now).
// Partial unique indexes hold "one active, at most one next" per organization and algorithm
// against concurrent rotations from several processes.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("signing_keys")
    .addColumn("state", "text", (c) => c.notNull().defaultTo("active"))
    .execute();
  await db.schema
    .alterTable("signing_keys")
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await sql`update signing_keys set state = 'retired' where retired_at is not null`.execute(db);
  await sql`update signing_keys set updated_at = coalesce(retired_at, created_at)`.execute(db);
  await db.schema
    .createIndex("signing_keys_one_active")
    .on("signing_keys")
    .columns(["organization_id", "algorithm"])
    .unique()
    .where(sql.ref("state"), "=", "active")
    .execute();
  await db.schema
    .createIndex("signing_keys_one_next")
    .on("signing_keys")
    .columns(["organization_id", "algorithm"])
    .unique()
    .where(sql.ref("state"), "=", "next")
    .execute();
}
