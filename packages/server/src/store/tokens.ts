import type { Kysely } from "kysely";
import { pointLookup } from "./database.js";
import type { Page, PageRequest } from "./pagination.js";
import type { Database, Token } from "./schema.js";
import { findScoped, listScoped } from "./scoped.js";

/** What authenticating a request needs of a token (see Principal). */
export type TokenPrincipal = Pick<
  Token,
  | "id"
  | "organization_id"
  | "kind"
  | "product_id"
  | "license_id"
  | "scope"
  | "expires_at"
  | "last_used_at"
>;

const findUnrevokedToken = pointLookup((db, tokenHash: string) =>
  db
    .selectFrom("tokens")
    .select([
      "id",
      "organization_id",
      "kind",
      "product_id",
      "license_id",
      "scope",
      "expires_at",
      "last_used_at",
    ])
    .where("token_hash", "=", tokenHash)
    .where("revoked_at", "is", null),
);

export function tokensRepository(db: Kysely<Database>) {
  return {
    async insert(token: Token): Promise<void> {
      await db.insertInto("tokens").values(token).execute();
    },
    /** The token with this hash unless revoked, expired or not: what a Principal needs. */
    findUnrevoked(tokenHash: string): Promise<TokenPrincipal | undefined> {
      return findUnrevokedToken(db, tokenHash);
    },
    /** Sets last_used_at to `now` unless it is after `since` already (another process's). */
    async touch(id: string, now: string, since: string): Promise<void> {
      await db
        .updateTable("tokens")
        .set({ last_used_at: now })
        .where("id", "=", id)
        .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", since)]))
        .execute();
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
