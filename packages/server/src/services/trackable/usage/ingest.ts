import { isId } from "../../../ids.js";
import { trackableRepository } from "../../../store/trackable.js";
import { ServiceError } from "../../errors.js";
import { devicePool } from "../authorize.js";
import { ingestLicenseBatch } from "./batch.js";
import type { UsageDeps, UsageInput, UsageReportInput, UsageResult } from "./types.js";

export function checkedReports(reports: UsageReportInput[]): UsageReportInput[] {
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

/** Which license each device's reports go to: the one it holds, else the pool's first. */
export async function licensesOf(
  deps: Pick<UsageDeps, "store" | "credentials">,
  input: UsageInput,
  deviceIds: string[],
): Promise<{ organizationId: string; byDevice: Map<string, string> }> {
  const code = await deps.credentials.resolve(input);
  const repo = trackableRepository(deps.store.db);
  const byDevice = new Map<string, string>();
  if (code === null) {
    // Public trial devices report on their own trial.
    let organizationId = "";
    for (const deviceId of deviceIds) {
      const grant = isId("prod", input.productId)
        ? await repo.trial(input.productId, "public", deviceId)
        : undefined;
      if (grant) {
        byDevice.set(deviceId, grant.licenseId);
        organizationId = grant.organizationId;
      }
    }
    return { organizationId, byDevice };
  }
  const pool = await devicePool(deps.store, code.organizationId, code.id, {
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

/**
 * Usage reports (SPEC T6, T8): counted once per (license, report id), into daily counters (per
 * device and feature, for reads) and the period's counters (for quotas); thresholds crossed are
 * recorded once per period and limit as usage.alert events. Reports count in order while the
 * license's quotas are not used up with their grace; the rest are refused with QUOTA_EXCEEDED,
 * as authorizations are then.
 */
export async function ingestUsage(deps: UsageDeps, input: UsageInput): Promise<UsageResult> {
  const reports = checkedReports(input.reports);
  const deviceIds = [...new Set(reports.map((r) => r.deviceId))];
  const { organizationId, byDevice } = await licensesOf(deps, input, deviceIds);
  const now = deps.clock();
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
    const batch = await deps.store.db
      .transaction()
      .execute((trx) => ingestLicenseBatch(trx, organizationId, licenseId, group, now));
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
}
