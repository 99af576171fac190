import { createHash } from "node:crypto";
import { generatePlainKey, isFormatError, keyTypeOfScheme } from "@keyward/formats";
import { createLicenseKey } from "@keyward/formats/node";
import { type LicenseStatus, licenseStatus } from "../domain/license-status.js";
import {
  describeProblems,
  effectiveRules,
  initialExpiry,
  type LicenseOverrides,
  type PolicyRules,
  renewedExpiry,
} from "../domain/policy.js";
import { isId, newId } from "../ids.js";
import type { Store } from "../store/database.js";
import { type LicenseChanges, licensesRepository } from "../store/licenses.js";
import { machinesRepository } from "../store/machines.js";
import type { PageRequest } from "../store/pagination.js";
import { policiesRepository } from "../store/policies.js";
import type { LicenseRecord as License } from "../store/records.js";
import { tokensRepository } from "../store/tokens.js";
import { trackableRepository } from "../store/trackable.js";
import { usersRepository } from "../store/users.js";
import type { Clock } from "./clock.js";
import { notFound, ServiceError } from "./errors.js";
import { type EventType, recordEvents } from "./events.js";
import { outsideLicenseScope, type Principal, requireProductAccess } from "./principal.js";
import type { SigningKeysService } from "./signing-keys.js";
import { lockUser } from "./users.js";

export interface LicenseInput {
  /** Optional: the policy names the product; when given it must be the policy's (else 422). */
  productId?: string;
  policyId: string;
  /** The licensee: a user of the organization (404 USER_NOT_FOUND otherwise). */
  userId?: string | null;
  /**
   * The expiry instead of the policy's; null: none for now (a policy whose clock starts at the
   * first activation or validation still starts it then). Absent: the policy's.
   */
  expiresAt?: string | null;
  name?: string | null;
  /**
   * Plain-text policies: the key itself (stored verbatim). Cryptographic policies: the dataset
   * template, with {{id}}, {{expiry}}… (SPEC K5). Generated / the scheme's default when absent.
   */
  key?: string;
  overrides?: LicenseOverrides;
  metadata?: Record<string, unknown>;
}

export interface LicenseUpdate {
  name?: string | null;
  userId?: string | null;
  overrides?: LicenseOverrides;
  metadata?: Record<string, unknown>;
  expiresAt?: string | null;
}

export interface LicenseFilterInput {
  productId?: string | undefined;
  policyId?: string | undefined;
  status?: LicenseStatus | undefined;
}

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

function isoDate(text: string, field: string): string {
  const time = Date.parse(text);
  // Date.parse gives NaN for leap seconds and other dates the format check lets through.
  if (Number.isNaN(time)) {
    throw new ServiceError("INVALID_LICENSE", `${field} is not a valid date`);
  }
  return new Date(time).toISOString();
}

