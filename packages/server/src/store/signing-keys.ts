import type { Kysely } from "kysely";
import type { SigningKeyRecord } from "./records.js";
import type { Database, SigningKey } from "./schema.js";

function signingKeyFromRow(row: SigningKey): SigningKeyRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    algorithm: row.algorithm,
    publicKey: row.public_key,
    privateKeyEncrypted: row.private_key_encrypted,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  };
}

export function signingKeysRepository(db: Kysely<Database>) {
  return {
    async insert(key: SigningKeyRecord): Promise<void> {
      await db
        .insertInto("signing_keys")
        .values({
          id: key.id,
          organization_id: key.organizationId,
          algorithm: key.algorithm,
          public_key: key.publicKey,
          private_key_encrypted: key.privateKeyEncrypted,
          created_at: key.createdAt,
          retired_at: key.retiredAt,
        })
        .execute();
    },
    /** Every key of the organization, current and retired, oldest first. */
    async list(organizationId: string): Promise<SigningKeyRecord[]> {
      const rows = await db
        .selectFrom("signing_keys")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .orderBy("id")
        .execute();
      return rows.map(signingKeyFromRow);
    },
  };
}
