import type { CrossedThreshold } from "../../domain/trackable.js";
import { newId } from "../../ids.js";
import type { Db } from "../../store/database.js";
import { usageAlertsRepository } from "../../store/usage-alerts.js";
import { recordEvents } from "../events.js";

/**
 * Records the thresholds a license crossed (SPEC T8) as usage alerts with their usage.alert
 * events (and so webhooks), in the caller's transaction: usage reports cross the quotas'
 * (usage/batch.ts), devices taking a seat the device limit's (devices.ts). Each is recorded once
 * per license, period, metric, threshold and limit (the usage_alerts key since migration 0022):
 * racing requests record it once, and a changed limit (a quota extension, T11) re-arms them.
 */
export async function recordAlerts(
  trx: Db,
  license: { organizationId: string; licenseId: string; period: string },
  crossed: CrossedThreshold[],
  now: Date,
): Promise<void> {
  if (crossed.length === 0) return;
  const { organizationId, licenseId, period } = license;
  const claimed = await usageAlertsRepository(trx).claim(
    crossed.map((alert) => ({
      id: newId("alrt", now),
      organizationId,
      licenseId,
      period,
      metric: alert.metric,
      threshold: alert.threshold,
      createdAt: now.toISOString(),
      acknowledgedAt: null,
      acknowledgedBy: null,
      used: alert.used,
      limit: alert.limit,
    })),
  );
  await recordEvents(
    trx,
    now,
    ...claimed.map((alert) => ({
      organizationId,
      type: "usage.alert" as const,
      licenseId,
      data: {
        alertId: alert.id,
        metric: alert.metric,
        threshold: alert.threshold,
        period,
        used: alert.used,
        limit: alert.limit,
      },
    })),
  );
}
