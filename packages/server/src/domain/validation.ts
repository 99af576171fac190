import { licenseStatus } from "./license-status.js";
import { countOf, overLimit, withinLimit } from "./limits.js";
import type { PolicyRules } from "./policy.js";
import { versionAllowed } from "./version.js";

// License validation: from what is known about a license and what the client says about
// itself, the answer {valid, code, detail}. Pure: the facts and `now` are passed in.

export const VALIDATION_CODES = [
  "VALID",
  "NOT_FOUND",
  "SUSPENDED",
  "EXPIRED",
  "OVERDUE",
  "LOCKED",
  "NO_MACHINE",
  "NO_MACHINES",
  "FINGERPRINT_SCOPE_MISMATCH",
  "TOO_MANY_MACHINES",
  "HEARTBEAT_NOT_STARTED",
  "HEARTBEAT_DEAD",
  "PRODUCT_SCOPE_MISMATCH",
  "PLATFORM_NOT_ALLOWED",
  "APP_IDENTIFIER_NOT_ALLOWED",
  "VERSION_NOT_ALLOWED",
  "ENTITLEMENTS_MISSING",
  "QUOTA_EXCEEDED",
] as const;
export type ValidationCode = (typeof VALIDATION_CODES)[number];

export interface Validation {
  valid: boolean;
  code: ValidationCode;
  detail: string;
}

/** What the client states about where it runs (SPEC R1); absent fields are not checked. */
export interface ValidationScope {
  fingerprint?: string | undefined;
  productId?: string | undefined;
  platform?: string | undefined;
  appIdentifier?: string | undefined;
  appVersion?: string | undefined;
  /** Entitlement codes the client needs. */
  entitlements?: string[] | undefined;
}

export interface MachineFacts {
  /** ISO time of the last heartbeat; null when none yet. */
  lastHeartbeatAt: string | null;
  /** ISO time after which the machine counts as dead; null when it needs no heartbeats. */
  heartbeatDeadlineAt: string | null;
}

export interface LicenseFacts {
  suspended: boolean;
  revokedAt: string | null;
  expiresAt: string | null;
  createdAt: string;
  lastCheckInAt: string | null;
  productId: string;
  uses: number;
  /** The license's effective rules (policy with overrides). */
  rules: PolicyRules;
  /** The product's allowed platforms and app identifiers; empty = any. */
  platforms: readonly string[];
  appIdentifiers: readonly string[];
  machineCount: number;
  /** The machine with the scope's fingerprint, if the scope has one and it is activated. */
  machine: MachineFacts | null;
  /** Codes of the entitlements the license grants (its own and its policy's). */
  entitlements: readonly string[];
}

const answer = (valid: boolean, code: ValidationCode, detail: string): Validation => ({
  valid,
  code,
  detail,
});

/** Unknown key or id: the same answer whether it exists elsewhere or not. */
export const NOT_FOUND: Validation = answer(false, "NOT_FOUND", "license not found");

/**
 * Checks in a fixed order, first failure wins: lock states, expiry, check-in, the client's
 * scope, limits, the device, entitlements. Expiry under the "maintain"/"allow" strategies does
 * not fail: the answer is valid with code EXPIRED unless something else fails.
 */
export function validateLicense(
  facts: LicenseFacts,
  scope: ValidationScope,
  now: Date,
): Validation {
  const { rules } = facts;
  const status = licenseStatus(facts, now);
  if (status === "revoked") return answer(false, "LOCKED", "license is revoked");
  if (status === "suspended") return answer(false, "SUSPENDED", "license is suspended");
  const expired = status === "expired";
  if (expired && rules.expirationStrategy === "revoke") {
    return answer(false, "LOCKED", "license has expired and its access is revoked");
  }
  if (expired && rules.expirationStrategy === "restrict") {
    return answer(false, "EXPIRED", "license has expired");
  }
  if (checkInOverdue(facts, now)) {
    return answer(false, "OVERDUE", "license is overdue for check-in");
  }

  const scoped = scopeFailure(facts, scope);
  if (scoped) return scoped;

  if (!withinLimit(facts.machineCount, rules.maxMachines, rules.overage)) {
    return answer(
      false,
      "TOO_MANY_MACHINES",
      `license has ${countOf(facts.machineCount, "machine")}, more than its limit allows`,
    );
  }
  if (!withinLimit(facts.uses, rules.maxUses, rules.overage)) {
    return answer(
      false,
      "QUOTA_EXCEEDED",
      `license has used ${facts.uses} of ${countOf(rules.maxUses ?? 0, "use")}`,
    );
  }

  if (scope.fingerprint !== undefined) {
    const device = machineFailure(facts, now);
    if (device) return device;
  }

  const missing = (scope.entitlements ?? []).filter((code) => !facts.entitlements.includes(code));
  if (missing.length > 0) {
    return answer(
      false,
      "ENTITLEMENTS_MISSING",
      `license lacks entitlements: ${missing.join(", ")}`,
    );
  }

  if (expired) return answer(true, "EXPIRED", "license has expired; its policy maintains access");
  const grace =
    overLimit(facts.machineCount, rules.maxMachines) || overLimit(facts.uses, rules.maxUses);
  return answer(
    true,
    "VALID",
    grace ? "license is valid (in its grace stage)" : "license is valid",
  );
}

