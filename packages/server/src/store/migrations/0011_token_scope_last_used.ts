import type { Kysely } from "kysely";

// Admin and product tokens that can be limited: a read-only scope (`read`: GET only; `write`,
// every existing token: what the kind allows) and the time of last use, which authentication
// updates at most once a minute per token (services/tokens.ts).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("tokens")
    .addColumn("scope", "text", (c) => c.notNull().defaultTo("write"))
    .execute();
  await db.schema.alterTable("tokens").addColumn("last_used_at", "text").execute();
}
