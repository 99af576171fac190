import { type Kysely, sql } from "kysely";
import type { UsageDailyRecord, UsageReportRecord, UsageTotalRecord } from "./records.js";
import type { Database } from "./schema.js";
import { licenseIdsOfProduct } from "./scoped.js";

// Usage reports and counters (SPEC T6, T8). Writes are multi-row statements, one per table per
// batch (chunked under the databases' bound-parameter limits), inside the caller's transaction.
// A report's row only makes its retries count once (T6); it is deleted when its window is over
// (services/retention.ts, SPEC X12), its counts staying in the daily and period counters.

/** Rows per statement: 8 columns × 1000 stays under SQLite's 32766 and PostgreSQL's 65535. */
const CHUNK = 1000;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

export type UsageGroup = "day" | "device" | "feature";

export interface UsageQuery {
  groupBy: UsageGroup;
  /** Inclusive UTC days YYYY-MM-DD. */
  from?: string | undefined;
  to?: string | undefined;
  deviceId?: string | undefined;
  feature?: string | undefined;
}

/** GET /v1/stats/usage: inclusive UTC days and the licenses, product or feature to sum. */
export interface UsageDailyFilter {
  from: string;
  to: string;
  productId?: string | undefined;
  licenseId?: string | undefined;
  feature?: string | undefined;
}

/** Uses of one feature on one day, summed over licenses and devices. */
export interface DailyUsage {
  day: string;
  feature: string;
  count: number;
}

export function usageRepository(db: Kysely<Database>) {
  return {
    /** Inserts the reports not stored yet; returns the ids of those it inserted. */
    async insertReports(reports: UsageReportRecord[]): Promise<Set<string>> {
      const inserted = new Set<string>();
      for (const chunk of chunks(reports)) {
        const result = await db
          .insertInto("usage_reports")
          .values(
            chunk.map((report) => ({
              organization_id: report.organizationId,
              license_id: report.licenseId,
              report_id: report.reportId,
              device_id: report.deviceId,
              period_start: report.periodStart,
              period_end: report.periodEnd,
              counters: JSON.stringify(report.counters),
              received_at: report.receivedAt,
            })),
          )
          .onConflict((oc) => oc.columns(["license_id", "report_id"]).doNothing())
          .returning("report_id")
          .execute();
        for (const row of result) inserted.add(row.report_id);
      }
      return inserted;
    },

    /**
     * Deletes up to `limit` report rows received before `cutoff`, oldest first (index
     * usage_reports_received_at); answers how many. Their counts stay in the counters.
     */
    async deleteReceivedBefore(cutoff: string, limit: number): Promise<number> {
      const oldest = db
        .selectFrom("usage_reports")
        .select(["license_id", "report_id"])
        .where("received_at", "<", cutoff)
        .orderBy("received_at")
        .limit(limit)
        .$asTuple("license_id", "report_id");
      const result = await db
        .deleteFrom("usage_reports")
        .where((eb) => eb(eb.refTuple("license_id", "report_id"), "in", oldest))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Which of the report ids the license has counted already. */
    async countedReports(licenseId: string, reportIds: string[]): Promise<Set<string>> {
      const counted = new Set<string>();
      for (const chunk of chunks(reportIds)) {
        const rows = await db
          .selectFrom("usage_reports")
          .select("report_id")
          .where("license_id", "=", licenseId)
          .where("report_id", "in", chunk)
          .execute();
        for (const row of rows) counted.add(row.report_id);
      }
      return counted;
    },

    /** Adds to the daily counters (rows must have distinct keys). */
    async addDaily(counters: UsageDailyRecord[]): Promise<void> {
      for (const chunk of chunks(counters)) {
        await db
          .insertInto("usage_daily")
          .values(
            chunk.map((counter) => ({
              organization_id: counter.organizationId,
              license_id: counter.licenseId,
              day: counter.day,
              device_id: counter.deviceId,
              feature: counter.feature,
              count: counter.count,
            })),
          )
          .onConflict((oc) =>
            oc.columns(["license_id", "day", "device_id", "feature"]).doUpdateSet({
              count: sql`${sql.ref("usage_daily.count")} + ${sql.ref("excluded.count")}`,
            }),
          )
          .execute();
      }
    },

    /** Adds to the period counters (rows must have distinct keys). */
    async addTotals(counters: UsageTotalRecord[]): Promise<void> {
      for (const chunk of chunks(counters)) {
        await db
          .insertInto("usage_totals")
          .values(
            chunk.map((counter) => ({
              organization_id: counter.organizationId,
              license_id: counter.licenseId,
              period: counter.period,
              feature: counter.feature,
              count: counter.count,
            })),
          )
          .onConflict((oc) =>
            oc.columns(["license_id", "period", "feature"]).doUpdateSet({
              count: sql`${sql.ref("usage_totals.count")} + ${sql.ref("excluded.count")}`,
            }),
          )
          .execute();
      }
    },

    /** The license's counters of the period: feature → count ("*" the sum). */
    async totals(
      organizationId: string,
      licenseId: string,
      period: string,
    ): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom("usage_totals")
        .select(["feature", "count"])
        .where("organization_id", "=", organizationId)
        .where("license_id", "=", licenseId)
        .where("period", "=", period)
        .execute();
      return new Map(rows.map((row) => [row.feature, Number(row.count)]));
    },

    /** Summed counters of the license grouped by day, device or feature, in key order. */
    async usage(
      organizationId: string,
      licenseId: string,
      query: UsageQuery,
    ): Promise<Array<{ key: string; count: number }>> {
      const column =
        query.groupBy === "day" ? "day" : query.groupBy === "device" ? "device_id" : "feature";
      let select = db
        .selectFrom("usage_daily")
        .select([`${column} as key`, (eb) => eb.fn.sum<number | string>("count").as("count")])
        .where("organization_id", "=", organizationId)
        .where("license_id", "=", licenseId);
      if (query.from !== undefined) select = select.where("day", ">=", query.from);
      if (query.to !== undefined) select = select.where("day", "<=", query.to);
      if (query.deviceId !== undefined) select = select.where("device_id", "=", query.deviceId);
      if (query.feature !== undefined) select = select.where("feature", "=", query.feature);
      const rows = await select.groupBy(column).orderBy(column).execute();
      return rows.map((row) => ({ key: row.key, count: Number(row.count) }));
    },

    /**
     * The organization's uses per day and feature within the filter (index
     * usage_daily_organization_day), by day then feature. A product is its licenses now: the
     * counters of a deleted license count in the organization's sums only.
     */
    async daily(organizationId: string, filter: UsageDailyFilter): Promise<DailyUsage[]> {
      let query = db
        .selectFrom("usage_daily")
        .select(["day", "feature", (eb) => eb.fn.sum<number | string>("count").as("count")])
        .where("organization_id", "=", organizationId)
        .where("day", ">=", filter.from)
        .where("day", "<=", filter.to);
      if (filter.licenseId !== undefined) query = query.where("license_id", "=", filter.licenseId);
      if (filter.feature !== undefined) query = query.where("feature", "=", filter.feature);
      if (filter.productId !== undefined) {
        query = query.where(
          "license_id",
          "in",
          licenseIdsOfProduct(db, organizationId, filter.productId),
        );
      }
      const rows = await query
        .groupBy(["day", "feature"])
        .orderBy("day")
        .orderBy("feature")
        .execute();
      // PostgreSQL returns sums of bigints as strings.
      return rows.map((row) => ({ day: row.day, feature: row.feature, count: Number(row.count) }));
    },
  };
}
