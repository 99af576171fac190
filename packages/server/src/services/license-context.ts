import type { LicenseOverrides, PolicyRules } from "../domain/policy.js";
import { effectiveRules } from "../domain/policy.js";
import { isId } from "../ids.js";
import type { Db } from "../store/database.js";
import { type LicenseContext, licensingRepository } from "../store/licensing.js";
import { decodePolicyRules } from "../store/policies.js";
import type {
  ActiveKeyStamps,
  LicenseRecord as License,
  MachineRecord as Machine,
} from "../store/records.js";
import { notFound } from "./errors.js";
import { outsideLicenseScope, type Principal, requireProductAccess } from "./principal.js";

/**
 * A license as the engine decides on it: the row, its effective rules, its product's lists, its
 * machine count and the machine asked for by fingerprint (see LicenseContext).
 */
export interface LoadedLicense {
  license: License;
  rules: Readonly<PolicyRules>;
  platforms: readonly string[];
  appIdentifiers: readonly string[];
  machine: Machine | null;
  machineCount: number;
  /** The organization's active signing keys, read with the license (LicenseContext). */
  signingKeys: ActiveKeyStamps;
}

/**
 * The rules a license follows now: its policy's with its overrides. Overrides were checked
 * against the policy when set; should a later policy change make them inconsistent, the
 * policy's own rules apply rather than failing every check of the license.
 */
export function rulesOf(policyRulesJson: string, overridesJson: string): Readonly<PolicyRules> {
  return parsedOnce(rulesCache, `${policyRulesJson}\u0000${overridesJson}`, () => {
    const policy = decodePolicyRules(policyRulesJson);
    const result = effectiveRules(policy, JSON.parse(overridesJson) as LicenseOverrides);
    return result.ok ? result.rules : policy;
  });
}

// Every check parses the same few JSON documents (rules, overrides, a product's lists) again,
// and parsing them costs more than the decision. The parsed values are frozen, so sharing them
// between requests is safe; the caches are cleared when full, as the JSON is the whole key.
// A true process-wide pool (not owned by createServices): keyed by the stored text itself, an
// entry can never be stale, so it needs neither a clock nor invalidation by id or updated_at;
// its cost is at most 2 × 1000 parsed documents of memory.
const PARSED_CACHE_SIZE = 1000;
const rulesCache = new Map<string, Readonly<PolicyRules>>();
const listCache = new Map<string, readonly string[]>();

function parsedOnce<T>(cache: Map<string, T>, json: string, parse: () => T): T {
  let value = cache.get(json);
  if (value === undefined) {
    value = deepFreeze(parse());
    if (cache.size >= PARSED_CACHE_SIZE) cache.clear();
    cache.set(json, value);
  }
  return value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

function stringList(json: string): readonly string[] {
  return parsedOnce(listCache, json, () => JSON.parse(json) as string[]);
}

export function loadedLicense(context: LicenseContext): LoadedLicense {
  return {
    license: context.license,
    rules: rulesOf(context.policyRules, context.overrides),
    platforms: stringList(context.platforms),
    appIdentifiers: stringList(context.appIdentifiers),
    machine: context.machine,
    machineCount: context.machineCount,
    signingKeys: context.signingKeys,
  };
}

/**
 * The license `id` with its context (and its machine with `fingerprint`), when the principal may
 * act on it: 404 when unknown to the organization or outside a license principal's license, 403
 * for another product's token.
 */
export async function reachableLicense(
  db: Db,
  principal: Principal,
  id: string,
  fingerprint?: string,
): Promise<LoadedLicense> {
  const context =
    isId("lic", id) && !outsideLicenseScope(principal, id)
      ? await licensingRepository(db).contextById(principal.organizationId, id, fingerprint)
      : undefined;
  if (!context) throw notFound("license", id);
  if (principal.kind !== "license") requireProductAccess(principal, context.license.productId);
  return loadedLicense(context);
}

/**
 * Locks the license's row for the rest of the transaction `trx` (see lockLicense) and loads it
 * (with its machine with `fingerprint`): what every change under a limit starts with. Null when
 * the license is gone.
 */
export async function lockedLicense(
  trx: Db,
  organizationId: string,
  id: string,
  fingerprint?: string,
): Promise<LoadedLicense | null> {
  const licensing = licensingRepository(trx);
  if (!(await licensing.lockLicense(organizationId, id))) return null;
  const context = await licensing.contextById(organizationId, id, fingerprint);
  return context ? loadedLicense(context) : null;
}
