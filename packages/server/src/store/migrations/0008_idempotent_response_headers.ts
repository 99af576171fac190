import type { Kysely } from "kysely";

// A replayed response keeps its content type and download name: a license file checked out as
// `.lic` under an Idempotency-Key comes back as the same file, not as JSON.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("idempotency_keys")
    // JSON object of the stored response's content-type and content-disposition.
    .addColumn("response_headers", "text")
    .execute();
}
