import { type ActivationDecision, type ActivationFacts, activationDecision } from "./activation.js";
import { licenseStatus } from "./license-status.js";
import { limitWithOverage, overLimit } from "./limits.js";
import type { OverageRules } from "./policy.js";

// Trackable licenses (SPEC T2–T10): how a device's request names its handshake code, what the
// code's validation fields let through, device models, quota stages and usage alerts. Pure: no
// I/O, time passed in.

export const PUBLIC_TRIAL_DAYS = 7;
export const PRIVATE_TRIAL_DAYS = 30;

/** SPEC T2: which handshake code a request means. */
export type CodeResolution =
  | { kind: "public_trial" }
  | { kind: "default"; organizationId: string }
  | { kind: "code"; code: string; organizationId: string | null };

export function resolveRequest(input: {
  organizationId?: string | undefined;
  handshakeCode?: string | undefined;
}): CodeResolution {
  const { organizationId, handshakeCode } = input;
  if (handshakeCode !== undefined) {
    return { kind: "code", code: handshakeCode, organizationId: organizationId ?? null };
  }
  if (organizationId !== undefined) return { kind: "default", organizationId };
  return { kind: "public_trial" };
}

/** A code found by its string answers an "org + code" request only within that org (T2). */
export function codeAnswers(
  resolution: Extract<CodeResolution, { kind: "code" }>,
  codeOrganizationId: string,
): boolean {
  return resolution.organizationId === null || resolution.organizationId === codeOrganizationId;
}

export interface ValidationFieldLists {
  domains: string[];
  processNames: string[];
  appIdentifiers: string[];
}

export interface ClientFields {
  domain?: string | undefined;
  processName?: string | undefined;
  appIdentifier?: string | undefined;
}

export type FieldRefusal =
  | "DOMAIN_NOT_ALLOWED"
  | "PROCESS_NOT_ALLOWED"
  | "APP_IDENTIFIER_NOT_ALLOWED";

/**
 * SPEC T5: a non-empty list requires the client to send a listed value. Domains compare without
 * case, and `*.example.com` allows the subdomains of example.com (not example.com itself).
 */
export function fieldRefusal(
  lists: ValidationFieldLists,
  client: ClientFields,
): FieldRefusal | null {
  if (lists.domains.length > 0 && !domainAllowed(lists.domains, client.domain)) {
    return "DOMAIN_NOT_ALLOWED";
  }
  if (lists.processNames.length > 0 && !listed(lists.processNames, client.processName)) {
    return "PROCESS_NOT_ALLOWED";
  }
  if (lists.appIdentifiers.length > 0 && !listed(lists.appIdentifiers, client.appIdentifier)) {
    return "APP_IDENTIFIER_NOT_ALLOWED";
  }
  return null;
}

function listed(values: string[], value: string | undefined): boolean {
  return value !== undefined && values.includes(value);
}

export function domainAllowed(patterns: string[], domain: string | undefined): boolean {
  if (domain === undefined) return false;
  const host = domain.toLowerCase();
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith("*.")
      ? host.endsWith(p.slice(1)) && host.length > p.length - 1
      : host === p;
  });
}

export const DEVICE_MODELS = ["per_device", "concurrent", "per_active_device"] as const;
export type DeviceModel = (typeof DEVICE_MODELS)[number];
export const USAGE_PERIODS = ["lifetime", "month"] as const;
export type UsagePeriod = (typeof USAGE_PERIODS)[number];

/** A license's trackable settings: defaults, then its policy's, then its own (SPEC T8, T10). */
export interface TrackableSettings {
  /** The device limit is the policy's maxMachines (with its overage). */
  deviceModel: DeviceModel;
  /** per_device: a device unseen this many days is released (T10: 90 by default). */
  inactiveDays: number;
  /** concurrent: how long an authorization or report holds a seat. */
  seatSeconds: number;
  /** What quotas, alerts and per_active_device count over; no roll-over between periods. */
  period: UsagePeriod;
  /** Quotas per feature (units per period); the policy's maxUses caps the sum. */
  featureQuotas: Record<string, number>;
  /** Percentages of a quota at which an alert is recorded, once each per period. */
  alertThresholds: number[];
}

