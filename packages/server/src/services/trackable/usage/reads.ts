import { limitWithOverage } from "../../../domain/limits.js";
import {
  deviceStage,
  licenseStage,
  periodKey,
  periodStart,
  quotaMetrics,
  quotaStage,
} from "../../../domain/trackable.js";
import { trackableRepository } from "../../../store/trackable.js";
import { type UsageQuery, usageRepository } from "../../../store/usage.js";
import { ServiceError } from "../../errors.js";
import { reachableLicense } from "../../license-context.js";
import { type Principal, requireAdmin } from "../../principal.js";
import { settingsOfLicense } from "../settings.js";
import type { UsageDeps } from "./types.js";

/** Admin: a license's usage summed by day, device or feature. */
export async function licenseUsage(
  deps: Pick<UsageDeps, "store">,
  principal: Principal,
  licenseId: string,
  query: UsageQuery,
) {
  requireAdmin(principal);
  await reachableLicense(deps.store.db, principal, licenseId);
  // Days are YYYY-MM-DD (the route's format): they compare as strings.
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    throw new ServiceError("INVALID_DATE_RANGE", "from is after to");
  }
  return usageRepository(deps.store.db).usage(principal.organizationId, licenseId, query);
}

/** Admin: the license's quotas in the current period and its devices in use, with stages. */
export async function licenseQuota(
  deps: Pick<UsageDeps, "store" | "clock">,
  principal: Principal,
  licenseId: string,
) {
  requireAdmin(principal);
  const { license, rules } = await reachableLicense(deps.store.db, principal, licenseId);
  const settings = await settingsOfLicense(deps.store.db, license);
  const now = deps.clock();
  const period = periodKey(settings.period, now);
  const totals = await usageRepository(deps.store.db).totals(
    principal.organizationId,
    licenseId,
    period,
  );
  const devicesInUse = await trackableRepository(deps.store.db).devicesInUse(
    principal.organizationId,
    licenseId,
    settings.deviceModel,
    now.toISOString(),
    periodStart(settings.period, now),
  );
  return {
    period,
    stage: licenseStage(totals, devicesInUse, rules, settings),
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
      stage: deviceStage(devicesInUse, rules.maxMachines),
    },
  };
}
