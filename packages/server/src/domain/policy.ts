import { isKeyScheme, type KeyScheme } from "@keyward/formats";
import { compareVersions, isVersion } from "./version.js";

// Policy rules: the licensing model a license follows (SPEC K8, L5, T8–T10). Pure: no I/O, no
// clock. resolvePolicyRules fills defaults and checks the rules are consistent as a whole,
// returning every problem at once so an API caller can fix them in one go.

export const LICENSE_MODELS = [
  "perpetual",
  "timed",
  "subscription",
  "trial",
  "consumption",
] as const;
export type LicenseModel = (typeof LICENSE_MODELS)[number];

export const OVERAGE_STRATEGIES = ["none", "percent", "count"] as const;
export type OverageStrategy = (typeof OVERAGE_STRATEGIES)[number];

export const CULL_STRATEGIES = ["deactivate", "keep"] as const;
export type CullStrategy = (typeof CULL_STRATEGIES)[number];

export const EXPIRATION_STRATEGIES = ["restrict", "revoke", "maintain", "allow"] as const;
export type ExpirationStrategy = (typeof EXPIRATION_STRATEGIES)[number];

export const EXPIRATION_BASES = ["creation", "first_activation", "first_validation"] as const;
export type ExpirationBasis = (typeof EXPIRATION_BASES)[number];

export const DAY_SECONDS = 86_400;
/**
 * SPEC T9: a device may work offline 3 to 365 days after authorization: the offline grace is
 * 3 to 365 days, and the lease and the grace after it together at most 365 days.
 */
export const MIN_OFFLINE_GRACE_SECONDS = 3 * DAY_SECONDS;
export const MAX_OFFLINE_GRACE_SECONDS = 365 * DAY_SECONDS;
/** Durations (license, lease, heartbeat) are at least a minute and at most 100 years. */
export const MIN_DURATION_SECONDS = 60;
export const MAX_DURATION_SECONDS = 100 * 365 * DAY_SECONDS;
/**
 * The latest expiry stored: dates are ISO text with a four-digit year, which the database
 * compares as text (`+010000-…` would sort before every four-digit year).
 */
export const LATEST_EXPIRY = new Date("9999-12-31T23:59:59.999Z");
/** The most machines, uses or overage units a rule may name (messages state it as a range). */
export const MAX_LIMIT = 1_000_000_000;

export interface OverageRules {
  /** none: the limit is hard; percent/count: the grace stage allows this much above it (T8). */
  strategy: OverageStrategy;
  /** percent: 1–1000 (% of the limit); count: units above the limit; none: 0. */
  allowance: number;
}

export interface HeartbeatRules {
  required: boolean;
  /** How long a machine stays alive without a heartbeat; required when heartbeats are. */
  durationSeconds: number | null;
  /** What happens to a machine whose heartbeat is overdue. */
  cullStrategy: CullStrategy;
}

/** The complete, consistent rule set of a policy (stored as JSON). */
export interface PolicyRules {
  model: LicenseModel;
  /** Lifetime of a license; null for perpetual (and optional for consumption). */
  durationSeconds: number | null;
  /** Floating: up to maxMachines devices; node-locked: exactly one. */
  floating: boolean;
  /** Node-locked ⇒ 1; floating ⇒ ≥ 1, or null for unlimited. */
  maxMachines: number | null;
  /** Quota of uses (T8); required for consumption, null = unlimited. */
  maxUses: number | null;
  overage: OverageRules;
  heartbeat: HeartbeatRules;
  /** How long a successful check lets a device run without asking again (R2). */
  leaseDurationSeconds: number;
  /** How long a device keeps running offline after its lease ends (R3, T9). */
  offlineGraceSeconds: number;
  /** The cryptographic key scheme; null issues plain-text keys (K4). */
  scheme: KeyScheme | null;
  /** What an expired license may still do. */
  expirationStrategy: ExpirationStrategy;
  /** When a license's clock starts. */
  expirationBasis: ExpirationBasis;
  /** A license must check in at least this often or validate OVERDUE; null: never. */
  checkInIntervalSeconds: number | null;
  /** Oldest app version the license covers (dotted numbers, e.g. "2.0"); null: any. */
  minVersion: string | null;
  /** Newest app version the license covers (e.g. "2.99"); null: any. */
  maxVersion: string | null;
}

/** What a caller may give: every field optional (defaults fill the rest), objects partial. */
export type PolicyRulesInput = Partial<Omit<PolicyRules, "overage" | "heartbeat">> & {
  overage?: Partial<OverageRules>;
  heartbeat?: Partial<HeartbeatRules>;
};

export interface PolicyProblem {
  /** The rule at fault, e.g. "durationSeconds" or "overage.allowance". */
  field: string;
  message: string;
}

