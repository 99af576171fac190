import type { Kysely } from "kysely";
import { type PolicyRules, type PolicyRulesInput, withDefaults } from "../domain/policy.js";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type { PolicyRecord } from "./records.js";
import type { Database, Policy } from "./schema.js";
import {
  deleteScoped,
  findScoped,
  lockScoped,
  pageById,
  selectScoped,
  updateScoped,
} from "./scoped.js";

export type PolicyChanges = Partial<Pick<PolicyRecord, "name" | "rules" | "metadata">>;

/** Stored rules, decoded: through withDefaults, so rules stored before a rule existed get it. */
export function decodePolicyRules(json: string): PolicyRules {
  return withDefaults(JSON.parse(json) as PolicyRulesInput);
}

export function policyFromRow(row: Policy): PolicyRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    productId: row.product_id,
    name: row.name,
    rules: decodePolicyRules(row.rules),
    metadata: JSON.parse(row.metadata) as PolicyRecord["metadata"],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function policyColumns(changes: PolicyChanges): Partial<Policy> {
  const columns: Partial<Policy> = {};
  if (changes.name !== undefined) columns.name = changes.name;
  if (changes.rules !== undefined) columns.rules = JSON.stringify(changes.rules);
  if (changes.metadata !== undefined) columns.metadata = JSON.stringify(changes.metadata);
  return columns;
}

export function policiesRepository(db: Kysely<Database>) {
  return {
    async insert(policy: PolicyRecord): Promise<void> {
      await db
        .insertInto("policies")
        .values({
          id: policy.id,
          organization_id: policy.organizationId,
          product_id: policy.productId,
          name: policy.name,
          rules: JSON.stringify(policy.rules),
          metadata: JSON.stringify(policy.metadata),
          created_at: policy.createdAt,
          updated_at: policy.updatedAt,
        })
        .execute();
    },
    async find(organizationId: string, id: string): Promise<PolicyRecord | undefined> {
      const row = await findScoped(db, "policies", organizationId, id);
      return row && policyFromRow(row);
    },
    async list(
      organizationId: string,
      filter: { productId?: string | undefined },
      page: PageRequest,
    ): Promise<Page<PolicyRecord>> {
      let query = selectScoped(db, "policies", organizationId);
      if (filter.productId !== undefined) query = query.where("product_id", "=", filter.productId);
      return mapPage(await pageById(query, page), policyFromRow);
    },
    async update(
      organizationId: string,
      id: string,
      changes: PolicyChanges,
      now: string,
    ): Promise<PolicyRecord | undefined> {
      await updateScoped(db, "policies", organizationId, id, {
        ...policyColumns(changes),
        updated_at: now,
      });
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
