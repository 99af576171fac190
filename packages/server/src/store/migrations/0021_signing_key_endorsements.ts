import type { Kysely } from "kysely";

// Key endorsements (SPEC X7): a key created while its organization has an active key of its
// algorithm carries that key's signature over it (@keyward/formats key-endorsement), so a
// device that pinned the organization's keys can trust the successor without trusting whoever
// answers the key list. Both columns are null for first keys and for keys made before this
// migration: a migration cannot sign (it has no server secret to unseal keys with), so devices
// pinned before the upgrade follow only keys created after it (docs/server.md).

export async function up(db: Kysely<unknown>): Promise<void> {
  // The endorsing key's id (no foreign key: keys are never deleted) and its base64url signature.
  await db.schema.alterTable("signing_keys").addColumn("endorsed_by", "text").execute();
  await db.schema.alterTable("signing_keys").addColumn("endorsement_signature", "text").execute();
}
