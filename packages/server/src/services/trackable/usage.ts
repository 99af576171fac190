import type { Kysely } from "kysely";
import { limitWithOverage } from "../../domain/limits.js";
import {
  dayOf,
  holdsSeat,
  periodKey,
  periodStart,
  type QuotaStage,
  quotaMetrics,
  quotaStage,
  type TrackableSettings,
  thresholdsCrossed,
  usageStage,
} from "../../domain/trackable.js";
import { isId } from "../../ids.js";
import type { Store } from "../../store/database.js";
import type { Database } from "../../store/schema.js";
import { trackableRepository } from "../../store/trackable.js";
import {
  type UsageAlertRow,
  type UsageDailyRow,
  type UsageQuery,
  type UsageReportRow,
  type UsageTotalRow,
  usageRepository,
} from "../../store/usage.js";
import type { Clock } from "../clock.js";
import { ServiceError } from "../errors.js";
import { recordEvents } from "../events.js";
import { lockedLicense, reachableLicense } from "../license-context.js";
import { type Principal, requireAdmin } from "../principal.js";
import { devicePool } from "./authorize.js";
import type { CredentialResolver, DeviceCredential } from "./credentials.js";
import { deviceTimes } from "./devices.js";
import { settingsOfLicense } from "./settings.js";

/** One condensed report of a device (SPEC T6). */
export interface UsageReportInput {
  /** The client's id: the same id again is the same report, counted once. */
  reportId: string;
  deviceId: string;
  periodStart: string;
  periodEnd: string;
  /** Uses per feature in the period. */
  counters: Record<string, number>;
}

export interface UsageInput extends DeviceCredential {
  productId: string;
  reports: UsageReportInput[];
}

export interface UsageResult {
  /** Reports counted now. */
  accepted: number;
  /** Reports already counted before (retries, duplicates): not counted again. */
  duplicates: number;
  /** Counter lines counted now (report × feature). */
  counted: number;
  rejected: Array<{ reportId: string; code: string }>;
  licenses: Array<{ licenseId: string; quota: QuotaStage }>;
}

interface LicenseBatch {
  accepted: number;
  duplicates: number;
  counted: number;
  quota: QuotaStage;
  /** New reports refused: the quota and its grace were used up before them. */
  refused: UsageReportInput[];
}

function checkedReports(reports: UsageReportInput[]): UsageReportInput[] {
  for (const report of reports) {
    const start = Date.parse(report.periodStart);
    const end = Date.parse(report.periodEnd);
    if (Number.isNaN(start) || Number.isNaN(end) || start > end) {
      throw new ServiceError(
        "INVALID_REPORT",
        `report ${report.reportId}: periodStart must be a date not after periodEnd`,
      );
    }
  }
  // The first of several reports with one id in a batch wins; the others are duplicates.
  const seen = new Set<string>();
  return reports.filter((r) => !seen.has(r.reportId) && seen.add(r.reportId));
}

/**
 * Usage reports (SPEC T6, T8): counted once per (license, report id), into daily counters (per
 * device and feature, for reads) and the period's counters (for quotas); thresholds crossed are
 * recorded once per period as usage.alert events. A license whose quota and grace are used up
 * refuses further reports with QUOTA_EXCEEDED, as it refuses authorizations.
 */
