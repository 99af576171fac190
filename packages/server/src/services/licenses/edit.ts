import { isPlainKey } from "@keyward/formats";
import { countOf, limitWithOverage, withinLimit } from "../../domain/limits.js";
import type { LicenseOverrides, PolicyRules } from "../../domain/policy.js";
import { isId } from "../../ids.js";
import type { Db } from "../../store/database.js";
import { type LicenseChanges, licensesRepository } from "../../store/licenses.js";
import { licensingRepository } from "../../store/licensing.js";
import { machinesRepository } from "../../store/machines.js";
import { policiesRepository } from "../../store/policies.js";
import type { LicenseRecord as License, PolicyRecord as Policy } from "../../store/records.js";
import { tokensRepository } from "../../store/tokens.js";
import { trackableRepository } from "../../store/trackable.js";
import { recordAudit } from "../audit.js";
import { notFound, ServiceError } from "../errors.js";
import { recordEvents } from "../events.js";
import { type Principal, requireProductAccess } from "../principal.js";
import {
  changeWithEvent,
  checkMayNameUser,
  checkOverrides,
  isoDate,
  type LicensesDeps,
  loadLicense,
  reloadLicense,
} from "./shared.js";

export interface LicenseUpdate {
  name?: string | null;
  userId?: string | null;
  /** Moves the license to another policy of its product (checkMove says when it may). */
  policyId?: string;
  overrides?: LicenseOverrides;
  metadata?: Record<string, unknown>;
  expiresAt?: string | null;
}

type Deps = Pick<LicensesDeps, "store" | "clock">;

export async function updateLicense(
  deps: Deps,
  principal: Principal,
  id: string,
  input: LicenseUpdate,
): Promise<License> {
  const license = await loadLicense(deps, principal, id);
  const changes: LicenseChanges = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.userId !== undefined) {
    checkMayNameUser(principal);
    changes.userId = input.userId;
  }
  if (input.policyId !== undefined && input.policyId !== license.policyId) {
    if (!isId("pol", input.policyId)) throw notFound("policy", input.policyId);
    changes.policyId = input.policyId;
  }
  if (input.metadata !== undefined) changes.metadata = input.metadata;
  if (input.expiresAt !== undefined) {
    changes.expiresAt = input.expiresAt === null ? null : isoDate(input.expiresAt, "expiresAt");
  }
  if (input.overrides !== undefined) changes.overrides = input.overrides;
  const rulesChange = changes.policyId !== undefined || changes.overrides !== undefined;
  await changeWithEvent(
    deps,
    principal,
    license,
    "license.updated",
    changes,
    deps.clock(),
    {},
    rulesChange ? (trx, current) => checkRules(trx, principal, current, changes) : undefined,
  );
  return reloadLicense(deps, principal, license.id);
}

/**
 * The rules the license follows after `changes` (its policy's, with its overrides), checked
 * under its row lock: the overrides against the policy (400 INVALID_OVERRIDES), and a move.
 */
async function checkRules(
  trx: Db,
  principal: Principal,
  license: License,
  changes: LicenseChanges,
): Promise<void> {
  const policyId = changes.policyId ?? license.policyId;
  const policy = await policiesRepository(trx).find(license.organizationId, policyId);
  if (!policy) throw notFound("policy", policyId);
  const rules = checkOverrides(policy.rules, changes.overrides ?? license.overrides);
  if (changes.policyId !== undefined) await checkMove(trx, principal, license, policy, rules);
}

