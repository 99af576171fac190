import { isId, newId } from "../ids.js";
import { generateToken, hashToken } from "../secrets.js";
import type { Db, Store } from "../store/database.js";
import { licensesRepository } from "../store/licenses.js";
import { organizationsRepository } from "../store/organizations.js";
import type { PageRequest } from "../store/pagination.js";
import { productsRepository } from "../store/products.js";
import type { TokenRecord as Token, TokenKind, TokenScope } from "../store/records.js";
import { lockScoped } from "../store/scoped.js";
import { type TokenPrincipal, tokensRepository } from "../store/tokens.js";
import { auditedTransaction, recordAudit } from "./audit.js";
import type { Clock } from "./clock.js";
import { notFound, ServiceError } from "./errors.js";
import {
  outsideLicenseScope,
  type Principal,
  requireAdmin,
  requireProductAccess,
} from "./principal.js";

export interface CreateTokenInput {
  kind: Exclude<TokenKind, "license">;
  name?: string | null;
  productId?: string | null;
  expiresAt?: string | null;
  /** read: GET only; write (the default): whatever the kind allows. */
  scope?: TokenScope;
  /** A token chosen by the operator (first admin token); generated otherwise. */
  plaintext?: string;
}

/** POST /v1/licenses/:id/tokens: a token bound to one license (see Principal.licenseId). */
export interface CreateLicenseTokenInput {
  name?: string | null;
  expiresAt?: string | null;
}

type LicenseTokenIssue = CreateLicenseTokenInput & {
  kind: "license";
  licenseId: string;
  productId?: null;
  scope?: "write";
  plaintext?: undefined;
};

// lastUsedAt is kept to the minute: authentication writes it when it is older than this, so a
// token costs at most one write a minute (one per process at worst, where several race), not
// one per request; the answer may show a use up to a minute old.
const LAST_USED_RESOLUTION_MS = 60_000;