export const DEFAULT_TRACKABLE_SETTINGS: TrackableSettings = {
  deviceModel: "per_device",
  inactiveDays: 90,
  seatSeconds: 15 * 60,
  period: "lifetime",
  featureQuotas: {},
  alertThresholds: [80, 90, 100],
};

export function trackableSettings(
  ...layers: Array<Partial<TrackableSettings> | undefined>
): TrackableSettings {
  return Object.assign({}, DEFAULT_TRACKABLE_SETTINGS, ...layers.filter(Boolean));
}

/** The key of the period `now` falls in: "lifetime" or the UTC month "YYYY-MM". */
export function periodKey(period: UsagePeriod, now: Date): string {
  return period === "lifetime" ? "lifetime" : now.toISOString().slice(0, 7);
}

/** When the period `now` falls in started (ISO); null for the license's whole lifetime. */
export function periodStart(period: UsagePeriod, now: Date): string | null {
  if (period === "lifetime") return null;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
}

/** ok: under the limit; grace: limit reached, overage still allowed (T8); exhausted: stop. */
export type QuotaStage = "ok" | "grace" | "exhausted";

export function quotaStage(used: number, limit: number | null, overage: OverageRules): QuotaStage {
  const most = limitWithOverage(limit, overage);
  if (limit === null || most === null) return "ok";
  if (used >= most) return "exhausted";
  return used >= limit ? "grace" : "ok";
}

/**
 * The devices' stage (T8, T10): grace while more devices are in use than the limit (its overage
 * taken). Never exhausted: a license whose devices reach the limit with its overage refuses new
 * devices (DEVICE_LIMIT_EXCEEDED), not those it has.
 */
export function deviceStage(inUse: number, limit: number | null): Exclude<QuotaStage, "exhausted"> {
  return overLimit(inUse, limit) ? "grace" : "ok";
}

/** The worse of two stages. */
export function worseStage(a: QuotaStage, b: QuotaStage): QuotaStage {
  const order: QuotaStage[] = ["ok", "grace", "exhausted"];
  return order.indexOf(a) >= order.indexOf(b) ? a : b;
}

/** The thresholds (percent) reached at `after` and not yet at `before`. */
export function thresholdsCrossed(
  before: number,
  after: number,
  limit: number | null,
  thresholds: number[],
): number[] {
  if (limit === null) return [];
  const reached = (used: number, t: number) => used * 100 >= t * limit;
  return thresholds.filter((t) => reached(after, t) && !reached(before, t)).sort((a, b) => a - b);
}

/** A level measured against a limit for alerts: a quota's use, or the devices in use. */
export interface AlertLevel {
  /** "uses", "uses:<feature>" or "devices". */
  metric: string;
  limit: number | null;
  before: number;
  after: number;
}

/** A threshold a level crossed: recorded as a usage alert. */
export interface CrossedThreshold {
  metric: string;
  threshold: number;
  /** The level after the change. */
  used: number;
  limit: number;
}

/** Every threshold (percent) each level crossed from `before` to `after`, level by level. */
export function alertsCrossed(levels: AlertLevel[], thresholds: number[]): CrossedThreshold[] {
  return levels.flatMap(({ metric, limit, before, after }) =>
    limit === null
      ? []
      : thresholdsCrossed(before, after, limit, thresholds).map((threshold) => ({
          metric,
          threshold,
          used: after,
          limit,
        })),
  );
}

/** The metric device alerts are recorded under. */
export const DEVICES_METRIC = "devices";

/** Whether a device holds a seat of its license now, as the model counts seats (T10). */
export function holdsSeat(
  model: DeviceModel,
  device: { lastSeenAt: string | null; seatUntil: string | null } | null,
  now: Date,
  since: string | null,
): boolean {
  if (device === null) return false;
  if (model === "per_device") return true;
  if (model === "concurrent")
    return device.seatUntil !== null && Date.parse(device.seatUntil) > now.getTime();
  return since === null || (device.lastSeenAt !== null && device.lastSeenAt >= since);
}

