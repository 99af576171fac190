import { licenseStatus } from "./license-status.js";
import { countOf, limitWithOverage } from "./limits.js";
import type { PolicyRules } from "./policy.js";
import { allowed } from "./validation.js";

// Whether a license may take one more machine, and what activating changes on it. Pure.

export type ActivationRefusal =
  | "LICENSE_REVOKED"
  | "LICENSE_SUSPENDED"
  | "LICENSE_EXPIRED"
  | "MACHINE_LIMIT_EXCEEDED";

export interface ActivationFacts {
  suspended: boolean;
  revokedAt: string | null;
  expiresAt: string | null;
  rules: PolicyRules;
  /** Machines the license has now (the new one not counted). */
  machineCount: number;
}

export type ActivationDecision =
  | { ok: true }
  | { ok: false; code: ActivationRefusal; message: string };

/**
 * Revoked and suspended licenses take no machines; expired ones only under the "allow"
 * expiration strategy ("maintain" keeps existing machines working, adds none). The limit counts
 * the grace stage: a floating license of 5 with a 20% overage takes a 6th machine.
 */
export function activationDecision(facts: ActivationFacts, now: Date): ActivationDecision {
  const status = licenseStatus(facts, now);
  if (status === "revoked") return refuse("LICENSE_REVOKED", "license is revoked");
  if (status === "suspended") return refuse("LICENSE_SUSPENDED", "license is suspended");
  if (status === "expired" && facts.rules.expirationStrategy !== "allow") {
    return refuse("LICENSE_EXPIRED", "license has expired");
  }
  const most = limitWithOverage(facts.rules.maxMachines, facts.rules.overage);
  if (most !== null && facts.machineCount >= most) {
    return refuse(
      "MACHINE_LIMIT_EXCEEDED",
      `license has reached its limit of ${countOf(facts.rules.maxMachines ?? 0, "machine")}` +
        (most > (facts.rules.maxMachines ?? 0) ? ` (${most} with its overage)` : ""),
    );
  }
  return { ok: true };
}

/**
 * A device whose platform or application identifier its product does not list is refused (R1),
 * as a check from it would be (PLATFORM_NOT_ALLOWED, APP_IDENTIFIER_NOT_ALLOWED): it would take
 * a seat it could never use. A value the device does not send is not checked.
 */
export function deviceRefusal(
  product: { platforms: readonly string[]; appIdentifiers: readonly string[] },
  device: { platform?: string | null | undefined; appIdentifier?: string | null | undefined },
): { code: "PLATFORM_NOT_ALLOWED" | "APP_IDENTIFIER_NOT_ALLOWED"; message: string } | null {
  const { platform, appIdentifier } = device;
  if (!allowed(product.platforms, platform ?? undefined)) {
    return { code: "PLATFORM_NOT_ALLOWED", message: `platform ${platform} is not allowed` };
  }
  if (!allowed(product.appIdentifiers, appIdentifier ?? undefined)) {
    return {
      code: "APP_IDENTIFIER_NOT_ALLOWED",
      message: `application identifier ${appIdentifier} is not allowed`,
    };
  }
  return null;
}

function refuse(code: ActivationRefusal, message: string): ActivationDecision {
  return { ok: false, code, message };
}

/**
 * The expiry to set when a license's clock starts at an event (first activation or first
 * validation): null when the basis is another event, the policy has no duration, or the
 * license already has an expiry.
 */
export function expiryStartingAt(
  rules: PolicyRules,
  event: "first_activation" | "first_validation",
  currentExpiry: string | null,
  now: Date,
): string | null {
  if (rules.expirationBasis !== event || rules.durationSeconds === null || currentExpiry !== null) {
    return null;
  }
  return new Date(now.getTime() + rules.durationSeconds * 1000).toISOString();
}

/**
 * Until when a machine activated offline (seed 003) holds its seat on a heartbeat policy: it
 * sends no heartbeats, so it gets the license's offline period (T9) instead of one heartbeat
 * window. null: the policy needs no heartbeats, and the machine keeps its seat until deactivated.
 */
export function offlineDeadline(rules: PolicyRules, now: Date): string | null {
  if (!rules.heartbeat.required) return null;
  return new Date(now.getTime() + rules.offlineGraceSeconds * 1000).toISOString();
}

/** When a machine activated or beating now must send its next heartbeat; null: not needed. */
export function heartbeatDeadline(rules: PolicyRules, now: Date): string | null {
  if (!rules.heartbeat.required || rules.heartbeat.durationSeconds === null) return null;
  return new Date(now.getTime() + rules.heartbeat.durationSeconds * 1000).toISOString();
}
