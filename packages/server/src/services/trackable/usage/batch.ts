import {
  admitReports,
  alertsCrossed,
  dayOf,
  holdsSeat,
  licenseStage,
  periodKey,
  periodStart,
  quotaLevels,
  type TrackableSettings,
} from "../../../domain/trackable.js";
import type { Db } from "../../../store/database.js";
import type {
  UsageDailyRecord,
  UsageReportRecord,
  UsageTotalRecord,
} from "../../../store/records.js";
import { trackableRepository } from "../../../store/trackable.js";
import { usageRepository } from "../../../store/usage.js";
import { lockedLicense } from "../../license-context.js";
import { recordAlerts } from "../alerts.js";
import { deviceTimes } from "../devices.js";
import { settingsOfLicense } from "../settings.js";
import type { LicenseBatch, UsageReportInput } from "./types.js";

/**
 * One license's reports, in the caller's transaction (under the license's row lock); null when
 * the license is gone. Each report is decided on its own, in order (T8): counted before, a
 * duplicate (so a retry answers as the first time did and the device purges it); else counted
 * while the quotas are not exhausted before it (domain admitReports), refused after.
 */
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
  const counted = await usage.countedReports(
    licenseId,
    reports.map((r) => r.reportId),
  );
  const { admitted, refused } = admitReports(
    before,
    rules,
    settings,
    reports.filter((r) => !counted.has(r.reportId)),
  );

  const iso = now.toISOString();
  const inserted = await usage.insertReports(
    admitted.map(
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
  const fresh = admitted.filter((r) => inserted.has(r.reportId));
  const { daily, totals, counted: lines } = aggregate(organizationId, licenseId, period, fresh);
  await usage.addDaily(daily);
  await usage.addTotals(totals);

  const after = new Map(before);
  for (const row of totals) after.set(row.feature, (after.get(row.feature) ?? 0) + row.count);
  await recordAlerts(
    trx,
    { organizationId, licenseId, period },
    alertsCrossed(quotaLevels(before, after, rules.maxUses, settings), settings.alertThresholds),
    now,
  );
  await touchReporters(trx, organizationId, licenseId, settings, fresh, now);
  const devicesInUse = await trackableRepository(trx).devicesInUse(
    organizationId,
    licenseId,
    settings.deviceModel,
    iso,
    periodStart(settings.period, now),
  );
  return {
    accepted: fresh.length,
    duplicates: reports.length - fresh.length - refused.length,
    counted: lines,
    quota: licenseStage(after, devicesInUse, rules, settings),
    refused,
  };
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
