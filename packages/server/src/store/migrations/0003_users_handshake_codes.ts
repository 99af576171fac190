import { type Kysely, sql } from "kysely";

// Users (licensees), handshake codes (SPEC T2–T5) and Idempotency-Key records. Portable DDL
// (SQLite and PostgreSQL): text ids and ISO timestamps, 0/1 integers, JSON as text.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("username", "text")
    .addColumn("name", "text")
    .addColumn("password_hash", "text")
    .addColumn("metadata", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("users_organization_email", ["organization_id", "email"])
    .addUniqueConstraint("users_organization_username", ["organization_id", "username"])
    .execute();
  await db.schema
    .createIndex("users_organization_id")
    .on("users")
    .columns(["organization_id", "id"])
    .execute();

  await db.schema
    .createTable("handshake_codes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    // Unique across organizations: a device may send the code alone (SPEC T2).
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text")
    .addColumn("session_password_hash", "text")
    .addColumn("is_default", "integer", (c) => c.notNull())
    .addColumn("validation_fields", "text", (c) => c.notNull())
    .addColumn("metadata", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("handshake_codes_organization_id")
    .on("handshake_codes")
    .columns(["organization_id", "id"])
    .execute();
  // At most one default code per organization, whatever the code paths above it do.
  await sql`create unique index handshake_codes_one_default on handshake_codes (organization_id) where is_default = 1`.execute(
    db,
  );

  await db.schema
    .createTable("idempotency_keys")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    // null while the first request is still running.
    .addColumn("status", "integer")
    .addColumn("response_body", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_keys_pkey", ["organization_id", "key"])
    .execute();
}
