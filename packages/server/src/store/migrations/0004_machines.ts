import type { Kysely } from "kysely";

// Machines: the devices a license is activated on. Portable DDL as in 0001.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("machines")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("license_id", "text", (c) => c.notNull().references("licenses.id"))
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("platform", "text")
    .addColumn("os_version", "text")
    .addColumn("app_identifier", "text")
    .addColumn("app_version", "text")
    .addColumn("variables", "text", (c) => c.notNull())
    .addColumn("metadata", "text", (c) => c.notNull())
    .addColumn("last_heartbeat_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    // One machine per device and license: activating the same device again finds it.
    .addUniqueConstraint("machines_license_fingerprint", ["license_id", "fingerprint"])
    .execute();
  await db.schema
    .createIndex("machines_organization_id")
    .on("machines")
    .columns(["organization_id", "id"])
    .execute();
  await db.schema
    .createIndex("machines_organization_license")
    .on("machines")
    .columns(["organization_id", "license_id", "id"])
    .execute();
  await db.schema
    .createIndex("machines_organization_fingerprint")
    .on("machines")
    .columns(["organization_id", "fingerprint"])
    .execute();
}
