import { type Kysely, sql } from "kysely";
import type { LicenseStatus } from "../domain/license-status.js";
import type { LicenseOverrides } from "../domain/policy.js";
import { pointLookup } from "./database.js";
import { deleteSearchRows, searchPage, writeSearchRows } from "./license-search.js";
import { type MetadataFilter, metadataMatches } from "./metadata-filter.js";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type { LicenseRecord } from "./records.js";
import type { Database, License } from "./schema.js";
import { deleteScoped, lockScoped, pageById, type ScopedSelect, selectScoped } from "./scoped.js";

export type LicenseChanges = Partial<
  Pick<
    LicenseRecord,
    | "name"
    | "userId"
    | "policyId"
    | "metadata"
    | "overrides"
    | "expiresAt"
    | "suspended"
    | "revokedAt"
  >
>;

/**
 * `updated_at` moved to `now`, or kept when already later: a change whose time was read before
 * it waited for the row (a use counted, a code bound) never moves a license's updatedAt back
 * past one that committed first (services/licenses/shared.ts changeWithEvent stamps those after
 * it). ISO strings of one format compare as times.
 */
export function updatedAtNoEarlierThan(now: string) {
  return sql<string>`case when updated_at > ${now} then updated_at else ${now} end`;
}

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
    keyImported: Number(row.key_imported) === 1,
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
    key_imported: license.keyImported ? 1 : 0,
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
  if (changes.policyId !== undefined) columns.policy_id = changes.policyId;
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
  /** The licenses of this user (the licensee); another organization's user's: none. */
  userId?: string | undefined;
  /**
   * Exact top-level metadata values, all of them (store/metadata-filter.ts): not indexed, so
   * tested on each license the other conditions leave until the page is full.
   */
  metadata?: MetadataFilter | undefined;
  /** Licenses bound to this handshake code (trackable). */
  handshakeCodeId?: string | undefined;
  /** Computed status at `now`: the same rules as domain/license-status.ts, in SQL. */
  status?: LicenseStatus | undefined;
  /** Only licenses with an expiry before this time (licenses without one never match). */
  expiresBefore?: string | undefined;
  /** Only licenses with an expiry after this time (licenses without one never match). */
  expiresAfter?: string | undefined;
  /**
   * Search (store/license-search.ts): the license whose key is exactly this (by its hash) or
   * whose id is, and the licenses whose name, user's email or name, or a metadata value (or
   * `key:value`) contains it (starts with it, under 3 characters), ignoring case.
   */
  search?: { text: string; keyHash: string } | undefined;
  now: string;
}

/** Licenses by status, as the overview shows them. */
export interface LicenseCounts {
  active: number;
  suspended: number;
  expired: number;
  revoked: number;
  total: number;
}

/** The status filter in SQL: the same rules as domain/license-status.ts. */
function whereStatus(
  query: ScopedSelect<"licenses">,
  status: LicenseStatus | undefined,
  now: string,
): ScopedSelect<"licenses"> {
  switch (status) {
    case "revoked":
      return query.where("revoked_at", "is not", null);
    case "suspended":
      return query.where("revoked_at", "is", null).where("suspended", "=", 1);
    case "expired":
      return query
        .where("revoked_at", "is", null)
        .where("suspended", "=", 0)
        .where("expires_at", "is not", null)
        .where("expires_at", "<=", now);
    case "active":
      return query
        .where("revoked_at", "is", null)
        .where("suspended", "=", 0)
        .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]));
    case undefined:
      return query;
  }
}

const findLicense = pointLookup((db, organizationId: string, id: string) =>
  selectScoped(db, "licenses", organizationId).where("id", "=", id),
);

