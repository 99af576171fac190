import type { Kysely } from "kysely";
import type { LicenseOverrides, PolicyRules } from "../domain/policy.js";
import { effectiveRules } from "../domain/policy.js";
import { isId } from "../ids.js";
import { type LicenseContext, licensingRepository } from "../store/licensing.js";
import type { Database, License } from "../store/schema.js";
import { notFound } from "./errors.js";
import { policyRules } from "./policies.js";
import { outsideLicenseScope, type Principal, requireProductAccess } from "./principal.js";

/** A license as the engine decides on it: the row, its effective rules and its product's lists. */
export interface LoadedLicense {
  license: License;
  rules: PolicyRules;
  platforms: string[];
  appIdentifiers: string[];
}

/**
 * The rules a license follows now: its policy's with its overrides. Overrides were checked
 * against the policy when set; should a later policy change make them inconsistent, the
 * policy's own rules apply rather than failing every check of the license.
 */
export function rulesOf(policyRulesJson: string, overridesJson: string): PolicyRules {
  const policy = policyRules({ rules: policyRulesJson });
  const result = effectiveRules(policy, JSON.parse(overridesJson) as LicenseOverrides);
  return result.ok ? result.rules : policy;
}

export function loadedLicense(context: LicenseContext): LoadedLicense {
  return {
    license: context.license,
    rules: rulesOf(context.policyRules, context.license.overrides),
    platforms: JSON.parse(context.platforms) as string[],
    appIdentifiers: JSON.parse(context.appIdentifiers) as string[],
  };
}

/**
 * The license `id` with its context, when the principal may act on it: 404 when unknown to the
 * organization or outside a license principal's license, 403 for another product's token.
 */
export async function reachableLicense(
  db: Kysely<Database>,
  principal: Principal,
  id: string,
): Promise<LoadedLicense> {
  const context =
    isId("lic", id) && !outsideLicenseScope(principal, id)
      ? await licensingRepository(db).contextById(principal.organizationId, id)
      : undefined;
  if (!context) throw notFound("license", id);
  if (principal.kind !== "license") requireProductAccess(principal, context.license.product_id);
  return loadedLicense(context);
}

/**
 * Locks the license's row for the rest of the transaction `trx` (see lockLicense) and loads it:
 * what every change under a limit starts with. Null when the license is gone.
 */
export async function lockedLicense(
  trx: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<LoadedLicense | null> {
  const licensing = licensingRepository(trx);
  if (!(await licensing.lockLicense(organizationId, id))) return null;
  const context = await licensing.contextById(organizationId, id);
  return context ? loadedLicense(context) : null;
}
