import { type Kysely, sql } from "kysely";

// Idempotency-Key records are stored sealed from now on (services/idempotency.ts): the records
// kept so far hold responses in clear (the offline shared key among them) and unkeyed hashes of
// request bodies (passwords among them). A migration cannot seal them (the server secret is not
// known here), so they go. Cost: a retry, after the upgrade, of a request sent before it runs
// again instead of being replayed.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from idempotency_keys`.execute(db);
}
