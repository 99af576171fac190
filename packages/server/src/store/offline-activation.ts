import { type Kysely, sql } from "kysely";
import type { OfflineKeysRecord, OfflineRequestRecord } from "./records.js";
import type { Database, OfflineKeysTable } from "./schema.js";

// Offline activation's queries (SPEC L1–L4). Scoped by organization, except the lookup by api
// key: like a license key, the api key a device sends names its organization.

function keysFromRow(row: OfflineKeysTable): OfflineKeysRecord {
  return {
    organizationId: row.organization_id,
    apiKey: row.api_key,
    sharedKeyEncrypted: row.shared_key_encrypted,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    previous:
      row.previous_api_key !== null &&
      row.previous_shared_key_encrypted !== null &&
      row.previous_valid_until !== null
        ? {
            apiKey: row.previous_api_key,
            sharedKeyEncrypted: row.previous_shared_key_encrypted,
            validUntil: row.previous_valid_until,
          }
        : null,
  };
}

export function offlineActivationRepository(db: Kysely<Database>) {
  return {
    async keysOf(organizationId: string): Promise<OfflineKeysRecord | undefined> {
      const row = await db
        .selectFrom("offline_keys")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .executeTakeFirst();
      return row && keysFromRow(row);
    },

    /** The keys whose current or previous api key this is. */
    async keysByApiKey(apiKey: string): Promise<OfflineKeysRecord | undefined> {
      const row = await db
        .selectFrom("offline_keys")
        .selectAll()
        .where((eb) => eb.or([eb("api_key", "=", apiKey), eb("previous_api_key", "=", apiKey)]))
        .executeTakeFirst();
      return row && keysFromRow(row);
    },

    /** Inserts the organization's first keys; a concurrent first insert wins, this one is dropped. */
    async insertKeysIfAbsent(keys: OfflineKeysRecord): Promise<void> {
      await db
        .insertInto("offline_keys")
        .values({
          organization_id: keys.organizationId,
          api_key: keys.apiKey,
          shared_key_encrypted: keys.sharedKeyEncrypted,
          created_at: keys.createdAt,
          updated_at: keys.updatedAt,
        })
        .onConflict((oc) => oc.column("organization_id").doNothing())
        .execute();
    },

    async replaceKeys(
      organizationId: string,
      changes: Pick<OfflineKeysRecord, "apiKey" | "sharedKeyEncrypted" | "updatedAt" | "previous">,
    ): Promise<boolean> {
      const result = await db
        .updateTable("offline_keys")
        .set({
          api_key: changes.apiKey,
          shared_key_encrypted: changes.sharedKeyEncrypted,
          updated_at: changes.updatedAt,
          previous_api_key: changes.previous?.apiKey ?? null,
          previous_shared_key_encrypted: changes.previous?.sharedKeyEncrypted ?? null,
          previous_valid_until: changes.previous?.validUntil ?? null,
        })
        .where("organization_id", "=", organizationId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async requestSeen(organizationId: string, signatureHash: string): Promise<boolean> {
      const row = await db
        .selectFrom("offline_requests")
        .select("signature_hash")
        .where("organization_id", "=", organizationId)
        .where("signature_hash", "=", signatureHash)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Records a served request; false when it was served already (a replay that raced us). */
    async recordRequest(record: OfflineRequestRecord): Promise<boolean> {
      const inserted = await db
        .insertInto("offline_requests")
        .values({
          organization_id: record.organizationId,
          signature_hash: record.signatureHash,
          kind: record.kind,
          license_id: record.licenseId,
          hardware_id: record.hardwareId,
          created_at: record.createdAt,
        })
        .onConflict((oc) => oc.columns(["organization_id", "signature_hash"]).doNothing())
        .returning("signature_hash")
        .executeTakeFirst();
      return inserted !== undefined;
    },

    /** The licenses of a license user, optionally of one product (by product code). */
    async licensesOfUser(
      organizationId: string,
      userId: string,
      productCode: string | undefined,
    ): Promise<{ id: string; productId: string }[]> {
      let query = db
        .selectFrom("licenses as l")
        .select(["l.id", "l.product_id"])
        .where("l.organization_id", "=", organizationId)
        .where("l.user_id", "=", userId);
      if (productCode !== undefined) {
        query = query.where("l.product_id", "in", (eb) =>
          eb
            .selectFrom("products")
            .select("products.id")
            .where("products.organization_id", "=", organizationId)
            .where("products.code", "=", productCode),
        );
      }
      const rows = await query.orderBy("l.id").limit(2).execute();
      return rows.map((row) => ({ id: row.id, productId: row.product_id }));
    },
  };
}

/**
 * Failed-login counting for license users: one row per user and source, and one per user for
 * every source ("*"), changed only by conditional updates so the limits hold with racing
 * requests and several processes. An attempt first takes a slot (failures + 1 while under the
 * limit, or a fresh window) and gives it back when it was not checked or the password was right.
 */
export function loginAttemptsRepository(db: Kysely<Database>) {
  const row = (organizationId: string, userId: string, source: string) =>
    db
      .updateTable("license_user_attempts")
      .where("organization_id", "=", organizationId)
      .where("user_id", "=", userId)
      .where("source", "=", source);

  return {
    /** True when the attempt may go ahead (a slot was taken); false: the limit is reached. */
    async take(
      organizationId: string,
      userId: string,
      source: string,
      window: { now: string; start: string; limit: number },
    ): Promise<boolean> {
      await db
        .insertInto("license_user_attempts")
        .values({
          organization_id: organizationId,
          user_id: userId,
          source,
          window_started_at: window.now,
          failures: 0,
          trusted_until: null,
        })
        .onConflict((oc) => oc.columns(["organization_id", "user_id", "source"]).doNothing())
        .execute();
      const inWindow = await row(organizationId, userId, source)
        .set({ failures: sql`failures + 1` })
        .where("window_started_at", ">", window.start)
        .where("failures", "<", window.limit)
        .executeTakeFirst();
      if (inWindow.numUpdatedRows > 0n) return true;
      const fresh = await row(organizationId, userId, source)
        .set({ failures: 1, window_started_at: window.now })
        .where("window_started_at", "<=", window.start)
        .executeTakeFirst();
      return fresh.numUpdatedRows > 0n;
    },

    /** Gives a taken slot back (the attempt was not checked, or its password was right). */
    async giveBack(organizationId: string, userId: string, source: string): Promise<void> {
      await row(organizationId, userId, source)
        .set({ failures: sql`failures - 1` })
        .where("failures", ">", 0)
        .execute();
    },

    /** Whether a right password came from the source recently enough (see trust). */
    async trusted(
      organizationId: string,
      userId: string,
      source: string,
      now: string,
    ): Promise<boolean> {
      const found = await db
        .selectFrom("license_user_attempts")
        .select("source")
        .where("organization_id", "=", organizationId)
        .where("user_id", "=", userId)
        .where("source", "=", source)
        .where("trusted_until", ">", now)
        .executeTakeFirst();
      return found !== undefined;
    },

    /** A right password from the source: its failures are forgiven, and it is trusted. */
    async trust(
      organizationId: string,
      userId: string,
      source: string,
      until: string,
    ): Promise<void> {
      await row(organizationId, userId, source)
        .set({ failures: 0, trusted_until: until })
        .execute();
    },

    /**
     * Deletes the rows that no longer count anything: their window started before
     * `windowsBefore` and they trust no source at `now`. How many it deleted.
     */
    async deleteStale(windowsBefore: string, now: string): Promise<number> {
      const result = await db
        .deleteFrom("license_user_attempts")
        .where("window_started_at", "<", windowsBefore)
        .where((eb) => eb.or([eb("trusted_until", "is", null), eb("trusted_until", "<=", now)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
