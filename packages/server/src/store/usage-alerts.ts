import type { Kysely } from "kysely";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type { UsageAlertRecord } from "./records.js";
import type { Database, UsageAlertsTable } from "./schema.js";
import { findScoped, licenseIdsOfProduct, pageById, selectScoped } from "./scoped.js";

// Usage alerts (SPEC T8; state from migration 0017): a threshold of a limit (a quota, the devices)
// a license crossed in a period, recorded once per limit (migration 0022), and whether an admin
// acknowledged it.

export interface UsageAlertFilter {
  /**
   * Only open alerts: unacknowledged and of one of these periods. The caller passes the
   * periods that are current now ("lifetime" and this month's key).
   */
  openPeriods?: string[] | undefined;
  licenseId?: string | undefined;
  productId?: string | undefined;
}

function alertFromRow(row: UsageAlertsTable): UsageAlertRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    licenseId: row.license_id,
    period: row.period,
    metric: row.metric,
    threshold: row.threshold,
    createdAt: row.created_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    // PostgreSQL returns bigints as strings.
    used: row.used === null ? null : Number(row.used),
    limit: row.quota === null ? null : Number(row.quota),
  };
}

export function usageAlertsRepository(db: Kysely<Database>) {
  return {
    /**
     * Records the alerts not recorded yet (by license, period, metric, threshold and limit);
     * returns those it inserted.
     */
    async claim(alerts: UsageAlertRecord[]): Promise<UsageAlertRecord[]> {
      if (alerts.length === 0) return [];
      const inserted = await db
        .insertInto("usage_alerts")
        .values(
          alerts.map((alert) => ({
            id: alert.id,
            organization_id: alert.organizationId,
            license_id: alert.licenseId,
            period: alert.period,
            metric: alert.metric,
            threshold: alert.threshold,
            created_at: alert.createdAt,
            acknowledged_at: null,
            acknowledged_by: null,
            used: alert.used,
            quota: alert.limit,
          })),
        )
        .onConflict((oc) =>
          oc.columns(["license_id", "period", "metric", "threshold", "quota"]).doNothing(),
        )
        .returning("id")
        .execute();
      const ids = new Set(inserted.map((row) => row.id));
      return alerts.filter((alert) => ids.has(alert.id));
    },

    async find(organizationId: string, id: string): Promise<UsageAlertRecord | undefined> {
      const row = await findScoped(db, "usage_alerts", organizationId, id);
      return row && alertFromRow(row);
    },

    async list(
      organizationId: string,
      filter: UsageAlertFilter,
      page: PageRequest,
    ): Promise<Page<UsageAlertRecord>> {
      let query = selectScoped(db, "usage_alerts", organizationId);
      if (filter.openPeriods !== undefined) {
        query = query
          .where("acknowledged_at", "is", null)
          .where("period", "in", filter.openPeriods);
      }
      if (filter.licenseId !== undefined) query = query.where("license_id", "=", filter.licenseId);
      if (filter.productId !== undefined) {
        query = query.where(
          "license_id",
          "in",
          licenseIdsOfProduct(db, organizationId, filter.productId),
        );
      }
      return mapPage(await pageById(query, page), alertFromRow);
    },

    /** Marks the alert acknowledged unless it is already; true when this call marked it. */
    async acknowledge(
      organizationId: string,
      id: string,
      at: string,
      by: string | null,
    ): Promise<boolean> {
      const result = await db
        .updateTable("usage_alerts")
        .set({ acknowledged_at: at, acknowledged_by: by })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .where("acknowledged_at", "is", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