export function licensesRepository(db: Kysely<Database>) {
  return {
    async insert(license: LicenseRecord): Promise<void> {
      await db.insertInto("licenses").values(licenseRow(license)).execute();
      await writeSearchRows(db, license, false);
    },
    async find(organizationId: string, id: string): Promise<LicenseRecord | undefined> {
      const row = await findLicense(db, organizationId, id);
      return row && licenseFromRow(row);
    },
    /** The organization's licenses of `ids` that exist, in no particular order. */
    async findMany(organizationId: string, ids: readonly string[]): Promise<LicenseRecord[]> {
      if (ids.length === 0) return [];
      const rows = await selectScoped(db, "licenses", organizationId)
        .where("id", "in", [...ids])
        .execute();
      return rows.map(licenseFromRow);
    },
    async list(
      organizationId: string,
      filter: LicenseFilter,
      page: PageRequest,
    ): Promise<Page<LicenseRecord>> {
      const narrow = (licenses: ScopedSelect<"licenses">) => {
        let query = whereStatus(licenses, filter.status, filter.now);
        if (filter.productId !== undefined) {
          query = query.where("product_id", "=", filter.productId);
        }
        if (filter.policyId !== undefined) query = query.where("policy_id", "=", filter.policyId);
        if (filter.userId !== undefined) query = query.where("user_id", "=", filter.userId);
        if (filter.handshakeCodeId !== undefined) {
          query = query.where("handshake_code_id", "=", filter.handshakeCodeId);
        }
        if (filter.expiresBefore !== undefined) {
          query = query.where("expires_at", "<", filter.expiresBefore);
        }
        if (filter.expiresAfter !== undefined) {
          query = query.where("expires_at", ">", filter.expiresAfter);
        }
        const metadata = metadataMatches(db, "licenses.metadata", filter.metadata);
        if (metadata !== undefined) query = query.where(metadata);
        return query;
      };
      const rows =
        filter.search === undefined
          ? await pageById(narrow(selectScoped(db, "licenses", organizationId)), page)
          : await searchPage(db, organizationId, filter.search, narrow, page);
      return mapPage(rows, licenseFromRow);
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
      if (result.numUpdatedRows === 0n) return false;
      if (
        changes.name !== undefined ||
        changes.metadata !== undefined ||
        changes.userId !== undefined
      ) {
        const row = await findLicense(db, organizationId, id);
        if (row) await writeSearchRows(db, licenseFromRow(row), true);
      }
      return true;
    },
    /**
     * Rewrites the search rows of the user's licenses after the user's email or name changed;
     * call in that change's transaction, after the user's row lock. Each license's row lock
     * first, then its current row: a concurrent edit of the license (which holds that lock)
     * finishes first, and one that moved it to another user is seen. Costs the user's
     * licenses times their rows, in id order a batch at a time.
     */
    async reindexUser(organizationId: string, userId: string): Promise<void> {
      let after = "";
      for (;;) {
        const ids = await db
          .selectFrom("licenses")
          .select("id")
          .where("organization_id", "=", organizationId)
          .where("user_id", "=", userId)
          .where("id", ">", after)
          .orderBy("id")
          .limit(500)
          .execute();
        for (const { id } of ids) {
          await lockScoped(db, "licenses", organizationId, id);
          const row = await findLicense(db, organizationId, id);
          if (row) await writeSearchRows(db, licenseFromRow(row), true);
        }
        if (ids.length < 500) return;
        after = ids[ids.length - 1]!.id;
      }
    },
    /**
     * The organization's licenses counted by status at `now` (one product's when given): one
     * pass over the organization's (or product's) index entries, so its cost grows with the
     * licenses counted (about 100,000 in tens of milliseconds; bench/ numbers in the docs).
     */
    async counts(organizationId: string, productId: string | undefined, now: string) {
      let query = db
        .selectFrom("licenses")
        .where("organization_id", "=", organizationId)
        .select((eb) => [
          eb.fn.countAll<number | string | bigint>().as("total"),
          eb.fn
            .sum<number | string | bigint | null>(
              eb.case().when("revoked_at", "is not", null).then(1).else(0).end(),
            )
            .as("revoked"),
          eb.fn
            .sum<number | string | bigint | null>(
              eb
                .case()
                .when(eb.and([eb("revoked_at", "is", null), eb("suspended", "=", 1)]))
                .then(1)
                .else(0)
                .end(),
            )
            .as("suspended"),
          eb.fn
            .sum<number | string | bigint | null>(
              eb
                .case()
                .when(
                  eb.and([
                    eb("revoked_at", "is", null),
                    eb("suspended", "=", 0),
                    eb("expires_at", "is not", null),
                    eb("expires_at", "<=", now),
                  ]),
                )
                .then(1)
                .else(0)
                .end(),
            )
            .as("expired"),
        ]);
      if (productId !== undefined) query = query.where("product_id", "=", productId);
      const row = await query.executeTakeFirstOrThrow();
      const total = Number(row.total);
      const revoked = Number(row.revoked ?? 0);
      const suspended = Number(row.suspended ?? 0);
      const expired = Number(row.expired ?? 0);
      return {
        active: total - revoked - suspended - expired,
        suspended,
        expired,
        revoked,
        total,
      } satisfies LicenseCounts;
    },
    /** The license's row lock (see lockScoped); false when the license is unknown. */
    lock(organizationId: string, id: string): Promise<boolean> {
      return lockScoped(db, "licenses", organizationId, id);
    },
    /** Deletes the license and its entitlement links; call inside a transaction. */
    async delete(organizationId: string, id: string): Promise<boolean> {
      await deleteSearchRows(db, organizationId, id);
      await db
        .deleteFrom("license_entitlements")
        .where("organization_id", "=", organizationId)
        .where("license_id", "=", id)
        .execute();
      return deleteScoped(db, "licenses", organizationId, id);
    },
  };
}
