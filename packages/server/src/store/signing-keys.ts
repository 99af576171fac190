import type { Kysely } from "kysely";
import type { Database, SigningKey } from "./schema.js";

export function signingKeysRepository(db: Kysely<Database>) {
  return {
    async insert(key: SigningKey): Promise<void> {
      await db.insertInto("signing_keys").values(key).execute();
    },
    /** Every key of the organization, current and retired, oldest first. */
    list(organizationId: string): Promise<SigningKey[]> {
      return db
        .selectFrom("signing_keys")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .orderBy("id")
        .execute();
    },
  };
}
