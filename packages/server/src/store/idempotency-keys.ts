import type { Kysely } from "kysely";
import type { IdempotencyRecord, ReplayedHeaders } from "./records.js";
import type { Database, IdempotencyKeysTable } from "./schema.js";

/** The row of one caller's key. */
export type IdempotencyTarget = Pick<IdempotencyRecord, "organizationId" | "caller" | "key">;

/** What a request claims a key with: a record before its response exists. */
export type IdempotencyClaimRecord = Omit<
  IdempotencyRecord,
  "status" | "responseBodySealed" | "responseHeaders"
>;

function recordFromRow(row: IdempotencyKeysTable): IdempotencyRecord {
  return {
    organizationId: row.organization_id,
    caller: row.caller,
    key: row.key,
    method: row.method,
    path: row.path,
    requestHash: row.request_hash,
    status: row.status,
    responseBodySealed: row.response_body,
    // Rows stored before migration 0008 have none: they were all JSON.
    responseHeaders: JSON.parse(row.response_headers ?? "{}") as ReplayedHeaders,
    createdAt: row.created_at,
  };
}

export function idempotencyKeysRepository(db: Kysely<Database>) {
  return {
    /** Inserts an in-progress row; false (and no change) when the key already has a row. */
    async insertIfAbsent(claim: IdempotencyClaimRecord): Promise<boolean> {
      const result = await db
        .insertInto("idempotency_keys")
        .values({
          organization_id: claim.organizationId,
          caller: claim.caller,
          key: claim.key,
          method: claim.method,
          path: claim.path,
          request_hash: claim.requestHash,
          status: null,
          response_body: null,
          response_headers: null,
          created_at: claim.createdAt,
        })
        .onConflict((oc) => oc.columns(["organization_id", "caller", "key"]).doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },
    async find(target: IdempotencyTarget): Promise<IdempotencyRecord | undefined> {
      const row = await db
        .selectFrom("idempotency_keys")
        .selectAll()
        .where("organization_id", "=", target.organizationId)
        .where("caller", "=", target.caller)
        .where("key", "=", target.key)
        .executeTakeFirst();
      return row && recordFromRow(row);
    },
    /**
     * Replaces an expired or abandoned row with a new in-progress one, only if it is still the
     * row the caller saw (compare-and-swap on created_at): of concurrent takers, one wins.
     */
    async takeOver(claim: IdempotencyClaimRecord, seenCreatedAt: string): Promise<boolean> {
      const result = await db
        .updateTable("idempotency_keys")
        .set({
          method: claim.method,
          path: claim.path,
          request_hash: claim.requestHash,
          status: null,
          response_body: null,
          response_headers: null,
          created_at: claim.createdAt,
        })
        .where("organization_id", "=", claim.organizationId)
        .where("caller", "=", claim.caller)
        .where("key", "=", claim.key)
        .where("created_at", "=", seenCreatedAt)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    /** Stores the response of the request that holds the row (identified by its created_at). */
    async complete(
      target: IdempotencyTarget,
      createdAt: string,
      status: number,
      responseBodySealed: string,
      responseHeaders: ReplayedHeaders,
    ): Promise<void> {
      await db
        .updateTable("idempotency_keys")
        .set({
          status,
          response_body: responseBodySealed,
          response_headers: JSON.stringify(responseHeaders),
        })
        .where("organization_id", "=", target.organizationId)
        .where("caller", "=", target.caller)
        .where("key", "=", target.key)
        .where("created_at", "=", createdAt)
        .where("status", "is", null)
        .execute();
    },
    /** Drops the in-progress row so the request can be retried (after a 5xx). */
    async release(target: IdempotencyTarget, createdAt: string): Promise<void> {
      await db
        .deleteFrom("idempotency_keys")
        .where("organization_id", "=", target.organizationId)
        .where("caller", "=", target.caller)
        .where("key", "=", target.key)
        .where("created_at", "=", createdAt)
        .where("status", "is", null)
        .execute();
    },
    /**
     * Deletes the oldest rows created before `before`, about `limit` of them (rows sharing the
     * last one's created_at go too, so a run always makes progress); how many it deleted.
     */
    async deleteCreatedBefore(before: string, limit: number): Promise<number> {
      const oldest = db
        .selectFrom("idempotency_keys")
        .select("created_at")
        .where("created_at", "<", before)
        .orderBy("created_at")
        .limit(1)
        .offset(limit - 1);
      // Up to the limit-th oldest row, or everything before `before` when fewer are left.
      const cutoff = (await oldest.executeTakeFirst())?.created_at;
      let deletion = db.deleteFrom("idempotency_keys").where("created_at", "<", before);
      if (cutoff !== undefined) deletion = deletion.where("created_at", "<=", cutoff);
      const result = await deletion.executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
