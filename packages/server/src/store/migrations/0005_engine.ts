import type { Kysely } from "kysely";

// The licensing engine: when a license's clock started and it last checked in, each machine's
// heartbeat deadline, and the events table (audit log, webhook source). Portable DDL as in 0001.

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of [
    "first_activated_at",
    "first_validated_at",
    "last_check_in_at",
    // The expiry the job recorded license.expired for: a renewed license expires again later.
    "expired_event_for",
  ]) {
    await db.schema.alterTable("licenses").addColumn(column, "text").execute();
  }

  await db.schema.createIndex("licenses_expires_at").on("licenses").column("expires_at").execute();

  await db.schema.alterTable("machines").addColumn("heartbeat_deadline_at", "text").execute();
  // 1: the culling job deletes the machine once its deadline passes (policy cull strategy
  // "deactivate"); 0: it stays, dead (strategy "keep").
  await db.schema
    .alterTable("machines")
    .addColumn("cull_when_dead", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex("machines_cull_deadline")
    .on("machines")
    .columns(["cull_when_dead", "heartbeat_deadline_at"])
    .execute();

  await db.schema
    .createTable("events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("type", "text", (c) => c.notNull())
    // No foreign keys to licenses or machines: events outlive what they are about.
    .addColumn("license_id", "text")
    .addColumn("machine_id", "text")
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("events_organization_id")
    .on("events")
    .columns(["organization_id", "id"])
    .execute();
  await db.schema
    .createIndex("events_organization_license")
    .on("events")
    .columns(["organization_id", "license_id", "id"])
    .execute();
  await db.schema
    .createIndex("events_organization_type")
    .on("events")
    .columns(["organization_id", "type", "id"])
    .execute();
}