export function licensesService(deps: {
  store: Store;
  clock: Clock;
  signingKeys: SigningKeysService;
}) {
  const { store, clock } = deps;
  const licenses = () => licensesRepository(store.db);

  /**
   * The license, if the caller may act on it: 404 when unknown to the organization or not the
   * license a license token is bound to; 403 for a product token of another product. License
   * tokens pass only with `read` (GET of their own license), every other action is 403.
   */
  async function load(principal: Principal, id: string, read = false): Promise<License> {
    const license =
      isId("lic", id) && !outsideLicenseScope(principal, id)
        ? await licenses().find(principal.organizationId, id)
        : undefined;
    if (!license) throw notFound("license", id);
    if (read && principal.kind === "license") return license;
    requireProductAccess(principal, license.productId);
    return license;
  }

  /** Reloads after a change (still in the organization: nothing deletes in between here). */
  async function reload(principal: Principal, id: string): Promise<License> {
    const license = await licenses().find(principal.organizationId, id);
    if (!license) throw notFound("license", id);
    return license;
  }

  function checkOverrides(rules: PolicyRules, overrides: LicenseOverrides) {
    const result = effectiveRules(rules, overrides);
    if (!result.ok) {
      throw new ServiceError("INVALID_OVERRIDES", describeProblems(result.problems));
    }
  }

  /**
   * Applies a guarded change (see licensesRepository.update) and, when it applied, records its
   * event in the same transaction. False when the guard did not match.
   */
  function changeWithEvent(
    principal: Principal,
    license: License,
    type: EventType,
    changes: LicenseChanges,
    now: Date,
    guard: { notRevoked?: boolean; expiresAt?: string | null },
  ): Promise<boolean> {
    return store.db.transaction().execute(async (trx) => {
      if (changes.userId) await lockUser(trx, principal.organizationId, changes.userId);
      const done = await licensesRepository(trx).update(
        principal.organizationId,
        license.id,
        changes,
        now.toISOString(),
        guard,
      );
      if (done) {
        await recordEvents(trx, now, {
          organizationId: principal.organizationId,
          type,
          licenseId: license.id,
          data: { ...changes, by: principal.kind },
        });
      }
      return done;
    });
  }

  function revokedError(id: string): ServiceError {
    return new ServiceError("LICENSE_REVOKED", `license ${id} is revoked: nothing applies`);
  }

  return {
    load,
    get: (principal: Principal, id: string) => load(principal, id, true),

    /** The license's status now. */
    status(license: License): LicenseStatus {
      return statusOf(license, clock());
    },

    async create(principal: Principal, input: LicenseInput): Promise<License> {
      const policy = isId("pol", input.policyId)
        ? await policiesRepository(store.db).find(principal.organizationId, input.policyId)
        : undefined;
      if (!policy) throw notFound("policy", input.policyId);
      requireProductAccess(principal, policy.productId);
      if (input.productId !== undefined && policy.productId !== input.productId) {
        throw new ServiceError(
          "POLICY_PRODUCT_MISMATCH",
          `policy ${policy.id} belongs to product ${policy.productId}, not ${input.productId}: ` +
            "leave productId out, the policy names the product",
        );
      }
      const rules = policy.rules;
      const overrides = input.overrides ?? {};
      checkOverrides(rules, overrides);
      const userId = input.userId ?? null;
      // Read here for a cryptographic key's facts; locked below, in the transaction.
      const user =
        userId !== null && isId("usr", userId)
          ? await usersRepository(store.db).find(principal.organizationId, userId)
          : undefined;
      if (userId !== null && !user) throw notFound("user", userId);

      const now = clock();
      const id = newId("lic", now);
      const expiry =
        input.expiresAt === undefined
          ? initialExpiry(rules, now)
          : input.expiresAt === null
            ? null
            : new Date(isoDate(input.expiresAt, "expiresAt"));
      let key: string;
      if (rules.scheme === null) {
        if (input.key !== undefined && (input.key.length < 8 || input.key.length > 255)) {
          throw new ServiceError("INVALID_KEY", "a plain-text key has 8 to 255 characters");
        }
        key = input.key ?? generatePlainKey();
      } else {
        try {
          key = createLicenseKey({
            scheme: rules.scheme,
            privateKey: (
              await deps.signingKeys.current(
                principal.organizationId,
                keyTypeOfScheme(rules.scheme),
              )
            ).privateKey,
            template: input.key ?? null,
            facts: {
              accountId: principal.organizationId,
              productId: policy.productId,
              policyId: policy.id,
              policyDuration: rules.durationSeconds,
              userId,
              userEmail: user?.email ?? null,
              licenseId: id,
              created: now,
              expiry,
            },
          });
        } catch (error) {
          if (isFormatError(error)) {
            throw new ServiceError("INVALID_KEY", `cannot make the key: ${error.message}`);
          }
          throw error;
        }
      }
      const license: License = {
        id,
        organizationId: principal.organizationId,
        productId: policy.productId,
        policyId: policy.id,
        userId: userId,
        name: input.name ?? null,
        key,
        keyHash: hashLicenseKey(key),
        suspended: false,
        revokedAt: null,
        expiresAt: expiry === null ? null : expiry.toISOString(),
        uses: 0,
        firstActivatedAt: null,
        firstValidatedAt: null,
        lastCheckInAt: null,
        expiredEventFor: null,
        handshakeCodeId: null,
        overrides,
        metadata: input.metadata ?? {},
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      await store.db.transaction().execute(async (trx) => {
        // The policy's and the user's row locks: neither can be deleted under the new license
        // (their deletion takes the same lock, then looks for licenses).
        if (!(await policiesRepository(trx).lock(principal.organizationId, policy.id))) {
          throw notFound("policy", policy.id);
        }
        if (userId !== null) await lockUser(trx, principal.organizationId, userId);
        await licensesRepository(trx).insert(license);
        await recordEvents(trx, now, {
          organizationId: principal.organizationId,
          type: "license.created",
          licenseId: id,
          data: { policyId: policy.id, by: principal.kind },
        });
      });
      return license;
    },

    /** Admin: every license (filtered); product tokens: their product's only. */
    async list(principal: Principal, filter: LicenseFilterInput, page: PageRequest) {
      const productId = filter.productId ?? principal.productId ?? undefined;
      if (principal.kind !== "admin") requireProductAccess(principal, productId ?? "");
      return licenses().list(
        principal.organizationId,
        {
          productId,
          policyId: filter.policyId,
          status: filter.status,
          now: clock().toISOString(),
        },
        page,
      );
    },

    async update(principal: Principal, id: string, input: LicenseUpdate): Promise<License> {
      const license = await load(principal, id);
      const changes: LicenseChanges = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.userId !== undefined) changes.userId = input.userId;
      if (input.metadata !== undefined) changes.metadata = input.metadata;
      if (input.expiresAt !== undefined) {
        changes.expiresAt = input.expiresAt === null ? null : isoDate(input.expiresAt, "expiresAt");
      }
      if (input.overrides !== undefined) {
        const policy = await policiesRepository(store.db).find(
          principal.organizationId,
          license.policyId,
        );
        if (!policy) throw notFound("policy", license.policyId);
        checkOverrides(policy.rules, input.overrides);
        changes.overrides = input.overrides;
      }
      await changeWithEvent(principal, license, "license.updated", changes, clock(), {});
      return reload(principal, license.id);
    },

    async delete(principal: Principal, id: string): Promise<void> {
      const license = await load(principal, id);
      await store.db.transaction().execute(async (trx) => {
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
      });
    },

    /** Suspends (idempotent); a revoked license answers 409. */
    async suspend(principal: Principal, id: string): Promise<License> {
      const license = await load(principal, id);
      const done = await changeWithEvent(
        principal,
        license,
        "license.suspended",
        { suspended: true },
        clock(),
        { notRevoked: true },
      );
      if (!done) throw revokedError(id);
      return reload(principal, license.id);
    },

    /** Lifts a suspension (idempotent); does not renew an expired license. */
    async reinstate(principal: Principal, id: string): Promise<License> {
      const license = await load(principal, id);
      const done = await changeWithEvent(
        principal,
        license,
        "license.reinstated",
        { suspended: false },
        clock(),
        { notRevoked: true },
      );
      if (!done) throw revokedError(id);
      return reload(principal, license.id);
    },

    /** Extends the expiry by the policy's duration from the later of now and the expiry. */
    async renew(principal: Principal, id: string): Promise<License> {
      let license = await load(principal, id);
      const policy = await policiesRepository(store.db).find(
        principal.organizationId,
        license.policyId,
      );
      if (!policy) throw notFound("policy", license.policyId);
      const rules = policy.rules;
      // A concurrent renewal changes the expiry under us: retry from the new one, so two
      // renewals always add two durations.
      for (let attempt = 0; attempt < 5; attempt++) {
        if (license.revokedAt !== null) throw revokedError(id);
        const now = clock();
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
        const done = await changeWithEvent(
          principal,
          license,
          "license.renewed",
          { expiresAt: expiry.toISOString() },
          now,
          { notRevoked: true, expiresAt: license.expiresAt },
        );
        if (done) return reload(principal, license.id);
        license = await reload(principal, license.id);
      }
      throw new ServiceError("CONFLICT", "the license changed during renewal; try again");
    },

    /** Revokes for good: the license never works again (409 when already revoked). */
    async revoke(principal: Principal, id: string): Promise<License> {
      const license = await load(principal, id);
      const now = clock();
      const done = await changeWithEvent(
        principal,
        license,
        "license.revoked",
        { revokedAt: now.toISOString() },
        now,
        { notRevoked: true },
      );
      if (!done) throw revokedError(id);
      return reload(principal, license.id);
    },
  };
}
export type LicensesService = ReturnType<typeof licensesService>;
