import type { Kysely } from "kysely";

// A replayed response keeps its content type and download name: a license file checked out as
// `.lic` under an Idempotency-Key comes back as the same file, not as JSON. Rows past their
// 24 hours are deleted by a job, which finds them through the created_at index.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("idempotency_keys")
    // JSON object of the stored response's content-type and content-disposition.
    .addColumn("response_headers", "text")
    .execute();
  await db.schema
    .createIndex("idempotency_keys_created_at")
    .on("idempotency_keys")
    .column("created_at")
    .execute();
}
