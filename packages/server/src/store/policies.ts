import type { Kysely } from "kysely";
import { type Page, type PageRequest, toPage } from "./pagination.js";
import type { Database, Policy } from "./schema.js";

export type PolicyChanges = Partial<Pick<Policy, "name" | "rules" | "metadata">>;

export function policiesRepository(db: Kysely<Database>) {
  return {
    async insert(policy: Policy): Promise<void> {
      await db.insertInto("policies").values(policy).execute();
    },
    find(organizationId: string, id: string): Promise<Policy | undefined> {
      return db
        .selectFrom("policies")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .executeTakeFirst();
    },
    async list(
      organizationId: string,
      filter: { productId?: string | undefined },
      page: PageRequest,
    ): Promise<Page<Policy>> {
      let query = db
        .selectFrom("policies")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .orderBy("id")
        .limit(page.limit + 1);
      if (filter.productId !== undefined) query = query.where("product_id", "=", filter.productId);
      if (page.cursor) query = query.where("id", ">", page.cursor);
      return toPage(await query.execute(), page.limit);
    },
    async update(
      organizationId: string,
      id: string,
      changes: PolicyChanges,
      now: string,
    ): Promise<Policy | undefined> {
      await db
        .updateTable("policies")
        .set({ ...changes, updated_at: now })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .execute();
      return this.find(organizationId, id);
    },
    /** Deletes the policy and its entitlement links; call inside a transaction. */
    async delete(organizationId: string, id: string): Promise<boolean> {
      await db
        .deleteFrom("policy_entitlements")
        .where("organization_id", "=", organizationId)
        .where("policy_id", "=", id)
        .execute();
      const result = await db
        .deleteFrom("policies")
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async hasLicenses(organizationId: string, id: string): Promise<boolean> {
      const row = await db
        .selectFrom("licenses")
        .select("id")
        .where("organization_id", "=", organizationId)
        .where("policy_id", "=", id)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
