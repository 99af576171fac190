import type { Kysely } from "kysely";

// The audit log (issue 17.7): one row per admin mutation, written in the mutation's transaction
// (services/audit.ts). Who: the token (id and kind) or, for a license-key credential, the
// license; where from: the request id and source address; what: the action, the resource and
// the changed fields before/after as JSON, secrets redacted. Portable DDL as in 0001. No
// foreign keys: entries outlive what they are about (a deleted product keeps its history).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("audit_entries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull())
    // "admin" | "product" | "license" (a token's kind; "license" also for license keys),
    // "system" for work the server does on its own behalf (bootstrap, CLI).
    .addColumn("actor_kind", "text", (c) => c.notNull())
    .addColumn("actor_token_id", "text")
    .addColumn("actor_license_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("resource_type", "text", (c) => c.notNull())
    .addColumn("resource_id", "text", (c) => c.notNull())
    .addColumn("request_id", "text")
    .addColumn("source_ip", "text")
    // JSON objects of the changed fields (null: the resource did not exist before / after).
    .addColumn("before", "text")
    .addColumn("after", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // Ids sort by creation time, so (organization, id) serves the unfiltered list and the time
  // range (created_at bounds narrow the id range); the others serve the filters.
  await db.schema
    .createIndex("audit_entries_organization")
    .on("audit_entries")
    .columns(["organization_id", "id"])
    .execute();
  await db.schema
    .createIndex("audit_entries_resource")
    .on("audit_entries")
    .columns(["organization_id", "resource_type", "resource_id", "id"])
    .execute();
  await db.schema
    .createIndex("audit_entries_actor_token")
    .on("audit_entries")
    .columns(["organization_id", "actor_token_id", "id"])
    .execute();
  await db.schema
    .createIndex("audit_entries_actor_license")
    .on("audit_entries")
    .columns(["organization_id", "actor_license_id", "id"])
    .execute();
  // Retention deletes the oldest first, across organizations.
  await db.schema
    .createIndex("audit_entries_created_at")
    .on("audit_entries")
    .column("created_at")
    .execute();
}
