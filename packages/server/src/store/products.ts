import type { Kysely } from "kysely";
import type { Page, PageRequest } from "./pagination.js";
import type { Database, Product } from "./schema.js";
import { deleteScoped, findScoped, listScoped, lockScoped, updateScoped } from "./scoped.js";

export type ProductChanges = Partial<
  Pick<Product, "name" | "code" | "platforms" | "app_identifiers" | "metadata">
>;

export function productsRepository(db: Kysely<Database>) {
  return {
    async insert(product: Product): Promise<void> {
      await db.insertInto("products").values(product).execute();
    },
    find(organizationId: string, id: string): Promise<Product | undefined> {
      return findScoped(db, "products", organizationId, id);
    },
    list(organizationId: string, page: PageRequest): Promise<Page<Product>> {
      return listScoped(db, "products", organizationId, page);
    },
    /** Applies the changes; undefined when the product is unknown to this organization. */
    async update(
      organizationId: string,
      id: string,
      changes: ProductChanges,
      now: string,
    ): Promise<Product | undefined> {
      await updateScoped(db, "products", organizationId, id, { ...changes, updated_at: now });
      return this.find(organizationId, id);
    },
    /** Whether a token that can still authenticate (not revoked, not expired) is for the product. */
    async hasUsableTokens(organizationId: string, id: string, now: string): Promise<boolean> {
      const row = await db
        .selectFrom("tokens")
        .select("id")
        .where("organization_id", "=", organizationId)
        .where("product_id", "=", id)
        .where("revoked_at", "is", null)
        .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    /** Deletes the product's tokens that can never authenticate again (revoked or expired). */
    async deleteDeadTokens(organizationId: string, id: string, now: string): Promise<void> {
      await db
        .deleteFrom("tokens")
        .where("organization_id", "=", organizationId)
        .where("product_id", "=", id)
        .where((eb) =>
          eb.or([
            eb("revoked_at", "is not", null),
            eb.and([eb("expires_at", "is not", null), eb("expires_at", "<=", now)]),
          ]),
        )
        .execute();
    },
    /** The product's row lock (see lockScoped); false when the product is unknown. */
    lock(organizationId: string, id: string): Promise<boolean> {
      return lockScoped(db, "products", organizationId, id);
    },
    delete(organizationId: string, id: string): Promise<boolean> {
      return deleteScoped(db, "products", organizationId, id);
    },
  };
}
