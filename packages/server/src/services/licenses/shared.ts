import { createHash } from "node:crypto";
import { type LicenseStatus, licenseStatus } from "../../domain/license-status.js";
import {
  describeProblems,
  effectiveRules,
  type LicenseOverrides,
  offlinePeriodProblems,
  type PolicyProblem,
  type PolicyRules,
} from "../../domain/policy.js";
import { isId } from "../../ids.js";
import type { Db, Store } from "../../store/database.js";
import { type LicenseChanges, licensesRepository } from "../../store/licenses.js";
import { policiesRepository } from "../../store/policies.js";
import type { LicenseRecord as License } from "../../store/records.js";
import { changesNothing, recordAudit } from "../audit.js";
import type { Clock } from "../clock.js";
import { forbidden, notFound, ServiceError } from "../errors.js";
import { type EventType, recordEvents } from "../events.js";
import { outsideLicenseScope, type Principal, requireProductAccess } from "../principal.js";
import type { SigningKeysService } from "../signing-keys.js";
import { lockUser } from "../users.js";

/** What the license operations need; create alone uses signingKeys. */
export interface LicensesDeps {
  store: Store;
  clock: Clock;
  signingKeys: SigningKeysService;
}

/** The deps of the operations that neither make keys nor read the time. */
export type StoreDeps = Pick<LicensesDeps, "store">;

export function hashLicenseKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The status of a stored license at `now`. */
export function statusOf(license: License, now: Date): LicenseStatus {
  return licenseStatus(
    {
      suspended: license.suspended,
      revokedAt: license.revokedAt,
      expiresAt: license.expiresAt,
    },
    now,
  );
}

export function isoDate(text: string, field: string): string {
  const time = Date.parse(text);
  // Date.parse gives NaN for leap seconds and other dates the format check lets through.
  if (Number.isNaN(time)) {
    throw new ServiceError("INVALID_LICENSE", `${field} is not a valid date`);
  }
  // Keys, leases and files state times in seconds since 1970; the schema's format allows
  // years 0000–9999 (a year-0 expiry was stored and answered as such).
  if (time < 0) {
    throw new ServiceError("INVALID_LICENSE", `${field} must be 1970-01-01 or later`);
  }
  return new Date(time).toISOString();
}

/**
 * The license, if the caller may act on it: 404 when unknown to the organization or not the
 * license a license token is bound to; 403 for a product token of another product. License
 * tokens pass only with `read` (GET of their own license), every other action is 403.
 */
export async function loadLicense(
  deps: StoreDeps,
  principal: Principal,
  id: string,
  read = false,
): Promise<License> {
  const license =
    isId("lic", id) && !outsideLicenseScope(principal, id)
      ? await licensesRepository(deps.store.db).find(principal.organizationId, id)
      : undefined;
  if (!license) throw notFound("license", id);
  if (read && principal.kind === "license") return license;
  requireProductAccess(principal, license.productId);
  return license;
}

/** Reloads after a change (still in the organization: nothing deletes in between here). */
export async function reloadLicense(
  deps: StoreDeps,
  principal: Principal,
  id: string,
): Promise<License> {
  const license = await licensesRepository(deps.store.db).find(principal.organizationId, id);
  if (!license) throw notFound("license", id);
  return license;
}

/**
 * Only an admin token names a license's user (its licensee): users are the organization's and
 * only admin tokens read them. A product token could otherwise learn a user's email through a
 * key template (`{{email}}`), or bind another product's user, whose login then found two
 * products' licenses.
 */
export function checkMayNameUser(principal: Principal): void {
  if (principal.kind !== "admin") {
    throw forbidden("only an admin token sets a license's userId (users are the organization's)");
  }
}

/**
 * The rules a license with `overrides` follows under `rules`; 400 INVALID_OVERRIDES if none, or
 * if overrides of the lease or grace break the offline period's bound (T9).
 */
export function checkOverrides(rules: PolicyRules, overrides: LicenseOverrides): PolicyRules {
  const result = effectiveRules(rules, overrides);
  if (!result.ok) throw invalidOverrides(result.problems);
  const problems = offlinePeriodProblems(result.rules, overrides);
  if (problems.length > 0) throw invalidOverrides(problems);
  return result.rules;
}

/** The override each rule a license can override is written as (the others are the rule's). */
const OVERRIDE_OF_RULE: Record<string, string> = {
  "heartbeat.durationSeconds": "heartbeatDurationSeconds",
};
const OVERRIDDEN_RULES = new Set([
  "maxMachines",
  "maxUses",
  "overage.strategy",
  "overage.allowance",
  "heartbeat.durationSeconds",
  "leaseDurationSeconds",
  "offlineGraceSeconds",
]);

