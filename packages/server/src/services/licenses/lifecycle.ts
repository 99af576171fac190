import { LATEST_EXPIRY, renewedExpiry } from "../../domain/policy.js";
import { policiesRepository } from "../../store/policies.js";
import type { LicenseRecord as License } from "../../store/records.js";
import { notFound, ServiceError } from "../errors.js";
import type { Principal } from "../principal.js";
import {
  changeWithEvent,
  type LicensesDeps,
  loadLicense,
  reloadLicense,
  revokedError,
} from "./shared.js";

type Deps = Pick<LicensesDeps, "store" | "clock">;

/** Suspends (idempotent); a revoked license answers 409. */
export async function suspendLicense(
  deps: Deps,
  principal: Principal,
  id: string,
): Promise<License> {
  const license = await loadLicense(deps, principal, id);
  const done = await changeWithEvent(
    deps,
    principal,
    license,
    "license.suspended",
    { suspended: true },
    deps.clock(),
    { notRevoked: true },
  );
  if (!done) throw revokedError(id);
  return reloadLicense(deps, principal, license.id);
}

/** Lifts a suspension (idempotent); does not renew an expired license. */
export async function reinstateLicense(
  deps: Deps,
  principal: Principal,
  id: string,
): Promise<License> {
  const license = await loadLicense(deps, principal, id);
  const done = await changeWithEvent(
    deps,
    principal,
    license,
    "license.reinstated",
    { suspended: false },
    deps.clock(),
    { notRevoked: true },
  );
  if (!done) throw revokedError(id);
  return reloadLicense(deps, principal, license.id);
}

/** Extends the expiry by the policy's duration from the later of now and the expiry. */
export async function renewLicense(deps: Deps, principal: Principal, id: string): Promise<License> {
  let license = await loadLicense(deps, principal, id);
  const policy = await policiesRepository(deps.store.db).find(
    principal.organizationId,
    license.policyId,
  );
  if (!policy) throw notFound("policy", license.policyId);
  const rules = policy.rules;
  // A concurrent renewal changes the expiry under us: retry from the new one, so two
  // renewals always add two durations.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (license.revokedAt !== null) throw revokedError(id);
    const now = deps.clock();
    const expiry = renewedExpiry(
      rules,
      license.expiresAt === null ? null : new Date(license.expiresAt),
      now,
    );
    if (expiry === null) {
      throw new ServiceError(
        "LICENSE_NOT_RENEWABLE",
        `policy ${policy.id} has no duration: its licenses do not expire`,
      );
    }
    if (expiry > LATEST_EXPIRY) {
      throw new ServiceError(
        "LICENSE_NOT_RENEWABLE",
        `renewing would move the expiry (${license.expiresAt}) past ` +
          `${LATEST_EXPIRY.toISOString()}, the latest date a license can have`,
      );
    }
    const done = await changeWithEvent(
      deps,
      principal,
      license,
      "license.renewed",
      { expiresAt: expiry.toISOString() },
      now,
      { notRevoked: true, expiresAt: license.expiresAt },
    );
    if (done) return reloadLicense(deps, principal, license.id);
    license = await reloadLicense(deps, principal, license.id);
  }
  throw new ServiceError("CONFLICT", "the license changed during renewal; try again");
}

/** Revokes for good: the license never works again (409 when already revoked). */
export async function revokeLicense(
  deps: Deps,
  principal: Principal,
  id: string,
): Promise<License> {
  const license = await loadLicense(deps, principal, id);
  const done = await changeWithEvent(
    deps,
    principal,
    license,
    "license.revoked",
    (at) => ({ revokedAt: at.toISOString() }),
    deps.clock(),
    { notRevoked: true },
  );
  if (!done) throw revokedError(id);
  return reloadLicense(deps, principal, license.id);
}
