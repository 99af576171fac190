import { newId } from "../ids.js";
import type { Store } from "../store/database.js";
import type { PageRequest } from "../store/pagination.js";
import { productsRepository } from "../store/products.js";
import type { ProductRecord as Product } from "../store/records.js";
import { trackableRepository } from "../store/trackable.js";
import { auditedTransaction, recordAudit } from "./audit.js";
import type { Clock } from "./clock.js";
import { notFound, ServiceError } from "./errors.js";
import { type Principal, requireAdmin, requireProductAccess } from "./principal.js";

export interface ProductInput {
  name: string;
  code?: string | null;
  platforms?: string[];
  appIdentifiers?: string[];
  metadata?: Record<string, unknown>;
}

export function productsService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const products = () => productsRepository(store.db);

  return {
    async create(principal: Principal, input: ProductInput): Promise<Product> {
      requireAdmin(principal);
      const now = clock();
      const product: Product = {
        id: newId("prod", now),
        organizationId: principal.organizationId,
        name: input.name,
        code: input.code ?? null,
        platforms: input.platforms ?? [],
        appIdentifiers: input.appIdentifiers ?? [],
        metadata: input.metadata ?? {},
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      await auditedTransaction(store.db, principal, now, async (trx) => {
        await productsRepository(trx).insert(product);
        return {
          result: null,
          audit: { action: "product.created", id: product.id, after: product },
        };
      });
      return product;
    },

    async get(principal: Principal, id: string): Promise<Product> {
      const product = await products().find(principal.organizationId, id);
      if (!product) throw notFound("product", id);
      requireProductAccess(principal, product.id);
      return product;
    },

    async list(principal: Principal, page: PageRequest) {
      requireAdmin(principal);
      return products().list(principal.organizationId, page);
    },

    async update(principal: Principal, id: string, input: Partial<ProductInput>): Promise<Product> {
      requireAdmin(principal);
      const now = clock();
      const product = await auditedTransaction(store.db, principal, now, async (trx) => {
        const repository = productsRepository(trx);
        // The row lock first: a concurrent change then waits, and `before` is what this replaces.
        const locked = await repository.lock(principal.organizationId, id);
        const before = locked ? await repository.find(principal.organizationId, id) : undefined;
        if (!before) throw notFound("product", id);
        const after = await repository.update(
          principal.organizationId,
          id,
          input,
          now.toISOString(),
        );
        if (!after) throw notFound("product", id);
        return { result: after, audit: { action: "product.updated", id, before, after } };
      });
      return product;
    },

    /**
     * Deletes a product. Its tokens that can never authenticate again (revoked or expired) go
     * with it; a token that still works refuses with 409 PRODUCT_HAS_TOKENS (revoke it first),
     * and policies of the product (whose licenses follow them) with 409 PRODUCT_IN_USE. Anything
     * else still referring to it is refused by its foreign key (409 CONFLICT).
     */
    async delete(principal: Principal, id: string): Promise<void> {
      requireAdmin(principal);
      const { organizationId } = principal;
      const at = clock();
      const now = at.toISOString();
      await store.db.transaction().execute(async (trx) => {
        const repository = productsRepository(trx);
        // Its row lock first: issuing a product token or creating a policy takes it too.
        if (!(await repository.lock(organizationId, id))) throw notFound("product", id);
        if (await repository.hasUsableTokens(organizationId, id, now)) {
          throw new ServiceError(
            "PRODUCT_HAS_TOKENS",
            "the product still has tokens that work: revoke them (DELETE /v1/tokens/{id}) first",
          );
        }
        if (await repository.hasPolicies(organizationId, id)) {
          throw new ServiceError(
            "PRODUCT_IN_USE",
            "the product still has policies (and licenses of them): delete those first " +
              "(DELETE /v1/licenses/{id}, then DELETE /v1/policies/{id})",
          );
        }
        await repository.deleteDeadTokens(organizationId, id, now);
        await trackableRepository(trx).deleteSettings(organizationId, id);
        const before = await repository.find(organizationId, id);
        await repository.delete(organizationId, id);
        await recordAudit(trx, principal, at, { action: "product.deleted", id, before });
      });
    },
  };
}