export type PolicyResult =
  | { ok: true; rules: PolicyRules }
  | { ok: false; problems: PolicyProblem[] };

export const DEFAULT_LEASE_DURATION_SECONDS = DAY_SECONDS;
export const DEFAULT_OFFLINE_GRACE_SECONDS = 7 * DAY_SECONDS;

/**
 * Complete rules from a partial input: maxMachines defaults to 1 when node-locked and to
 * unlimited when floating; overage to none; heartbeats off; lease 1 day; offline grace 7 days;
 * plain keys; expiration "restrict" counted from creation.
 */
/** Every rule field, in the order the API documents them. */
export const POLICY_RULE_KEYS = [
  "model",
  "durationSeconds",
  "floating",
  "maxMachines",
  "maxUses",
  "overage",
  "heartbeat",
  "leaseDurationSeconds",
  "offlineGraceSeconds",
  "scheme",
  "expirationStrategy",
  "expirationBasis",
  "checkInIntervalSeconds",
  "minVersion",
  "maxVersion",
] as const satisfies readonly (keyof PolicyRules)[];

/** The rule fields present in a request (name, metadata, ids and absent fields left out). */
export function pickRules(input: PolicyRulesInput): PolicyRulesInput {
  const rules: Record<string, unknown> = {};
  for (const key of POLICY_RULE_KEYS) {
    if (input[key] !== undefined) rules[key] = input[key];
  }
  return rules as PolicyRulesInput;
}

export function withDefaults(input: PolicyRulesInput): PolicyRules {
  const floating = input.floating ?? false;
  const overageStrategy = input.overage?.strategy ?? "none";
  return {
    model: input.model ?? "perpetual",
    durationSeconds: input.durationSeconds ?? null,
    floating,
    maxMachines: input.maxMachines !== undefined ? input.maxMachines : floating ? null : 1,
    maxUses: input.maxUses ?? null,
    overage: {
      strategy: overageStrategy,
      allowance: input.overage?.allowance ?? 0,
    },
    heartbeat: {
      required: input.heartbeat?.required ?? false,
      durationSeconds: input.heartbeat?.durationSeconds ?? null,
      cullStrategy: input.heartbeat?.cullStrategy ?? "deactivate",
    },
    leaseDurationSeconds: input.leaseDurationSeconds ?? DEFAULT_LEASE_DURATION_SECONDS,
    offlineGraceSeconds: input.offlineGraceSeconds ?? DEFAULT_OFFLINE_GRACE_SECONDS,
    scheme: input.scheme ?? null,
    expirationStrategy: input.expirationStrategy ?? "restrict",
    expirationBasis: input.expirationBasis ?? "creation",
    checkInIntervalSeconds: input.checkInIntervalSeconds ?? null,
    minVersion: input.minVersion ?? null,
    maxVersion: input.maxVersion ?? null,
  };
}

/**
 * Applies a change to existing rules: fields present in `change` replace the current ones
 * (overage and heartbeat field by field). Switching to floating without a maxMachines makes it
 * unlimited; switching to node-locked without one makes it 1.
 */
export function mergeRules(current: PolicyRules, change: PolicyRulesInput): PolicyRulesInput {
  const merged: PolicyRulesInput = {
    ...current,
    ...change,
    overage: { ...current.overage, ...change.overage },
    heartbeat: { ...current.heartbeat, ...change.heartbeat },
  };
  if (change.floating !== undefined && change.maxMachines === undefined) {
    merged.maxMachines = change.floating ? null : 1;
  }
  if (change.overage?.strategy === "none" && change.overage.allowance === undefined) {
    merged.overage = { strategy: "none", allowance: 0 };
  }
  return merged;
}

/**
 * Defaults, then every consistency check, and offlinePeriodProblems for the lease and grace
 * `written` (new rules: all of `input`; a change: only what it names).
 */
export function resolvePolicyRules(
  input: PolicyRulesInput,
  written: OfflinePeriodWrite = input,
): PolicyResult {
  const rules = withDefaults(input);
  const problems = checkPolicyRules(rules);
  // The sum is checked once each part is in its own range (one problem per field).
  const parts = ["leaseDurationSeconds", "offlineGraceSeconds"];
  if (!problems.some((problem) => parts.includes(problem.field))) {
    problems.push(...offlinePeriodProblems(rules, written));
  }
  return problems.length === 0 ? { ok: true, rules } : { ok: false, problems };
}

/** What a write sets of the offline period: a policy's rules or change, a license's overrides. */
type OfflinePeriodWrite = Partial<
  Pick<PolicyRules, "leaseDurationSeconds" | "offlineGraceSeconds">
>;

