import type { Kysely } from "kysely";

// Licenses whose key another system issued (`importedKey` on create: docs/server.md, Migrating
// from another licensing system): 1 for those, 0 for keys Keyward made. A policy move checks a
// key Keyward signed against the new policy's scheme; an imported key, never made by a scheme
// of Keyward's, moves like a plain one. Existing licenses are Keyward's (0).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("licenses")
    .addColumn("key_imported", "integer", (column) => column.notNull().defaultTo(0))
    .execute();
}
