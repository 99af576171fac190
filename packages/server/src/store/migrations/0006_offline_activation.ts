import type { Kysely } from "kysely";

// Offline activation by request/response file (SPEC L1–L4): each organization's api key and
// sealed shared HMAC key, the signatures of requests already served (replays are refused by the
// primary key), and failed license-user logins (brute-force limit). Portable DDL as in 0001.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("offline_keys")
    .addColumn("organization_id", "text", (c) => c.primaryKey().references("organizations.id"))
    // Public: devices send it in every request; it names the organization.
    .addColumn("api_key", "text", (c) => c.notNull().unique())
    .addColumn("shared_key_encrypted", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("offline_requests")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    // SHA-256 (hex) of the request's signature: one request is served once.
    .addColumn("signature_hash", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    // No foreign keys: the record outlives the license and machine it served.
    .addColumn("license_id", "text", (c) => c.notNull())
    .addColumn("hardware_id", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("offline_requests_pk", ["organization_id", "signature_hash"])
    .execute();

  await db.schema
    .createTable("license_user_attempts")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    // Cascade: a failed login must not keep its user from being deleted.
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("window_started_at", "text", (c) => c.notNull())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("license_user_attempts_pk", ["organization_id", "user_id"])
    .execute();
}
