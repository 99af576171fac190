import type { Kysely } from "kysely";
import { type Page, type PageRequest, toPage } from "./pagination.js";
import type { Database, Product } from "./schema.js";

export type ProductChanges = Partial<
  Pick<Product, "name" | "code" | "platforms" | "app_identifiers" | "metadata">
>;

export function productsRepository(db: Kysely<Database>) {
  return {
    async insert(product: Product): Promise<void> {
      await db.insertInto("products").values(product).execute();
    },
    find(organizationId: string, id: string): Promise<Product | undefined> {
      return db
        .selectFrom("products")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .executeTakeFirst();
    },
    async list(organizationId: string, page: PageRequest): Promise<Page<Product>> {
      let query = db
        .selectFrom("products")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .orderBy("id")
        .limit(page.limit + 1);
      if (page.cursor) query = query.where("id", ">", page.cursor);
      return toPage(await query.execute(), page.limit);
    },
    /** Applies the changes; undefined when the product is unknown to this organization. */
    async update(
      organizationId: string,
      id: string,
      changes: ProductChanges,
      now: string,
    ): Promise<Product | undefined> {
      await db
        .updateTable("products")
        .set({ ...changes, updated_at: now })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .execute();
      return this.find(organizationId, id);
    },
    async delete(organizationId: string, id: string): Promise<boolean> {
      const result = await db
        .deleteFrom("products")
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