/**
 * 400 INVALID_OVERRIDES naming each problem in `details`, as INVALID_POLICY does: at the
 * override (`body.overrides.maxMachines`) when the rule at fault is one a license overrides,
 * else at `body.overrides` (a rule of the policy's that the overrides no longer fit).
 */
function invalidOverrides(problems: PolicyProblem[]): ServiceError {
  return new ServiceError(
    "INVALID_OVERRIDES",
    describeProblems(problems),
    problems.map(({ field, message }) => ({
      path: OVERRIDDEN_RULES.has(field)
        ? `body.overrides.${OVERRIDE_OF_RULE[field] ?? field}`
        : "body.overrides",
      message: OVERRIDDEN_RULES.has(field) ? message : `${field} ${message}`,
    })),
  );
}

/**
 * Applies a guarded change (see licensesRepository.update) and, when it applied and changed
 * something, records its event and audit entry (`type` is the action) in the same
 * transaction. False when the guard did not match. Row locks in one order: the policy the
 * change moves the license to and the user it names (as creating a license takes them), then
 * the license; `check` then sees the license as it is under its lock, and refuses the change by
 * throwing.
 *
 * The change's time (its `updatedAt`, event and audit entry) is `now`, or 1 ms after the last
 * change of the license when that is later: `now` is read when the request came, and changes to
 * one license commit in their lock's order, not their arrival's. So a license's `updatedAt`
 * never goes back, and its events' times and ids follow the order of its states: a webhook
 * receiver keeping the newest (docs/server.md) keeps the last state. `changes` may be given as a
 * function of that time (a revocation's `revokedAt`).
 */
export function changeWithEvent(
  deps: StoreDeps,
  principal: Principal,
  license: License,
  type: EventType,
  changesAt: LicenseChanges | ((at: Date) => LicenseChanges),
  now: Date,
  guard: { notRevoked?: boolean; expiresAt?: string | null },
  check?: (trx: Db, current: License) => Promise<void>,
): Promise<boolean> {
  // The references to lock do not depend on the time (a function of it only varies times).
  const planned = typeof changesAt === "function" ? changesAt(now) : changesAt;
  return deps.store.db.transaction().execute(async (trx) => {
    // The policy's lock, which deleting it takes before it looks for licenses: the license
    // cannot move onto a policy being deleted.
    if (
      planned.policyId &&
      !(await policiesRepository(trx).lock(principal.organizationId, planned.policyId))
    ) {
      throw notFound("policy", planned.policyId);
    }
    if (planned.userId) await lockUser(trx, principal.organizationId, planned.userId);
    // The license's row lock, then its state: what the audit entry says this change replaced.
    const repository = licensesRepository(trx);
    await repository.lock(principal.organizationId, license.id);
    const found = await repository.find(principal.organizationId, license.id);
    const before = found ?? license;
    await check?.(trx, before);
    const at = found ? new Date(Math.max(now.getTime(), Date.parse(found.updatedAt) + 1)) : now;
    const changes = typeof changesAt === "function" ? changesAt(at) : planned;
    // A change that changes nothing (suspending a suspended license, a PATCH repeating the
    // current values) writes nothing, so `updatedAt` stays (a sync by updatedAt sees no
    // change), and records neither its event (so no webhook) nor its audit entry: the one rule
    // recordAudit applies. The guard is judged on the row as read under its lock.
    if (found && changesNothing(found, { ...found, ...changes })) return guardHolds(found, guard);
    const done = await repository.update(
      principal.organizationId,
      license.id,
      changes,
      at.toISOString(),
      guard,
    );
    if (!done) return false;
    const after = await licensesRepository(trx).find(principal.organizationId, license.id);
    // Changes that differ from the row only as written (the same values in another form).
    if (changesNothing(before, after)) return true;
    await recordEvents(trx, at, {
      organizationId: principal.organizationId,
      type,
      licenseId: license.id,
      data: { ...changes, by: principal.kind },
    });
    await recordAudit(trx, principal, at, {
      action: type as `license.${string}`,
      id: license.id,
      before,
      after: after ?? null,
    });
    return true;
  });
}

/** Whether `license` matches the guard of licensesRepository.update. */
function guardHolds(
  license: License,
  guard: { notRevoked?: boolean; expiresAt?: string | null },
): boolean {
  if (guard.notRevoked && license.revokedAt !== null) return false;
  return guard.expiresAt === undefined || license.expiresAt === guard.expiresAt;
}

export function revokedError(id: string): ServiceError {
  return new ServiceError("LICENSE_REVOKED", `license ${id} is revoked: nothing applies`);
}
