import {
  dayOf,
  holdsSeat,
  periodKey,
  periodStart,
  quotaMetrics,
  type TrackableSettings,
  thresholdsCrossed,
  usageStage,
} from "../../../domain/trackable.js";
import { newId } from "../../../ids.js";
import type { Db } from "../../../store/database.js";
import type {
  UsageAlertRecord,
  UsageDailyRecord,
  UsageReportRecord,
  UsageTotalRecord,
} from "../../../store/records.js";
import { trackableRepository } from "../../../store/trackable.js";
import { usageRepository } from "../../../store/usage.js";
import { usageAlertsRepository } from "../../../store/usage-alerts.js";
import { recordEvents } from "../../events.js";
import { lockedLicense } from "../../license-context.js";
import { deviceTimes } from "../devices.js";
import { settingsOfLicense } from "../settings.js";
import type { LicenseBatch, UsageReportInput } from "./types.js";

/** One license's reports, in the caller's transaction; null when the license is gone. */
export async function ingestLicenseBatch(
  trx: Db,
  organizationId: string,
  licenseId: string,
  reports: UsageReportInput[],
  now: Date,
): Promise<LicenseBatch | null> {
  const locked = await lockedLicense(trx, organizationId, licenseId);
  if (!locked) return null;
  const { license, rules } = locked;
  const settings = await settingsOfLicense(trx, license);
  const period = periodKey(settings.period, now);
  const usage = usageRepository(trx);
  const before = await usage.totals(organizationId, licenseId, period);
  const stageBefore = usageStage(before, rules, settings);
  if (stageBefore === "exhausted") {
    // A retry of reports counted before the quota ran out still answers "duplicate", so the
    // device purges them; only new reports are refused.
    const counted = await usage.countedReports(
      licenseId,
      reports.map((r) => r.reportId),
    );
    return {
      accepted: 0,
      duplicates: counted.size,
      counted: 0,
      quota: stageBefore,
      refused: reports.filter((r) => !counted.has(r.reportId)),
    };
  }

  const iso = now.toISOString();
  const inserted = await usage.insertReports(
    reports.map(
      (r): UsageReportRecord => ({
        organizationId,
        licenseId,
        reportId: r.reportId,
        deviceId: r.deviceId,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        counters: r.counters,
        receivedAt: iso,
      }),
    ),
  );
  const fresh = reports.filter((r) => inserted.has(r.reportId));
  const { daily, totals, counted } = aggregate(organizationId, licenseId, period, fresh);
  await usage.addDaily(daily);
  await usage.addTotals(totals);

  const after = new Map(before);
  for (const row of totals) after.set(row.feature, (after.get(row.feature) ?? 0) + row.count);
  await recordAlerts(
    trx,
    license.organizationId,
    licenseId,
    period,
    settings,
    rules.maxUses,
    before,
    after,
    now,
  );
  await touchReporters(trx, organizationId, licenseId, settings, fresh, now);
  return {
    accepted: fresh.length,
    duplicates: reports.length - fresh.length,
    counted,
    quota: usageStage(after, rules, settings),
    refused: [],
  };
}

/** Records each threshold crossed as a usage.alert event, once a period. */
export async function recordAlerts(
  trx: Db,
  organizationId: string,
  licenseId: string,
  period: string,
  settings: TrackableSettings,
  maxUses: number | null,
  before: Map<string, number>,
  after: Map<string, number>,
  now: Date,
): Promise<void> {
  const rows: UsageAlertRecord[] = [];
  for (const quota of quotaMetrics(maxUses, settings)) {
    const used = after.get(quota.feature) ?? 0;
    for (const threshold of thresholdsCrossed(
      before.get(quota.feature) ?? 0,
      used,
      quota.limit,
      settings.alertThresholds,
    )) {
      rows.push({
        id: newId("alrt", now),
        organizationId,
        licenseId,
        period,
        metric: quota.metric,
        threshold,
        createdAt: now.toISOString(),
        acknowledgedAt: null,
        acknowledgedBy: null,
        used,
        limit: quota.limit,
      });
    }
  }
  // The primary key (license, period, metric, threshold) keeps each alert to once a period.
  const claimed = await usageAlertsRepository(trx).claim(rows);
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

/** A report is activity: the reporting devices that hold a seat keep it (T10). */
export async function touchReporters(
  trx: Db,
  organizationId: string,
  licenseId: string,
  settings: TrackableSettings,
  reports: UsageReportInput[],
  now: Date,
): Promise<void> {
  if (reports.length === 0) return;
  const repo = trackableRepository(trx);
  const deviceIds = [...new Set(reports.map((r) => r.deviceId))];
  const since = periodStart(settings.period, now);
  const seated = (await repo.deviceMachines(organizationId, [licenseId], deviceIds))
    .filter((m) =>
      holdsSeat(
        settings.deviceModel,
        { lastSeenAt: m.lastHeartbeatAt, seatUntil: m.heartbeatDeadlineAt },
        now,
        since,
      ),
    )
    .map((m) => m.id);
  const { seatUntil, releaseAt } = deviceTimes(settings, now);
  const touched = await repo.touchDevices(organizationId, seated, now.toISOString(), seatUntil);
  await repo.markRelease(organizationId, touched, licenseId, releaseAt);
}

/** Daily rows (per day, device, feature) and period rows (per feature and "*"), summed. */
export function aggregate(
  organizationId: string,
  licenseId: string,
  period: string,
  reports: UsageReportInput[],
): { daily: UsageDailyRecord[]; totals: UsageTotalRecord[]; counted: number } {
  const daily = new Map<string, UsageDailyRecord>();
  const totals = new Map<string, UsageTotalRecord>();
  const add = (feature: string, count: number) => {
    const row = totals.get(feature);
    if (row) row.count += count;
    else
      totals.set(feature, {
        organizationId,
        licenseId,
        period,
        feature,
        count,
      });
  };
  let counted = 0;
  for (const report of reports) {
    const day = dayOf(new Date(report.periodStart).toISOString());
    for (const [feature, count] of Object.entries(report.counters)) {
      counted++;
      const key = `${day}\0${report.deviceId}\0${feature}`;
      const row = daily.get(key);
      if (row) row.count += count;
      else {
        daily.set(key, {
          organizationId,
          licenseId,
          day,
          deviceId: report.deviceId,
          feature,
          count,
        });
      }
      add(feature, count);
      add("*", count);
    }
  }
  return { daily: [...daily.values()], totals: [...totals.values()], counted };
}
