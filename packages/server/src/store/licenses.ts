import type { Kysely } from "kysely";
import type { LicenseStatus } from "../domain/license-status.js";
import type { LicenseOverrides } from "../domain/policy.js";
import { pointLookup } from "./database.js";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type { LicenseRecord } from "./records.js";
import type { Database, License } from "./schema.js";
import { deleteScoped, lockScoped, pageById, selectScoped } from "./scoped.js";

export type LicenseChanges = Partial<
  Pick<
    LicenseRecord,
    "name" | "userId" | "metadata" | "overrides" | "expiresAt" | "suspended" | "revokedAt"
  >
>;

export function licenseFromRow(row: License): LicenseRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    productId: row.product_id,
    policyId: row.policy_id,
    userId: row.user_id,
    name: row.name,
    key: row.key,
    keyHash: row.key_hash,
    suspended: row.suspended === 1,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
    uses: Number(row.uses),
    firstActivatedAt: row.first_activated_at,
    firstValidatedAt: row.first_validated_at,
    lastCheckInAt: row.last_check_in_at,
    expiredEventFor: row.expired_event_for,
    handshakeCodeId: row.handshake_code_id,
    lastValidatedAt: row.last_validated_at ?? null,
    lastValidationCode: row.last_validation_code ?? null,
    overrides: JSON.parse(row.overrides) as LicenseOverrides,
    metadata: JSON.parse(row.metadata) as LicenseRecord["metadata"],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function licenseRow(license: LicenseRecord): License {
  return {
    id: license.id,
    organization_id: license.organizationId,
    product_id: license.productId,
    policy_id: license.policyId,
    user_id: license.userId,
    name: license.name,
    key: license.key,
    key_hash: license.keyHash,
    suspended: license.suspended ? 1 : 0,
    revoked_at: license.revokedAt,
    expires_at: license.expiresAt,
    uses: license.uses,
    first_activated_at: license.firstActivatedAt,
    first_validated_at: license.firstValidatedAt,
    last_check_in_at: license.lastCheckInAt,
    expired_event_for: license.expiredEventFor,
    handshake_code_id: license.handshakeCodeId,
    last_validated_at: license.lastValidatedAt,
    last_validation_code: license.lastValidationCode,
    overrides: JSON.stringify(license.overrides),
    metadata: JSON.stringify(license.metadata),
    created_at: license.createdAt,
    updated_at: license.updatedAt,
  };
}

function licenseColumns(changes: LicenseChanges): Partial<License> {
  const columns: Partial<License> = {};
  if (changes.name !== undefined) columns.name = changes.name;
  if (changes.userId !== undefined) columns.user_id = changes.userId;
  if (changes.metadata !== undefined) columns.metadata = JSON.stringify(changes.metadata);
  if (changes.overrides !== undefined) columns.overrides = JSON.stringify(changes.overrides);
  if (changes.expiresAt !== undefined) columns.expires_at = changes.expiresAt;
  if (changes.suspended !== undefined) columns.suspended = changes.suspended ? 1 : 0;
  if (changes.revokedAt !== undefined) columns.revoked_at = changes.revokedAt;
  return columns;
}

export interface LicenseFilter {
  productId?: string | undefined;
  policyId?: string | undefined;
  /** Computed status at `now`: the same rules as domain/license-status.ts, in SQL. */
  status?: LicenseStatus | undefined;
  now: string;
}

const findLicense = pointLookup((db, organizationId: string, id: string) =>
  selectScoped(db, "licenses", organizationId).where("id", "=", id),
);

export function licensesRepository(db: Kysely<Database>) {
  return {
    async insert(license: LicenseRecord): Promise<void> {
      await db.insertInto("licenses").values(licenseRow(license)).execute();
    },
    async find(organizationId: string, id: string): Promise<LicenseRecord | undefined> {
      const row = await findLicense(db, organizationId, id);
      return row && licenseFromRow(row);
    },
    async list(
      organizationId: string,
      filter: LicenseFilter,
      page: PageRequest,
    ): Promise<Page<LicenseRecord>> {
      let query = selectScoped(db, "licenses", organizationId);
      if (filter.productId !== undefined) query = query.where("product_id", "=", filter.productId);
      if (filter.policyId !== undefined) query = query.where("policy_id", "=", filter.policyId);
      const now = filter.now;
      switch (filter.status) {
        case "revoked":
          query = query.where("revoked_at", "is not", null);
          break;
        case "suspended":
          query = query.where("revoked_at", "is", null).where("suspended", "=", 1);
          break;
        case "expired":
          query = query
            .where("revoked_at", "is", null)
            .where("suspended", "=", 0)
            .where("expires_at", "is not", null)
            .where("expires_at", "<=", now);
          break;
        case "active":
          query = query
            .where("revoked_at", "is", null)
            .where("suspended", "=", 0)
            .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]));
          break;
        case undefined:
          break;
      }
      return mapPage(await pageById(query, page), licenseFromRow);
    },
    /**
     * Applies the changes if the license exists and matches `guard` (atomic conditional update,
     * so concurrent actions cannot both win): `notRevoked` requires revoked_at null,
     * `expiresAt` the expiry the caller read. False when nothing matched.
     */
    async update(
      organizationId: string,
      id: string,
      changes: LicenseChanges,
      now: string,
      guard: { notRevoked?: boolean; expiresAt?: string | null } = {},
    ): Promise<boolean> {
      let query = db
        .updateTable("licenses")
        .set({ ...licenseColumns(changes), updated_at: now })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id);
      if (guard.notRevoked) query = query.where("revoked_at", "is", null);
      if (guard.expiresAt !== undefined) {
        query =
          guard.expiresAt === null
            ? query.where("expires_at", "is", null)
            : query.where("expires_at", "=", guard.expiresAt);
      }
      const result = await query.executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    /** The license's row lock (see lockScoped); false when the license is unknown. */
    lock(organizationId: string, id: string): Promise<boolean> {
      return lockScoped(db, "licenses", organizationId, id);
    },
    /** Deletes the license and its entitlement links; call inside a transaction. */
    async delete(organizationId: string, id: string): Promise<boolean> {
      await db
        .deleteFrom("license_entitlements")
        .where("organization_id", "=", organizationId)
        .where("license_id", "=", id)
        .execute();
      return deleteScoped(db, "licenses", organizationId, id);
    },
  };
}
