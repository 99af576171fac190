import type { Kysely } from "kysely";
import type { Page, PageRequest } from "./pagination.js";
import type { Database, Policy } from "./schema.js";
import {
  deleteScoped,
  findScoped,
  lockScoped,
  pageById,
  selectScoped,
  updateScoped,
} from "./scoped.js";

export type PolicyChanges = Partial<Pick<Policy, "name" | "rules" | "metadata">>;

export function policiesRepository(db: Kysely<Database>) {
  return {
    async insert(policy: Policy): Promise<void> {
      await db.insertInto("policies").values(policy).execute();
    },
    find(organizationId: string, id: string): Promise<Policy | undefined> {
      return findScoped(db, "policies", organizationId, id);
    },
    async list(
      organizationId: string,
      filter: { productId?: string | undefined },
      page: PageRequest,
    ): Promise<Page<Policy>> {
      let query = selectScoped(db, "policies", organizationId);
      if (filter.productId !== undefined) query = query.where("product_id", "=", filter.productId);
      return pageById(query, page);
    },
    async update(
      organizationId: string,
      id: string,
      changes: PolicyChanges,
      now: string,
    ): Promise<Policy | undefined> {
      await updateScoped(db, "policies", organizationId, id, { ...changes, updated_at: now });
      return this.find(organizationId, id);
    },
    /** The policy's row lock (see lockScoped); false when the policy is unknown. */
    lock(organizationId: string, id: string): Promise<boolean> {
      return lockScoped(db, "policies", organizationId, id);
    },
    /** Deletes the policy and its entitlement links; call inside a transaction. */
    async delete(organizationId: string, id: string): Promise<boolean> {
      await db
        .deleteFrom("policy_entitlements")
        .where("organization_id", "=", organizationId)
        .where("policy_id", "=", id)
        .execute();
      return deleteScoped(db, "policies", organizationId, id);
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