/**
 * T9: a device may work offline at most 365 days after it was authorized, so the lease and the
 * grace after it make at most 365 days. Checked only when a write sets the lease or the grace
 * (`written`), not with every rule: rules stored before this check may make up to 730 days, and
 * failing them would void their licenses' overrides (effectiveRules) and refuse every other
 * change to them; their leases are cut to 365 days instead (domain/lease.ts).
 */
export function offlinePeriodProblems(
  rules: Pick<PolicyRules, "leaseDurationSeconds" | "offlineGraceSeconds">,
  written: OfflinePeriodWrite,
): PolicyProblem[] {
  if (written.leaseDurationSeconds === undefined && written.offlineGraceSeconds === undefined) {
    return [];
  }
  if (rules.leaseDurationSeconds + rules.offlineGraceSeconds <= MAX_OFFLINE_GRACE_SECONDS) {
    return [];
  }
  return [
    {
      field: "offlineGraceSeconds",
      message:
        "with leaseDurationSeconds must make at most 365 days: a device may work offline at " +
        "most 365 days after it was authorized",
    },
  ];
}

function isCount(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (values as readonly string[]).includes(value);
}

/** Every problem of a complete rule set; empty when it is consistent. */
export function checkPolicyRules(rules: PolicyRules): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  if (!oneOf(LICENSE_MODELS, rules.model)) {
    problem("model", `must be one of ${LICENSE_MODELS.join(", ")}`);
  }
  const duration = rules.durationSeconds;
  if (duration !== null && !isCount(duration, MIN_DURATION_SECONDS, MAX_DURATION_SECONDS)) {
    problem(
      "durationSeconds",
      `must be a whole number of seconds from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS}`,
    );
  }
  if (rules.model === "perpetual" && duration !== null) {
    problem(
      "durationSeconds",
      "must be null for a perpetual policy (perpetual licenses never expire)",
    );
  }
  if (
    (rules.model === "timed" || rules.model === "subscription" || rules.model === "trial") &&
    duration === null
  ) {
    problem("durationSeconds", `is required for a ${rules.model} policy`);
  }

  if (typeof rules.floating !== "boolean") problem("floating", "must be true or false");
  if (rules.floating === false && rules.maxMachines !== 1) {
    problem("maxMachines", "must be 1 for a node-locked policy (set floating for more machines)");
  }
  if (
    rules.floating === true &&
    rules.maxMachines !== null &&
    !isCount(rules.maxMachines, 1, MAX_LIMIT)
  ) {
    problem(
      "maxMachines",
      `must be a whole number from 1 to ${MAX_LIMIT}, or null for unlimited machines`,
    );
  }

  if (rules.maxUses !== null && !isCount(rules.maxUses, 1, MAX_LIMIT)) {
    problem("maxUses", `must be a whole number from 1 to ${MAX_LIMIT}, or null for unlimited uses`);
  }
  if (rules.model === "consumption" && rules.maxUses === null) {
    problem("maxUses", "is required for a consumption policy (the quota of metered uses)");
  }

  const { strategy, allowance } = rules.overage ?? ({} as OverageRules);
  if (!oneOf(OVERAGE_STRATEGIES, strategy)) {
    problem("overage.strategy", `must be one of ${OVERAGE_STRATEGIES.join(", ")}`);
  } else if (strategy === "none" && allowance !== 0) {
    problem("overage.allowance", "must be 0 when the overage strategy is none");
  } else if (strategy === "percent" && !isCount(allowance, 1, 1000)) {
    problem("overage.allowance", "must be a whole percentage from 1 to 1000");
  } else if (strategy === "count" && !isCount(allowance, 1, MAX_LIMIT)) {
    problem(
      "overage.allowance",
      `must be a whole number of units above the limit, from 1 to ${MAX_LIMIT}`,
    );
  }
  if (
    strategy !== "none" &&
    rules.maxUses === null &&
    (rules.maxMachines === null || rules.floating === false)
  ) {
    problem(
      "overage.strategy",
      "an overage needs a limit to go over: set maxUses, or maxMachines on a floating policy",
    );
  }

  const heartbeat = rules.heartbeat ?? ({} as HeartbeatRules);
  if (typeof heartbeat.required !== "boolean")
    problem("heartbeat.required", "must be true or false");
  if (!oneOf(CULL_STRATEGIES, heartbeat.cullStrategy)) {
    problem("heartbeat.cullStrategy", `must be one of ${CULL_STRATEGIES.join(", ")}`);
  }
  if (
    heartbeat.durationSeconds !== null &&
    !isCount(heartbeat.durationSeconds, MIN_DURATION_SECONDS, 30 * DAY_SECONDS)
  ) {
    problem(
      "heartbeat.durationSeconds",
      `must be a whole number of seconds from ${MIN_DURATION_SECONDS} to ${30 * DAY_SECONDS}`,
    );
  }
  if (heartbeat.required === true && heartbeat.durationSeconds === null) {
    problem("heartbeat.durationSeconds", "is required when heartbeats are required");
  }

  if (!isCount(rules.leaseDurationSeconds, MIN_DURATION_SECONDS, MAX_OFFLINE_GRACE_SECONDS)) {
    problem(
      "leaseDurationSeconds",
      `must be a whole number of seconds from ${MIN_DURATION_SECONDS} to ${MAX_OFFLINE_GRACE_SECONDS}`,
    );
  }
  if (!isCount(rules.offlineGraceSeconds, MIN_OFFLINE_GRACE_SECONDS, MAX_OFFLINE_GRACE_SECONDS)) {
    problem("offlineGraceSeconds", "must be a whole number of seconds from 3 to 365 days");
  }

  if (rules.scheme !== null && !isKeyScheme(rules.scheme)) {
    problem("scheme", "must be a known key scheme, or null for plain-text keys");
  }
  if (!oneOf(EXPIRATION_STRATEGIES, rules.expirationStrategy)) {
    problem("expirationStrategy", `must be one of ${EXPIRATION_STRATEGIES.join(", ")}`);
  }
  if (!oneOf(EXPIRATION_BASES, rules.expirationBasis)) {
    problem("expirationBasis", `must be one of ${EXPIRATION_BASES.join(", ")}`);
  }
  const checkIn = rules.checkInIntervalSeconds;
  if (checkIn !== null && !isCount(checkIn, MIN_DURATION_SECONDS, MAX_OFFLINE_GRACE_SECONDS)) {
    problem(
      "checkInIntervalSeconds",
      `must be a whole number of seconds from ${MIN_DURATION_SECONDS} to ${MAX_OFFLINE_GRACE_SECONDS}, or null`,
    );
  }
  for (const field of ["minVersion", "maxVersion"] as const) {
    const version = rules[field];
    if (version !== null && !isVersion(version)) {
      problem(field, 'must be dotted whole numbers such as "2" or "2.1.0", or null');
    }
  }
  if (
    isVersion(rules.minVersion) &&
    isVersion(rules.maxVersion) &&
    compareVersions(rules.minVersion, rules.maxVersion) > 0
  ) {
    problem("maxVersion", "must not be older than minVersion");
  }
  return problems;
}

