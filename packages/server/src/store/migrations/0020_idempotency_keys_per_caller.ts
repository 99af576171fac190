import type { Kysely } from "kysely";

// An Idempotency-Key is its caller's own: the bearer token's, or for a license key
// (`Authorization: License <key>`) its license's. It was the organization's, and a stored answer
// is served before the route checks who may call it: any credential of the organization that
// sent the same key, path and body within 24 hours got another's answer (a license key's holder
// could replay an admin's `POST /v1/organization/offline-keys`, with its shared key), could tell
// which keys existed, and could claim a key first so that the admin's request was refused.
//
// Stored rows do not say whose they were, so they are dropped (the table is made anew: SQLite
// cannot change a primary key). The cost, once: a retry of a request made before the upgrade,
// within its 24 hours, runs again, as after 24 hours.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("idempotency_keys").execute();
  await db.schema
    .createTable("idempotency_keys")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    // A token's id, or `license:<id>`.
    .addColumn("caller", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    // null while the first request is still running.
    .addColumn("status", "integer")
    .addColumn("response_body", "text")
    .addColumn("response_headers", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_keys_pkey", ["organization_id", "caller", "key"])
    .execute();
  await db.schema
    .createIndex("idempotency_keys_created_at")
    .on("idempotency_keys")
    .column("created_at")
    .execute();
}