function checkInOverdue(facts: LicenseFacts, now: Date): boolean {
  const due = checkInDueAt(facts.rules, facts);
  return due !== null && now.getTime() > Date.parse(due);
}

/** When a license must check in next, or it validates OVERDUE; null: its policy asks never. */
export function checkInDueAt(
  rules: PolicyRules,
  license: { lastCheckInAt: string | null; createdAt: string },
): string | null {
  const interval = rules.checkInIntervalSeconds;
  if (interval === null) return null;
  const last = Date.parse(license.lastCheckInAt ?? license.createdAt);
  return new Date(last + interval * 1000).toISOString();
}

function scopeFailure(facts: LicenseFacts, scope: ValidationScope): Validation | null {
  if (scope.productId !== undefined && scope.productId !== facts.productId) {
    return answer(false, "PRODUCT_SCOPE_MISMATCH", "license is not for this product");
  }
  if (!allowed(facts.platforms, scope.platform)) {
    return answer(false, "PLATFORM_NOT_ALLOWED", `platform ${scope.platform} is not allowed`);
  }
  if (!allowed(facts.appIdentifiers, scope.appIdentifier)) {
    return answer(
      false,
      "APP_IDENTIFIER_NOT_ALLOWED",
      `application identifier ${scope.appIdentifier} is not allowed`,
    );
  }
  const version = versionRefusal(facts.rules, scope.appVersion);
  return version === null ? null : answer(false, "VERSION_NOT_ALLOWED", version);
}

/** Why an app version is outside the policy's range, or null when inside (or not sent). */
export function versionRefusal(
  rules: Pick<PolicyRules, "minVersion" | "maxVersion">,
  appVersion: string | undefined,
): string | null {
  const { minVersion, maxVersion } = rules;
  if (appVersion === undefined || versionAllowed(appVersion, minVersion, maxVersion)) return null;
  return `version ${appVersion} is outside ${minVersion ?? "any"} to ${maxVersion ?? "any"}`;
}

/** An empty list allows anything; a value the client did not send is not checked. */
export function allowed(list: readonly string[], value: string | undefined): boolean {
  return value === undefined || list.length === 0 || list.includes(value);
}

function machineFailure(facts: LicenseFacts, now: Date): Validation | null {
  const { machine } = facts;
  if (facts.machineCount === 0) {
    return facts.rules.floating
      ? answer(false, "NO_MACHINES", "license has no activated machines")
      : answer(false, "NO_MACHINE", "license is not activated on a machine");
  }
  if (!machine) {
    return answer(
      false,
      "FINGERPRINT_SCOPE_MISMATCH",
      "license is not activated on a machine with this fingerprint",
    );
  }
  const state = heartbeatState(machine, now);
  if (state === "dead") return answer(false, "HEARTBEAT_DEAD", "machine heartbeat is dead");
  if (state === "not_started") {
    return answer(false, "HEARTBEAT_NOT_STARTED", "machine heartbeat has not started");
  }
  return null;
}

export type HeartbeatState = "not_required" | "not_started" | "alive" | "dead";

/** A machine past its deadline is dead, whether it ever sent a heartbeat or not. */
export function heartbeatState(machine: MachineFacts, now: Date): HeartbeatState {
  if (machine.heartbeatDeadlineAt === null) return "not_required";
  if (Date.parse(machine.heartbeatDeadlineAt) <= now.getTime()) return "dead";
  return machine.lastHeartbeatAt === null ? "not_started" : "alive";
}