export function usageService(deps: {
  store: Store;
  clock: Clock;
  credentials: CredentialResolver;
}) {
  const { store, clock } = deps;

  async function ingestIn(
    trx: Kysely<Database>,
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
        (r): UsageReportRow => ({
          organization_id: organizationId,
          license_id: licenseId,
          report_id: r.reportId,
          device_id: r.deviceId,
          period_start: r.periodStart,
          period_end: r.periodEnd,
          counters: JSON.stringify(r.counters),
          received_at: iso,
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

  async function recordAlerts(
    trx: Kysely<Database>,
    organizationId: string,
    licenseId: string,
    period: string,
    settings: TrackableSettings,
    maxUses: number | null,
    before: Map<string, number>,
    after: Map<string, number>,
    now: Date,
  ): Promise<void> {
    const rows: Array<UsageAlertRow & { used: number; limit: number | null }> = [];
    for (const quota of quotaMetrics(maxUses, settings)) {
      const used = after.get(quota.feature) ?? 0;
      for (const threshold of thresholdsCrossed(
        before.get(quota.feature) ?? 0,
        used,
        quota.limit,
        settings.alertThresholds,
      )) {
        rows.push({
          organization_id: organizationId,
          license_id: licenseId,
          period,
          metric: quota.metric,
          threshold,
          created_at: now.toISOString(),
          used,
          limit: quota.limit,
        });
      }
    }
    // The primary key (license, period, metric, threshold) keeps each alert to once a period.
    const claimed = await usageRepository(trx).claimAlerts(
      rows.map(({ used: _used, limit: _limit, ...row }) => row),
    );
    const details = new Map(rows.map((row) => [`${row.metric}/${row.threshold}`, row]));
    await recordEvents(
      trx,
      now,
      ...claimed.map((alert) => {
        const detail = details.get(`${alert.metric}/${alert.threshold}`)!;
        return {
          organizationId,
          type: "usage.alert" as const,
          licenseId,
          data: {
            metric: alert.metric,
            threshold: alert.threshold,
            period,
            used: detail.used,
            limit: detail.limit,
          },
        };
      }),
    );
  }

  /** A report is activity: the reporting devices that hold a seat keep it (T10). */
  async function touchReporters(
    trx: Kysely<Database>,
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

  /** Which license each device's reports go to: the one it holds, else the pool's first. */
  async function licensesOf(
    input: UsageInput,
    deviceIds: string[],
  ): Promise<{ organizationId: string; byDevice: Map<string, string> }> {
    const code = await deps.credentials.resolve(input);
    const repo = trackableRepository(store.db);
    const byDevice = new Map<string, string>();
    if (code === null) {
      // Public trial devices report on their own trial.
      let organizationId = "";
      for (const deviceId of deviceIds) {
        const grant = isId("prod", input.productId)
          ? await repo.trial(input.productId, "public", deviceId)
          : undefined;
        if (grant) {
          byDevice.set(deviceId, grant.license_id);
          organizationId = grant.organization_id;
        }
      }
      return { organizationId, byDevice };
    }
    const pool = await devicePool(store, code.organizationId, code.id, {
      productId: input.productId,
      deviceId: "",
    });
    for (const machine of await repo.deviceMachines(code.organizationId, pool, deviceIds)) {
      const held = byDevice.get(machine.fingerprint);
      if (held === undefined || pool.indexOf(machine.licenseId) < pool.indexOf(held)) {
        byDevice.set(machine.fingerprint, machine.licenseId);
      }
    }
    for (const deviceId of deviceIds) if (!byDevice.has(deviceId)) byDevice.set(deviceId, pool[0]!);
    return { organizationId: code.organizationId, byDevice };
  }

  return {
    async ingest(input: UsageInput): Promise<UsageResult> {
      const reports = checkedReports(input.reports);
      const deviceIds = [...new Set(reports.map((r) => r.deviceId))];
      const { organizationId, byDevice } = await licensesOf(input, deviceIds);
      const now = clock();
      const result: UsageResult = {
        accepted: 0,
        duplicates: input.reports.length - reports.length,
        counted: 0,
        rejected: [],
        licenses: [],
      };
      const groups = new Map<string, UsageReportInput[]>();
      for (const report of reports) {
        const licenseId = byDevice.get(report.deviceId);
        if (licenseId === undefined) {
          result.rejected.push({ reportId: report.reportId, code: "DEVICE_NOT_AUTHORIZED" });
          continue;
        }
        groups.set(licenseId, [...(groups.get(licenseId) ?? []), report]);
      }
      for (const [licenseId, group] of groups) {
        const batch = await store.db
          .transaction()
          .execute((trx) => ingestIn(trx, organizationId, licenseId, group, now));
        if (batch === null) {
          result.rejected.push(
            ...group.map((r) => ({ reportId: r.reportId, code: "LICENSE_NOT_FOUND" })),
          );
          continue;
        }
        result.rejected.push(
          ...batch.refused.map((r) => ({ reportId: r.reportId, code: "QUOTA_EXCEEDED" })),
        );
        result.accepted += batch.accepted;
        result.duplicates += batch.duplicates;
        result.counted += batch.counted;
        result.licenses.push({ licenseId, quota: batch.quota });
      }
      return result;
    },

    /** Admin: a license's usage summed by day, device or feature. */
    async usage(principal: Principal, licenseId: string, query: UsageQuery) {
      requireAdmin(principal);
      await reachableLicense(store.db, principal, licenseId);
      return usageRepository(store.db).usage(principal.organizationId, licenseId, query);
    },

    /** Admin: the license's quotas in the current period and its devices in use. */
    async quota(principal: Principal, licenseId: string) {
      requireAdmin(principal);
      const { license, rules } = await reachableLicense(store.db, principal, licenseId);
      const settings = await settingsOfLicense(store.db, license);
      const now = clock();
      const period = periodKey(settings.period, now);
      const totals = await usageRepository(store.db).totals(
        principal.organizationId,
        licenseId,
        period,
      );
      const devicesInUse = await trackableRepository(store.db).devicesInUse(
        principal.organizationId,
        licenseId,
        settings.deviceModel,
        now.toISOString(),
        periodStart(settings.period, now),
      );
      return {
        period,
        stage: usageStage(totals, rules, settings),
        quotas: quotaMetrics(rules.maxUses, settings).map((quota) => {
          const used = totals.get(quota.feature) ?? 0;
          return {
            metric: quota.metric,
            used,
            limit: quota.limit,
            most: limitWithOverage(quota.limit, rules.overage),
            stage: quotaStage(used, quota.limit, rules.overage),
          };
        }),
        devices: {
          model: settings.deviceModel,
          inUse: devicesInUse,
          limit: rules.maxMachines,
          most: limitWithOverage(rules.maxMachines, rules.overage),
        },
      };
    },
  };
}

/** Daily rows (per day, device, feature) and period rows (per feature and "*"), summed. */
function aggregate(
  organizationId: string,
  licenseId: string,
  period: string,
  reports: UsageReportInput[],
): { daily: UsageDailyRow[]; totals: UsageTotalRow[]; counted: number } {
  const daily = new Map<string, UsageDailyRow>();
  const totals = new Map<string, UsageTotalRow>();
  const add = (feature: string, count: number) => {
    const row = totals.get(feature);
    if (row) row.count += count;
    else
      totals.set(feature, {
        organization_id: organizationId,
        license_id: licenseId,
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
          organization_id: organizationId,
          license_id: licenseId,
          day,
          device_id: report.deviceId,
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

export type UsageService = ReturnType<typeof usageService>;
