import type { LicenseOverrides } from "../../domain/policy.js";
import { type LicenseChanges, licensesRepository } from "../../store/licenses.js";
import { machinesRepository } from "../../store/machines.js";
import { policiesRepository } from "../../store/policies.js";
import type { LicenseRecord as License } from "../../store/records.js";
import { tokensRepository } from "../../store/tokens.js";
import { trackableRepository } from "../../store/trackable.js";
import { recordAudit } from "../audit.js";
import { notFound } from "../errors.js";
import { recordEvents } from "../events.js";
import type { Principal } from "../principal.js";
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
  if (input.metadata !== undefined) changes.metadata = input.metadata;
  if (input.expiresAt !== undefined) {
    changes.expiresAt = input.expiresAt === null ? null : isoDate(input.expiresAt, "expiresAt");
  }
  if (input.overrides !== undefined) {
    const policy = await policiesRepository(deps.store.db).find(
      principal.organizationId,
      license.policyId,
    );
    if (!policy) throw notFound("policy", license.policyId);
    checkOverrides(policy.rules, input.overrides);
    changes.overrides = input.overrides;
  }
  await changeWithEvent(deps, principal, license, "license.updated", changes, deps.clock(), {});
  return reloadLicense(deps, principal, license.id);
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
    await recordEvents(trx, clock(), {
      organizationId: principal.organizationId,
      type: "license.deleted",
      licenseId: license.id,
    });
    await recordAudit(trx, principal, clock(), {
      action: "license.deleted",
      id: license.id,
      before: license,
    });
  });
}
