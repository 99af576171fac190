import type { Kysely } from "kysely";
import type { LicenseStatus } from "../domain/license-status.js";
import { pointLookup } from "./database.js";
import type { Page, PageRequest } from "./pagination.js";
import type { Database, License } from "./schema.js";
import { deleteScoped, lockScoped, pageById, selectScoped } from "./scoped.js";

export type LicenseChanges = Partial<
  Pick<
    License,
    "name" | "user_id" | "metadata" | "overrides" | "expires_at" | "suspended" | "revoked_at"
  >
>;

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
    async insert(license: License): Promise<void> {
      await db.insertInto("licenses").values(license).execute();
    },
    find(organizationId: string, id: string): Promise<License | undefined> {
      return findLicense(db, organizationId, id);
    },
    async list(
      organizationId: string,
      filter: LicenseFilter,
      page: PageRequest,
    ): Promise<Page<License>> {
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
      return pageById(query, page);
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
        .set({ ...changes, updated_at: now })
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
