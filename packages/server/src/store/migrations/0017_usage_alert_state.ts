import { type Kysely, sql } from "kysely";
import { newId } from "../../ids.js";
import { dialectOf } from "../database.js";
import type { Database } from "../schema.js";

// Usage alerts get an identity and a state (issue 16: the dashboard's open alerts).
// - id: alerts were addressed by (license, period, metric, threshold); an id (`alrt_…`, sorting
//   by creation like every other id) lets the list page by id like every other list and lets
//   acknowledge take one path parameter. The old key stays the primary key: it is what keeps
//   an alert to once per period when reports race. Existing alerts get ids made at their
//   created_at, so they keep their order. SQLite cannot add a NOT NULL column without a
//   default; every row has an id after the backfill and every insert writes one.
// - acknowledged_at / acknowledged_by (the token's id): an admin has seen it. Open is derived,
//   not stored: unacknowledged and of the current period (services/usage-alerts.ts).
// - used / quota: the period's count when the threshold was crossed and the quota it was
//   measured against (null: unlimited), as the usage.alert event says, so the list shows them
//   without joining events (which age out). Null for alerts recorded before: their events
//   hold them.
// - usage_daily by (organization, day): GET /v1/stats/usage reads an organization's days
//   without scanning the other organizations' counters. Not covering (count left out): on
//   SQLite, 30 days of 2,000 licenses × 3 features (180,000 rows) sum in ~210 ms, ~29 ms with
//   count in the index, but every report's upsert then rewrites an index entry too (60,000
//   counter updates: ~270 → ~490 ms). Reports are the hot path; the overview is not.

const BATCH = 1000;

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db as unknown as Kysely<Database>) === "postgres";
  await db.schema.alterTable("usage_alerts").addColumn("id", "text").execute();
  await db.schema.alterTable("usage_alerts").addColumn("acknowledged_at", "text").execute();
  await db.schema.alterTable("usage_alerts").addColumn("acknowledged_by", "text").execute();
  await db.schema.alterTable("usage_alerts").addColumn("used", "bigint").execute();
  await db.schema.alterTable("usage_alerts").addColumn("quota", "bigint").execute();

  // Backfill in created_at order; literals in the reads (see 0016: on an empty database the
  // migration is plain SQL the tests' templates replay).
  const source = db as unknown as Kysely<{
    usage_alerts: {
      id: string | null;
      license_id: string;
      period: string;
      metric: string;
      threshold: number;
      created_at: string;
    };
  }>;
  for (;;) {
    const rows = await source
      .selectFrom("usage_alerts")
      .select(["license_id", "period", "metric", "threshold", "created_at"])
      .where("id", "is", null)
      .orderBy("created_at")
      .limit(sql.lit(BATCH))
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      await source
        .updateTable("usage_alerts")
        .set({ id: newId("alrt", new Date(row.created_at)) })
        .where("license_id", "=", row.license_id)
        .where("period", "=", row.period)
        .where("metric", "=", row.metric)
        .where("threshold", "=", row.threshold)
        .execute();
    }
  }
  if (postgres) {
    await sql`alter table usage_alerts alter column id set not null`.execute(db);
  }
  await db.schema
    .createIndex("usage_alerts_organization_id")
    .on("usage_alerts")
    .columns(["organization_id", "id"])
    .unique()
    .execute();
  await db.schema
    .createIndex("usage_daily_organization_day")
    .on("usage_daily")
    .columns(["organization_id", "day"])
    .execute();
}
