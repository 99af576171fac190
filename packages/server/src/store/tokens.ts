import type { Kysely } from "kysely";
import { pointLookup } from "./database.js";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type { TokenRecord } from "./records.js";
import type { Database, Token } from "./schema.js";
import { findScoped, listScoped } from "./scoped.js";

/** What authenticating a request needs of a token (see Principal). */
export type TokenPrincipal = Pick<
  TokenRecord,
  | "id"
  | "organizationId"
  | "kind"
  | "productId"
  | "licenseId"
  | "scope"
  | "expiresAt"
  | "lastUsedAt"
>;

function tokenFromRow(row: Token): TokenRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    kind: row.kind,
    productId: row.product_id,
    licenseId: row.license_id,
    name: row.name,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    scope: row.scope,
    lastUsedAt: row.last_used_at,
  };
}

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
    async insert(token: TokenRecord): Promise<void> {
      await db
        .insertInto("tokens")
        .values({
          id: token.id,
          organization_id: token.organizationId,
          kind: token.kind,
          product_id: token.productId,
          license_id: token.licenseId,
          name: token.name,
          token_hash: token.tokenHash,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
          revoked_at: token.revokedAt,
          scope: token.scope,
          last_used_at: token.lastUsedAt,
        })
        .execute();
    },
    /** The token with this hash unless revoked, expired or not: what a Principal needs. */
    async findUnrevoked(tokenHash: string): Promise<TokenPrincipal | undefined> {
      const row = await findUnrevokedToken(db, tokenHash);
      return (
        row && {
          id: row.id,
          organizationId: row.organization_id,
          kind: row.kind,
          productId: row.product_id,
          licenseId: row.license_id,
          scope: row.scope,
          expiresAt: row.expires_at,
          lastUsedAt: row.last_used_at,
        }
      );
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
    async find(organizationId: string, id: string): Promise<TokenRecord | undefined> {
      const row = await findScoped(db, "tokens", organizationId, id);
      return row && tokenFromRow(row);
    },
    async list(organizationId: string, page: PageRequest): Promise<Page<TokenRecord>> {
      return mapPage(await listScoped(db, "tokens", organizationId, page), tokenFromRow);
    },
    /**
     * The organization's admin tokens that work at `now` and may write (not revoked, not
     * expired, not read-only): those that can make another token.
     */
    async countWorkingAdmins(organizationId: string, now: string): Promise<number> {
      const row = await db
        .selectFrom("tokens")
        .select((eb) => eb.fn.countAll<string | number>().as("count"))
        .where("organization_id", "=", organizationId)
        .where("kind", "=", "admin")
        .where("scope", "=", "write")
        .where("revoked_at", "is", null)
        .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
        .executeTakeFirstOrThrow();
      return Number(row.count);
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
