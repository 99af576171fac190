import { type Kysely, sql } from "kysely";
import { pointLookup } from "./database.js";
import type {
  ActiveKeyStamp,
  SigningAlgorithm,
  SigningKeyRecord,
  SigningKeyState,
} from "./records.js";
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
    state: row.state,
    updatedAt: row.updated_at,
    endorsement:
      row.endorsed_by === null || row.endorsement_signature === null
        ? null
        : { keyId: row.endorsed_by, signature: row.endorsement_signature },
  };
}

// Read before every signature (see services/signing-keys.ts), so a prepared point lookup. The
// state is a literal, not a parameter: SQLite re-plans a statement on every new binding of a
// parameter a partial index's condition depends on (signing_keys_one_active), which tripled
// the lookup's cost (7 against 23 µs).
const activeStamp = pointLookup((db, organizationId: string, algorithm: SigningAlgorithm) =>
  db
    .selectFrom("signing_keys")
    .select(["id", "updated_at"])
    .where("organization_id", "=", organizationId)
    .where("algorithm", "=", algorithm)
    .where("state", "=", sql.lit("active")),
);

export function signingKeysRepository(db: Kysely<Database>) {
  return {
    /**
     * One sealed private key of any organization (the oldest), or undefined when there is none:
     * the start-up's test that the server secret opens what the database holds
     * (server-secret.ts). Unscoped on purpose; the key never leaves the check.
     */
    async anySealedPrivateKey(): Promise<string | undefined> {
      const row = await db
        .selectFrom("signing_keys")
        .select("private_key_encrypted")
        .orderBy("id")
        .limit(1)
        .executeTakeFirst();
      return row?.private_key_encrypted;
    },
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
          state: key.state,
          updated_at: key.updatedAt,
          endorsed_by: key.endorsement?.keyId ?? null,
          endorsement_signature: key.endorsement?.signature ?? null,
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
    async find(organizationId: string, id: string): Promise<SigningKeyRecord | undefined> {
      const row = await db
        .selectFrom("signing_keys")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row && signingKeyFromRow(row);
    },
    /** The one active key of an algorithm, whole (with its sealed private half). */
    async active(
      organizationId: string,
      algorithm: SigningAlgorithm,
    ): Promise<SigningKeyRecord | undefined> {
      const row = await db
        .selectFrom("signing_keys")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("algorithm", "=", algorithm)
        .where("state", "=", "active")
        .executeTakeFirst();
      return row && signingKeyFromRow(row);
    },
    /** Only the active key's id and updated_at: one indexed row, no sealed column read. */
    async activeStamp(
      organizationId: string,
      algorithm: SigningAlgorithm,
    ): Promise<ActiveKeyStamp | undefined> {
      const row = await activeStamp(db, organizationId, algorithm);
      return row && { id: row.id, updatedAt: row.updated_at };
    },
    /**
     * Moves a key from one state to another, only if it is still in `from` (a conditional
     * update: two concurrent rotations cannot both move it). True when it moved.
     */
    async transition(
      organizationId: string,
      id: string,
      from: SigningKeyState,
      to: SigningKeyState,
      now: string,
    ): Promise<boolean> {
      const result = await db
        .updateTable("signing_keys")
        .set({
          state: to,
          updated_at: now,
          ...(to === "retired" ? { retired_at: now } : {}),
        })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .where("state", "=", from)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