/**
 * Whether a device may use the license: one holding a seat only needs a usable license
 * (expired ones under "maintain" or "allow" keep their devices); another takes a seat under the
 * limit with its overage, as an activation does. `facts.machineCount` = seats in use.
 */
export function deviceDecision(
  facts: ActivationFacts,
  seated: boolean,
  now: Date,
): ActivationDecision {
  if (!seated) return activationDecision(facts, now);
  const status = licenseStatus(facts, now);
  const keeps =
    facts.rules.expirationStrategy === "maintain" || facts.rules.expirationStrategy === "allow";
  if (status === "active" || (status === "expired" && keeps)) return { ok: true };
  return activationDecision({ ...facts, machineCount: 0 }, now);
}

/** The UTC day of an ISO time. */
export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** A quota counted from usage reports: the total ("*", the policy's maxUses) or a feature's. */
export interface QuotaMetric {
  /** "uses" or "uses:<feature>": the name alerts are recorded under. */
  metric: string;
  /** The counter it reads: "*" or the feature. */
  feature: string;
  limit: number | null;
}

export function quotaMetrics(maxUses: number | null, settings: TrackableSettings): QuotaMetric[] {
  return [
    { metric: "uses", feature: "*", limit: maxUses },
    ...Object.entries(settings.featureQuotas).map(([feature, limit]) => ({
      metric: `uses:${feature}`,
      feature,
      limit,
    })),
  ];
}

/** The levels of the license's quotas from their counters before and after a change. */
export function quotaLevels(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  maxUses: number | null,
  settings: TrackableSettings,
): AlertLevel[] {
  return quotaMetrics(maxUses, settings).map(({ metric, feature, limit }) => ({
    metric,
    limit,
    before: before.get(feature) ?? 0,
    after: after.get(feature) ?? 0,
  }));
}

/** The worst stage over every quota of the license, from its counters of the period. */
export function usageStage(
  totals: ReadonlyMap<string, number>,
  rules: { maxUses: number | null; overage: OverageRules },
  settings: TrackableSettings,
): QuotaStage {
  return quotaMetrics(rules.maxUses, settings).reduce<QuotaStage>(
    (stage, quota) =>
      worseStage(stage, quotaStage(totals.get(quota.feature) ?? 0, quota.limit, rules.overage)),
    "ok",
  );
}

/**
 * The license's stage (T8): the worst of its quotas' and its devices'. Only the quotas' can be
 * exhausted (it refuses reports and authorizations); the devices' is at most grace.
 */
export function licenseStage(
  totals: ReadonlyMap<string, number>,
  devicesInUse: number,
  rules: { maxUses: number | null; maxMachines: number | null; overage: OverageRules },
  settings: TrackableSettings,
): QuotaStage {
  return worseStage(
    usageStage(totals, rules, settings),
    deviceStage(devicesInUse, rules.maxMachines),
  );
}

/**
 * Which of a batch's new reports count (T8): in order, each while the license's quotas are not
 * exhausted before it, as if each came in a request of its own, so the total does not depend on
 * how the reports are batched. The report that reaches the limit with its overage counts whole
 * (its uses happened); those after it are refused.
 */
export function admitReports<R extends { counters: Readonly<Record<string, number>> }>(
  totals: ReadonlyMap<string, number>,
  rules: { maxUses: number | null; overage: OverageRules },
  settings: TrackableSettings,
  reports: readonly R[],
): { admitted: R[]; refused: R[] } {
  const running = new Map(totals);
  const add = (feature: string, count: number) =>
    running.set(feature, (running.get(feature) ?? 0) + count);
  let admitted = 0;
  while (admitted < reports.length && usageStage(running, rules, settings) !== "exhausted") {
    for (const [feature, count] of Object.entries(reports[admitted]!.counters)) {
      add(feature, count);
      add("*", count);
    }
    admitted++;
  }
  return { admitted: reports.slice(0, admitted), refused: reports.slice(admitted) };
}
