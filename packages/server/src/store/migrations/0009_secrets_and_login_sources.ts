import { type Kysely, sql } from "kysely";

// Two changes that keep secrets and locks from being used against their owners.
//
// Idempotency-Key records are stored sealed from now on (services/idempotency.ts): the records
// kept so far hold responses in clear (the offline shared key among them) and unkeyed hashes of
// request bodies (passwords among them). A migration cannot seal them (the server secret is not
// known here), so they go. Cost: a retry, after the upgrade, of a request sent before it runs
// again instead of being replayed.
//
// License-user login failures are counted per user AND per source (a keyed hash of the client's
// network; "*" is the user's count over every source), and a source where the user's password
// was right stays trusted for a while (services/license-users.ts). The old per-user counts are
// dropped with their table: at most 15 minutes of counting.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from idempotency_keys`.execute(db);

  await db.schema.dropTable("license_user_attempts").execute();
  await db.schema
    .createTable("license_user_attempts")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    // Cascade: a failed login must not keep its user from being deleted.
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("window_started_at", "text", (c) => c.notNull())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("trusted_until", "text")
    .addPrimaryKeyConstraint("license_user_attempts_pk", ["organization_id", "user_id", "source"])
    .execute();
  await db.schema
    .createIndex("license_user_attempts_window")
    .on("license_user_attempts")
    .column("window_started_at")
    .execute();
}
