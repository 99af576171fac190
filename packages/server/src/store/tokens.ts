import type { Kysely } from "kysely";
import { pointLookup } from "./database.js";
import type { Page, PageRequest } from "./pagination.js";
import type { Database, Token } from "./schema.js";
import { findScoped, listScoped } from "./scoped.js";

/** What authenticating a request needs of a token (see Principal). */
export type TokenPrincipal = Pick<
  Token,
  "id" | "organization_id" | "kind" | "product_id" | "license_id"
>;

const findUsableToken = pointLookup((db, tokenHash: string, now: string) =>
  db
    .selectFrom("tokens")
    .select(["id", "organization_id", "kind", "product_id", "license_id"])
    .where("token_hash", "=", tokenHash)
    .where("revoked_at", "is", null)
    .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)])),
);

export function tokensRepository(db: Kysely<Database>) {
  return {
    async insert(token: Token): Promise<void> {
      await db.insertInto("tokens").values(token).execute();
    },
    /** The token with this hash if neither revoked nor expired at `now`: what a Principal needs. */
    findUsable(tokenHash: string, now: string): Promise<TokenPrincipal | undefined> {
      return findUsableToken(db, tokenHash, now);
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
