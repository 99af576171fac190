import type { Kysely } from "kysely";

// Trackable licenses (SPEC T2–T11): licenses bound to handshake codes, per-policy/license
// trackable settings, trial grants (one per device and product), the release marks of per-device
// devices, and usage: reports (idempotent by client id), daily and per-period counters, and the
// alerts already sent. Portable DDL as in 0001; counters are bigint (PostgreSQL returns them as
// strings, the repositories convert).

export async function up(db: Kysely<unknown>): Promise<void> {
  // No foreign key: a deleted code leaves its licenses unbound (reachable by nothing) rather
  // than blocking the deletion.
  await db.schema.alterTable("licenses").addColumn("handshake_code_id", "text").execute();
  await db.schema
    .createIndex("licenses_handshake_code")
    .on("licenses")
    .columns(["handshake_code_id", "product_id", "created_at"])
    .execute();

  await db.schema
    .createTable("trackable_settings")
    // A product (public trial), policy or license id: ids are unique across tables.
    .addColumn("owner_id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("settings", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("trial_grants")
    .addColumn("product_id", "text", (c) => c.notNull())
    // "public": one per device UUID; "private": one per organization.
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("license_id", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("trial_grants_pkey", ["product_id", "kind", "subject"])
    .execute();

  await db.schema
    .createTable("trackable_devices")
    .addColumn("machine_id", "text", (c) =>
      c.primaryKey().references("machines.id").onDelete("cascade"),
    )
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("license_id", "text", (c) => c.notNull())
    // Per-device model: released (the machine deleted) once this passes without activity.
    .addColumn("release_at", "text")
    .execute();
  await db.schema
    .createIndex("trackable_devices_release_at")
    .on("trackable_devices")
    .column("release_at")
    .execute();

  await db.schema
    .createTable("usage_reports")
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("license_id", "text", (c) => c.notNull())
    .addColumn("report_id", "text", (c) => c.notNull())
    .addColumn("device_id", "text", (c) => c.notNull())
    .addColumn("period_start", "text", (c) => c.notNull())
    .addColumn("period_end", "text", (c) => c.notNull())
    .addColumn("counters", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("usage_reports_pkey", ["license_id", "report_id"])
    .execute();

  await db.schema
    .createTable("usage_daily")
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("license_id", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("device_id", "text", (c) => c.notNull())
    .addColumn("feature", "text", (c) => c.notNull())
    .addColumn("count", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("usage_daily_pkey", ["license_id", "day", "device_id", "feature"])
    .execute();

  await db.schema
    .createTable("usage_totals")
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("license_id", "text", (c) => c.notNull())
    .addColumn("period", "text", (c) => c.notNull())
    // A feature name, or "*" for the sum over features.
    .addColumn("feature", "text", (c) => c.notNull())
    .addColumn("count", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("usage_totals_pkey", ["license_id", "period", "feature"])
    .execute();

  await db.schema
    .createTable("usage_alerts")
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("license_id", "text", (c) => c.notNull())
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("metric", "text", (c) => c.notNull())
    .addColumn("threshold", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("usage_alerts_pkey", ["license_id", "period", "metric", "threshold"])
    .execute();
}
