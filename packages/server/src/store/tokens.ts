import type { Kysely } from "kysely";
import type { Page, PageRequest } from "./pagination.js";
import type { Database, Token } from "./schema.js";
import { findScoped, listScoped } from "./scoped.js";

export function tokensRepository(db: Kysely<Database>) {
  return {
    async insert(token: Token): Promise<void> {
      await db.insertInto("tokens").values(token).execute();
    },
    /** The token with this hash if it is neither revoked nor expired at `now`. */
    findUsable(tokenHash: string, now: string): Promise<Token | undefined> {
      return db
        .selectFrom("tokens")
        .selectAll()
        .where("token_hash", "=", tokenHash)
        .where("revoked_at", "is", null)
        .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
        .executeTakeFirst();
    },
    find(organizationId: string, id: string): Promise<Token | undefined> {
      return findScoped(db, "tokens", organizationId, id);
    },
    list(organizationId: string, page: PageRequest): Promise<Page<Token>> {
      return listScoped(db, "tokens", organizationId, page);
    },
    /** Revokes once; false when the token is unknown to this organization. */
    async revoke(organizationId: string, id: string, now: string): Promise<boolean> {
      const result = await db
        .updateTable("tokens")
        .set({ revoked_at: now })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    /** Revokes every license token of a license (the license is deleted). */
    async revokeForLicense(organizationId: string, licenseId: string, now: string): Promise<void> {
      await db
        .updateTable("tokens")
        .set({ revoked_at: now })
        .where("organization_id", "=", organizationId)
        .where("license_id", "=", licenseId)
        .where("revoked_at", "is", null)
        .execute();
    },
  };
}
