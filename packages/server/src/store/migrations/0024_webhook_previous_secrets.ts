import type { Kysely } from "kysely";

// Webhook secrets rotated with an overlap: the secret a rotation replaced, sealed like the
// current one (secrets.ts seal), signs deliveries next to the new one until
// `previous_valid_until`, so a receiver has time to deploy the new secret. One previous secret
// at a time (a later rotation replaces it); both null when none.

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ["previous_secret_sealed", "previous_valid_until"]) {
    await db.schema.alterTable("webhook_endpoints").addColumn(column, "text").execute();
  }
}
