import { type Kysely, sql } from "kysely";

// Usage alerts are recorded once per limit (SPEC T8, T11), and usage reports' rows can age out
// (SPEC X12).
// - usage_alerts was keyed by (license, period, metric, threshold): once a threshold was crossed,
//   it never alerted again in that period, so after a quota extension the new quota's 80/90/100%
//   went unannounced (under the `lifetime` period, for ever). The limit the threshold is a
//   percentage of (`quota`) joins the key: a changed limit re-arms its thresholds, and racing
//   requests still record an alert once. A primary key cannot hold `quota` (null for alerts
//   recorded before 0017, whose limit is unknown), so the key is a unique index and the alert's
//   id (`alrt_…`, not null since 0017) the primary key. Rows are copied as they are: ids, states,
//   used and limit unchanged. Alerts without a limit keep meaning what they said; as NULLs are
//   distinct in a unique index on both databases, they never conflict with new ones, which
//   always have a limit. SQLite cannot change a primary key, so the table is made anew (on both
//   databases: one path).
// - usage_reports by received_at: the retention job deletes the rows of reports received more
//   than the window ago, oldest first (services/retention.ts), without reading the table.

const ALERT_COLUMNS = [
  "id",
  "organization_id",
  "license_id",
  "period",
  "metric",
  "threshold",
  "created_at",
  "acknowledged_at",
  "acknowledged_by",
  "used",
  "quota",
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("usage_alerts_by_limit")
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("license_id", "text", (c) => c.notNull())
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("metric", "text", (c) => c.notNull())
    .addColumn("threshold", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("acknowledged_at", "text")
    .addColumn("acknowledged_by", "text")
    .addColumn("used", "bigint")
    .addColumn("quota", "bigint")
    // Not usage_alerts_pkey: on PostgreSQL that name is the old table's until it is dropped.
    .addPrimaryKeyConstraint("usage_alerts_id_pkey", ["id"])
    .execute();
  const columns = sql.join(ALERT_COLUMNS.map((column) => sql.ref(column)));
  await sql`insert into usage_alerts_by_limit (${columns}) select ${columns} from usage_alerts`.execute(
    db,
  );
  await db.schema.dropTable("usage_alerts").execute();
  await db.schema.alterTable("usage_alerts_by_limit").renameTo("usage_alerts").execute();
  await db.schema
    .createIndex("usage_alerts_organization_id")
    .on("usage_alerts")
    .columns(["organization_id", "id"])
    .unique()
    .execute();
  await db.schema
    .createIndex("usage_alerts_once_per_limit")
    .on("usage_alerts")
    .columns(["license_id", "period", "metric", "threshold", "quota"])
    .unique()
    .execute();

  await db.schema
    .createIndex("usage_reports_received_at")
    .on("usage_reports")
    .column("received_at")
    .execute();
}