export function tokensService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const tokens = () => tokensRepository(store.db);

  /**
   * Moves last_used_at to `now` when it is a minute old or more. A failed write is let go: the
   * request it would describe must not fail for it, and the next request tries again.
   */
  async function recordUse(token: TokenPrincipal, now: Date): Promise<void> {
    const since = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
    if (token.lastUsedAt !== null && token.lastUsedAt > since) return;
    await tokens()
      .touch(token.id, now.toISOString(), since)
      .catch(() => {});
  }

  return {
    /**
     * Resolves a bearer token to its principal, or null for unknown and revoked tokens; an
     * expired one is refused with its own code, so its holder knows to get a new one.
     */
    async authenticate(plaintext: string): Promise<Principal | null> {
      const token = await tokens().findUnrevoked(hashToken(plaintext));
      if (!token) return null;
      const now = clock();
      if (token.expiresAt !== null && token.expiresAt <= now.toISOString()) {
        throw new ServiceError("TOKEN_EXPIRED", `this token expired at ${token.expiresAt}`);
      }
      await recordUse(token, now);
      return {
        organizationId: token.organizationId,
        tokenId: token.id,
        kind: token.kind,
        productId: token.productId,
        licenseId: token.licenseId,
        ...(token.scope === "read" ? { readOnly: true } : {}),
      };
    },

    /**
     * Issues a token for an organization (bootstrap, CLI); plaintext returned once, never
     * stored. `db`: a transaction to issue it in (the first organization's). `principal`: who
     * issues it, for the audit log (null: the server itself, bootstrap and CLI).
     */
    async issue(
      organizationId: string,
      input: CreateTokenInput | LicenseTokenIssue,
      db: Db = store.db,
      principal: Principal | null = null,
    ): Promise<{ token: Token; plaintext: string }> {
      if (input.kind === "product" && !input.productId) {
        throw new ServiceError("PRODUCT_REQUIRED", "a product token needs productId");
      }
      if (input.kind === "admin" && input.productId) {
        throw new ServiceError("INVALID_TOKEN_SCOPE", "only product tokens take a productId");
      }
      const now = clock();
      // Not `<= now` alone: a leap second ("23:59:60Z") passes the date-time format but parses
      // to NaN, which would become a RangeError (500) in toISOString below.
      const expiresAt = input.expiresAt ? Date.parse(input.expiresAt) : null;
      if (expiresAt !== null && !(expiresAt > now.getTime())) {
        throw new ServiceError("INVALID_EXPIRY", "expiresAt must be a date in the future");
      }
      const plaintext = input.plaintext ?? generateToken(input.kind);
      const token: Token = {
        id: newId("tok", now),
        organizationId,
        kind: input.kind,
        productId: input.productId ?? null,
        licenseId: input.kind === "license" ? input.licenseId : null,
        name: input.name ?? null,
        tokenHash: hashToken(plaintext),
        createdAt: now.toISOString(),
        expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
        revokedAt: null,
        scope: input.scope ?? "write",
        lastUsedAt: null,
      };
      // The row lock of the product or license the token is bound to (the caller checked
      // access to it), which deleting that product or license takes first.
      const insert = async (trx: Db) => {
        if (token.licenseId !== null) {
          if (!(await licensesRepository(trx).lock(organizationId, token.licenseId))) {
            throw notFound("license", token.licenseId);
          }
        } else if (token.productId !== null) {
          if (!(await productsRepository(trx).lock(organizationId, token.productId))) {
            throw notFound("product", token.productId);
          }
        }
        await tokensRepository(trx).insert(token);
        await recordAudit(trx, principal, now, {
          organizationId,
          action: "token.created",
          id: token.id,
          after: token,
        });
      };
      if (db.isTransaction) await insert(db);
      else await db.transaction().execute(insert);
      return { token, plaintext };
    },

    /** The API's token creation: admin tokens only. */
    async create(principal: Principal, input: CreateTokenInput) {
      requireAdmin(principal);
      return this.issue(principal.organizationId, input, store.db, principal);
    },

    /** A license token: admin tokens, or the product token of the license's product. */
    async createForLicense(
      principal: Principal,
      licenseId: string,
      input: CreateLicenseTokenInput,
    ) {
      const license =
        isId("lic", licenseId) && !outsideLicenseScope(principal, licenseId)
          ? await licensesRepository(store.db).find(principal.organizationId, licenseId)
          : undefined;
      if (!license) throw notFound("license", licenseId);
      requireProductAccess(principal, license.productId);
      return this.issue(
        principal.organizationId,
        { ...input, kind: "license", licenseId },
        store.db,
        principal,
      );
    },

    /**
     * The caller's own credential: what it is and reaches (any token may ask, so a product
     * token learns its product), and its token record when it is a token (not a license key).
     */
    async current(principal: Principal) {
      const token =
        principal.tokenId === null
          ? null
          : ((await tokens().find(principal.organizationId, principal.tokenId)) ?? null);
      return { principal, token };
    },

    async list(principal: Principal, page: PageRequest) {
      requireAdmin(principal);
      return tokens().list(principal.organizationId, page);
    },

    async get(principal: Principal, id: string): Promise<Token> {
      requireAdmin(principal);
      const token = await tokens().find(principal.organizationId, id);
      if (!token) throw notFound("token", id);
      return token;
    },

    async revoke(principal: Principal, id: string): Promise<Token> {
      requireAdmin(principal);
      const now = clock();
      return auditedTransaction(store.db, principal, now, async (trx) => {
        const repository = tokensRepository(trx);
        // The row lock first: a concurrent change then waits, and `before` is what this replaces.
        await lockScoped(trx, "tokens", principal.organizationId, id);
        const before = await repository.find(principal.organizationId, id);
        if (!before) throw notFound("token", id);
        if (isWorkingAdmin(before, now)) {
          // Under the organization's lock, so that two revokes of its last two admin tokens
          // see each other: the second counts after the first commits.
          await organizationsRepository(trx).lock(principal.organizationId);
          const working = await repository.countWorkingAdmins(
            principal.organizationId,
            now.toISOString(),
          );
          if (working <= 1) {
            throw new ServiceError(
              "LAST_ADMIN_TOKEN",
              "this is the organization's last admin token that works: create another admin " +
                "token first (with none, only `keyward orgs admin-token` on the server can make one)",
            );
          }
        }
        await repository.revoke(principal.organizationId, id, now.toISOString());
        const after = await repository.find(principal.organizationId, id);
        if (!after) throw notFound("token", id);
        return { result: after, audit: { action: "token.revoked", id, before, after } };
      });
    },
  };
}

/** An admin token that can make another token now: not revoked, not expired, not read-only. */
function isWorkingAdmin(token: Token, now: Date): boolean {
  return (
    token.kind === "admin" &&
    token.scope === "write" &&
    token.revokedAt === null &&
    (token.expiresAt === null || Date.parse(token.expiresAt) > now.getTime())
  );
}