/**
 * Whether the license may move to the policy `to`, whose rules with the license's overrides
 * are `rules`. The key stays as it is, so:
 * - `to` is a policy of the license's product (422 POLICY_PRODUCT_MISMATCH; a product token
 *   naming another product's policy: 403, as when it creates a license);
 * - a signed or encrypted key moves only to a policy of the scheme it was made with (409
 *   KEY_SCHEME_MISMATCH): its policy's (whose scheme cannot change while it has licenses). A
 *   plain key moves to any policy: the server looks it up by its hash under any scheme. A
 *   generated plain key is known as such on a signed policy too; another plain key moved there
 *   counts as of that policy's scheme from then on;
 * - the machines and uses the license has fit the new limits with their overage, as a
 *   validation counts them (409 POLICY_LIMITS_EXCEEDED otherwise): a move never leaves a license
 *   answering TOO_MANY_MACHINES or QUOTA_EXCEEDED. Deactivate machines first, or send overrides
 *   that allow them with the move.
 */
async function checkMove(
  trx: Db,
  principal: Principal,
  license: License,
  to: Policy,
  rules: PolicyRules,
) {
  const { organizationId } = license;
  requireProductAccess(principal, to.productId);
  if (to.productId !== license.productId) {
    throw new ServiceError(
      "POLICY_PRODUCT_MISMATCH",
      `policy ${to.id} belongs to product ${to.productId}, not to the license's ` +
        `${license.productId}: a license moves only to a policy of its own product`,
    );
  }
  const from = await policiesRepository(trx).find(organizationId, license.policyId);
  if (!from) throw notFound("policy", license.policyId);
  // A key Keyward signed belongs to its policy's scheme; a plain one, or one another system
  // issued (imported), to none.
  const keyScheme = license.keyImported || isPlainKey(license.key) ? null : from.rules.scheme;
  if (keyScheme !== null && keyScheme !== to.rules.scheme) {
    throw new ServiceError(
      "KEY_SCHEME_MISMATCH",
      `the license's key was made with scheme ${keyScheme} and policy ${to.id} issues ` +
        `${to.rules.scheme === null ? "plain keys" : `${to.rules.scheme} keys`}: a signed key ` +
        "moves only to a policy of its scheme (issue a new license for another)",
    );
  }
  /** "3 machines (it allows 2)" when `count` passes `limit` with the overage. */
  const beyond = (count: number, limit: number | null, noun: string) =>
    withinLimit(count, limit, rules.overage)
      ? []
      : [`${countOf(count, noun)} (it allows ${limitWithOverage(limit, rules.overage)})`];
  const context = await licensingRepository(trx).contextById(organizationId, license.id);
  const over = [
    ...beyond(context?.machineCount ?? 0, rules.maxMachines, "machine"),
    ...beyond(license.uses, rules.maxUses, "use"),
  ];
  if (over.length > 0) {
    throw new ServiceError(
      "POLICY_LIMITS_EXCEEDED",
      `the license has ${over.join(" and ")}, more than policy ${to.id}'s limits with its ` +
        "overrides: deactivate machines, or send overrides that allow them with the move",
    );
  }
}

export async function deleteLicense(deps: Deps, principal: Principal, id: string): Promise<void> {
  const { clock } = deps;
  const license = await loadLicense(deps, principal, id);
  await deps.store.db.transaction().execute(async (trx) => {
    // First its row lock, which activating a machine and issuing a license token take too:
    // neither can add to a license being deleted.
    if (!(await licensesRepository(trx).lock(principal.organizationId, license.id))) {
      throw notFound("license", id);
    }
    // Its event first, while the row is there: the webhook carries the license as it was.
    await recordEvents(trx, clock(), {
      organizationId: principal.organizationId,
      type: "license.deleted",
      licenseId: license.id,
    });
    // As with its entitlement links: the license's machines go with it, and its license
    // tokens stop working.
    await machinesRepository(trx).deleteForLicense(principal.organizationId, license.id);
    await tokensRepository(trx).revokeForLicense(
      principal.organizationId,
      license.id,
      clock().toISOString(),
    );
    await trackableRepository(trx).deleteSettings(principal.organizationId, license.id);
    await licensesRepository(trx).delete(principal.organizationId, license.id);
    await recordAudit(trx, principal, clock(), {
      action: "license.deleted",
      id: license.id,
      before: license,
    });
  });
}