/** One line listing the problems, for an error message. */
export function describeProblems(problems: PolicyProblem[]): string {
  return problems.map((p) => `${p.field} ${p.message}`).join("; ");
}

/** Per-license changes to the policy's limits (a license bought with extra seats, say). */
export interface LicenseOverrides {
  maxMachines?: number | null;
  maxUses?: number | null;
  overage?: Partial<OverageRules>;
  heartbeatDurationSeconds?: number | null;
  leaseDurationSeconds?: number;
  offlineGraceSeconds?: number;
}

/**
 * The rules a license follows: its policy's with its overrides applied, checked for
 * consistency the same way (a node-locked policy cannot be overridden to 3 machines).
 */
export function effectiveRules(policy: PolicyRules, overrides: LicenseOverrides): PolicyResult {
  const rules: PolicyRules = {
    ...policy,
    overage: { ...policy.overage, ...overrides.overage },
    heartbeat: {
      ...policy.heartbeat,
      ...(overrides.heartbeatDurationSeconds !== undefined
        ? { durationSeconds: overrides.heartbeatDurationSeconds }
        : {}),
    },
  };
  if (overrides.maxMachines !== undefined) rules.maxMachines = overrides.maxMachines;
  if (overrides.maxUses !== undefined) rules.maxUses = overrides.maxUses;
  if (overrides.leaseDurationSeconds !== undefined) {
    rules.leaseDurationSeconds = overrides.leaseDurationSeconds;
  }
  if (overrides.offlineGraceSeconds !== undefined) {
    rules.offlineGraceSeconds = overrides.offlineGraceSeconds;
  }
  const problems = checkPolicyRules(rules);
  return problems.length === 0 ? { ok: true, rules } : { ok: false, problems };
}

/**
 * The expiry of a new license: creation + duration when the clock starts at creation; null
 * when the policy has no duration or the clock starts at first activation/validation (set then).
 */
export function initialExpiry(rules: PolicyRules, created: Date): Date | null {
  if (rules.durationSeconds === null || rules.expirationBasis !== "creation") return null;
  return new Date(created.getTime() + rules.durationSeconds * 1000);
}

/** Renewal extends from the later of now and the current expiry by the policy's duration. */
export function renewedExpiry(
  rules: PolicyRules,
  currentExpiry: Date | null,
  now: Date,
): Date | null {
  if (rules.durationSeconds === null) return null;
  const from =
    currentExpiry !== null && currentExpiry.getTime() > now.getTime() ? currentExpiry : now;
  return new Date(from.getTime() + rules.durationSeconds * 1000);
}
