import type { Kysely } from "kysely";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type { ProductRecord } from "./records.js";
import type { Database, Product } from "./schema.js";
import { deleteScoped, findScoped, listScoped, lockScoped, updateScoped } from "./scoped.js";

export type ProductChanges = Partial<
  Pick<ProductRecord, "name" | "code" | "platforms" | "appIdentifiers" | "metadata">
>;

export function productFromRow(row: Product): ProductRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    code: row.code,
    platforms: JSON.parse(row.platforms) as string[],
    appIdentifiers: JSON.parse(row.app_identifiers) as string[],
    metadata: JSON.parse(row.metadata) as ProductRecord["metadata"],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function productColumns(changes: ProductChanges): Partial<Product> {
  const columns: Partial<Product> = {};
  if (changes.name !== undefined) columns.name = changes.name;
  if (changes.code !== undefined) columns.code = changes.code;
  if (changes.platforms !== undefined) columns.platforms = JSON.stringify(changes.platforms);
  if (changes.appIdentifiers !== undefined) {
    columns.app_identifiers = JSON.stringify(changes.appIdentifiers);
  }
  if (changes.metadata !== undefined) columns.metadata = JSON.stringify(changes.metadata);
  return columns;
}

export function productsRepository(db: Kysely<Database>) {
  return {
    async insert(product: ProductRecord): Promise<void> {
      await db
        .insertInto("products")
        .values({
          id: product.id,
          organization_id: product.organizationId,
          name: product.name,
          code: product.code,
          platforms: JSON.stringify(product.platforms),
          app_identifiers: JSON.stringify(product.appIdentifiers),
          metadata: JSON.stringify(product.metadata),
          created_at: product.createdAt,
          updated_at: product.updatedAt,
        })
        .execute();
    },
    async find(organizationId: string, id: string): Promise<ProductRecord | undefined> {
      const row = await findScoped(db, "products", organizationId, id);
      return row && productFromRow(row);
    },
    async list(organizationId: string, page: PageRequest): Promise<Page<ProductRecord>> {
      return mapPage(await listScoped(db, "products", organizationId, page), productFromRow);
    },
    /** Applies the changes; undefined when the product is unknown to this organization. */
    async update(
      organizationId: string,
      id: string,
      changes: ProductChanges,
      now: string,
    ): Promise<ProductRecord | undefined> {
      await updateScoped(db, "products", organizationId, id, {
        ...productColumns(changes),
        updated_at: now,
      });
      return this.find(organizationId, id);
    },
    /** Whether a policy of the product exists (its licenses follow its policies). */
    async hasPolicies(organizationId: string, id: string): Promise<boolean> {
      const row = await db
        .selectFrom("policies")
        .select("id")
        .where("organization_id", "=", organizationId)
        .where("product_id", "=", id)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
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
