import { type Kysely, sql } from "kysely";
import type { Database, License, OfflineKeys, OfflineRequestRecord } from "./schema.js";

// Offline activation's queries (SPEC L1–L4). Scoped by organization, except the lookup by api
// key: like a license key, the api key a device sends names its organization.

export function offlineActivationRepository(db: Kysely<Database>) {
  return {
    keysOf(organizationId: string): Promise<OfflineKeys | undefined> {
      return db
        .selectFrom("offline_keys")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .executeTakeFirst();
    },

    keysByApiKey(apiKey: string): Promise<OfflineKeys | undefined> {
      return db
        .selectFrom("offline_keys")
        .selectAll()
        .where("api_key", "=", apiKey)
        .executeTakeFirst();
    },

    /** Inserts the organization's first keys; a concurrent first insert wins, this one is dropped. */
    async insertKeysIfAbsent(keys: OfflineKeys): Promise<void> {
      await db
        .insertInto("offline_keys")
        .values(keys)
        .onConflict((oc) => oc.column("organization_id").doNothing())
        .execute();
    },

    async replaceKeys(
      organizationId: string,
      changes: Pick<OfflineKeys, "api_key" | "shared_key_encrypted" | "updated_at">,
    ): Promise<boolean> {
      const result = await db
        .updateTable("offline_keys")
        .set(changes)
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
        .values(record)
        .onConflict((oc) => oc.columns(["organization_id", "signature_hash"]).doNothing())
        .returning("signature_hash")
        .executeTakeFirst();
      return inserted !== undefined;
    },

    /** The licenses of a license user, optionally of one product (by product code). */
    licensesOfUser(
      organizationId: string,
      userId: string,
      productCode: string | undefined,
    ): Promise<Pick<License, "id" | "product_id">[]> {
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
      return query.orderBy("l.id").limit(2).execute();
    },
  };
}

/**
 * Failed-login counting for license users, one row per user, changed only by conditional
 * updates so the limit holds with racing requests and several processes: an attempt first
 * takes a slot (failures + 1 while under the limit, or a fresh window), and gives it back when
 * the password was right.
 */
export function loginAttemptsRepository(db: Kysely<Database>) {
  const scoped = (organizationId: string, userId: string) =>
    db
      .updateTable("license_user_attempts")
      .where("organization_id", "=", organizationId)
      .where("user_id", "=", userId);

  return {
    /** True when the attempt may go ahead (a slot was taken); false: the user is locked out. */
    async take(
      organizationId: string,
      userId: string,
      now: string,
      windowStart: string,
      limit: number,
    ): Promise<boolean> {
      await db
        .insertInto("license_user_attempts")
        .values({
          organization_id: organizationId,
          user_id: userId,
          window_started_at: now,
          failures: 0,
        })
        .onConflict((oc) => oc.columns(["organization_id", "user_id"]).doNothing())
        .execute();
      const inWindow = await scoped(organizationId, userId)
        .set({ failures: sql`failures + 1` })
        .where("window_started_at", ">", windowStart)
        .where("failures", "<", limit)
        .executeTakeFirst();
      if (inWindow.numUpdatedRows > 0n) return true;
      const fresh = await scoped(organizationId, userId)
        .set({ failures: 1, window_started_at: now })
        .where("window_started_at", "<=", windowStart)
        .executeTakeFirst();
      return fresh.numUpdatedRows > 0n;
    },

    /** A right password: the user's failures are forgiven. */
    async clear(organizationId: string, userId: string): Promise<void> {
      await scoped(organizationId, userId).set({ failures: 0 }).execute();
    },
  };
}
