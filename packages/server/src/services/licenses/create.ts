import { generatePlainKey, isFormatError, keyTypeOfScheme } from "@keyward/formats";
import { createLicenseKey } from "@keyward/formats/node";
import { initialExpiry, type LicenseOverrides } from "../../domain/policy.js";
import { isId, looksLikeId, newId } from "../../ids.js";
import { licensesRepository } from "../../store/licenses.js";
import { licensingRepository } from "../../store/licensing.js";
import { policiesRepository } from "../../store/policies.js";
import type { LicenseRecord as License } from "../../store/records.js";
import { usersRepository } from "../../store/users.js";
import { recordAudit } from "../audit.js";
import { notFound, ServiceError } from "../errors.js";
import { recordEvents } from "../events.js";
import { type Principal, requireProductAccess } from "../principal.js";
import { lockUser } from "../users.js";
import {
  checkMayNameUser,
  checkOverrides,
  hashLicenseKey,
  isoDate,
  type LicensesDeps,
} from "./shared.js";

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
  /**
   * A key already in customers' hands, issued by another system (a Keygen signed key, say):
   * stored verbatim on any policy and found by its hash, never parsed, signed or checked. Not
   * with `key`.
   */
  importedKey?: string;
  overrides?: LicenseOverrides;
  metadata?: Record<string, unknown>;
}

export async function createLicense(
  deps: LicensesDeps,
  principal: Principal,
  input: LicenseInput,
): Promise<License> {
  const { store, clock } = deps;
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
  if (userId !== null) checkMayNameUser(principal);
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
  // Ids are not secret: they show in logs and URLs, a key of their shape would too.
  const given = input.importedKey ?? input.key;
  if (given !== undefined && looksLikeId(given)) {
    throw new ServiceError("INVALID_KEY", "a license key may not have the shape of an id");
  }
  let key: string;
  if (input.importedKey !== undefined) {
    if (input.key !== undefined) {
      throw new ServiceError("INVALID_KEY", "give key (to make one) or importedKey, not both");
    }
    key = input.importedKey;
  } else if (rules.scheme === null) {
    if (input.key !== undefined && (input.key.length < 8 || input.key.length > 255)) {
      throw new ServiceError("INVALID_KEY", "a plain-text key has 8 to 255 characters");
    }
    key = input.key ?? generatePlainKey();
  } else {
    try {
      key = createLicenseKey({
        scheme: rules.scheme,
        privateKey: (
          await deps.signingKeys.current(principal.organizationId, keyTypeOfScheme(rules.scheme))
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
    keyImported: input.importedKey !== undefined,
    suspended: false,
    revokedAt: null,
    expiresAt: expiry === null ? null : expiry.toISOString(),
    uses: 0,
    firstActivatedAt: null,
    firstValidatedAt: null,
    lastCheckInAt: null,
    expiredEventFor: null,
    handshakeCodeId: null,
    lastValidatedAt: null,
    lastValidationCode: null,
    overrides,
    metadata: input.metadata ?? {},
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  // Keys are unique across the server (a key alone names its license when checked): a key
  // taken, before or by a create racing this one, is 409 KEY_TAKEN.
  if (await licensingRepository(store.db).licenseByKeyHash(license.keyHash)) throw keyTaken();
  try {
    await store.db.transaction().execute(async (trx) => {
      // The policy's and the user's row locks: neither can be deleted under the new license
      // (their deletion takes the same lock, then looks for licenses).
      const policies = policiesRepository(trx);
      if (!(await policies.lock(principal.organizationId, policy.id))) {
        throw notFound("policy", policy.id);
      }
      // The key was made above with the scheme read before the lock. A scheme change (which
      // takes the lock too, and is refused once the policy has licenses) may have come in
      // between: the key would not be of its policy's scheme.
      const locked = await policies.find(principal.organizationId, policy.id);
      if (!locked) throw notFound("policy", policy.id);
      if (locked.rules.scheme !== rules.scheme) {
        throw new ServiceError(
          "CONFLICT",
          `policy ${policy.id}'s key scheme changed while the license was being made: try again`,
        );
      }
      if (userId !== null) await lockUser(trx, principal.organizationId, userId);
      await licensesRepository(trx).insert(license);
      await recordEvents(trx, now, {
        organizationId: principal.organizationId,
        type: "license.created",
        licenseId: id,
        data: { policyId: policy.id, by: principal.kind },
      });
      await recordAudit(trx, principal, now, { action: "license.created", id, after: license });
    });
  } catch (error) {
    // A create with the same key committed meanwhile: the insert broke the key's unique index
    // (PostgreSQL waits for that create to commit first). Any other violation stays as it is.
    if (
      isUniqueViolation(error) &&
      (await licensingRepository(store.db).licenseByKeyHash(license.keyHash))
    ) {
      throw keyTaken();
    }
    throw error;
  }
  return license;
}

function keyTaken(): ServiceError {
  return new ServiceError("KEY_TAKEN", "a license with this key already exists");
}

/** A unique index refused the row (PostgreSQL 23505; SQLite SQLITE_CONSTRAINT_UNIQUE). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE";
}
