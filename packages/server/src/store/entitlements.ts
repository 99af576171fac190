import type { Kysely } from "kysely";
import { type Page, type PageRequest, toPage } from "./pagination.js";
import type { Database, Entitlement } from "./schema.js";

export type EntitlementChanges = Partial<Pick<Entitlement, "code" | "name" | "metadata">>;

/** What entitlements attach to: a policy or a license. */
export type EntitlementOwner = { kind: "policy"; id: string } | { kind: "license"; id: string };

export function entitlementsRepository(db: Kysely<Database>) {
  return {
    async insert(entitlement: Entitlement): Promise<void> {
      await db.insertInto("entitlements").values(entitlement).execute();
    },
    find(organizationId: string, id: string): Promise<Entitlement | undefined> {
      return db
        .selectFrom("entitlements")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .executeTakeFirst();
    },
    /** The ids among `ids` that exist in the organization. */
    async existing(organizationId: string, ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db
        .selectFrom("entitlements")
        .select("id")
        .where("organization_id", "=", organizationId)
        .where("id", "in", ids)
        .execute();
      return new Set(rows.map((row) => row.id));
    },
    async list(organizationId: string, page: PageRequest): Promise<Page<Entitlement>> {
      let query = db
        .selectFrom("entitlements")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .orderBy("id")
        .limit(page.limit + 1);
      if (page.cursor) query = query.where("id", ">", page.cursor);
      return toPage(await query.execute(), page.limit);
    },
    async update(
      organizationId: string,
      id: string,
      changes: EntitlementChanges,
      now: string,
    ): Promise<Entitlement | undefined> {
      await db
        .updateTable("entitlements")
        .set({ ...changes, updated_at: now })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .execute();
      return this.find(organizationId, id);
    },
    /** Deletes the entitlement and every link to it; call inside a transaction. */
    async delete(organizationId: string, id: string): Promise<boolean> {
      for (const table of ["policy_entitlements", "license_entitlements"] as const) {
        await db
          .deleteFrom(table)
          .where("organization_id", "=", organizationId)
          .where("entitlement_id", "=", id)
          .execute();
      }
      const result = await db
        .deleteFrom("entitlements")
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** The entitlements attached to a policy or license, by entitlement id. */
    async listAttached(
      organizationId: string,
      owner: EntitlementOwner,
      page: PageRequest,
    ): Promise<Page<Entitlement>> {
      const base =
        owner.kind === "policy"
          ? db
              .selectFrom("policy_entitlements as link")
              .where("link.policy_id", "=", owner.id)
              .where("link.organization_id", "=", organizationId)
          : db
              .selectFrom("license_entitlements as link")
              .where("link.license_id", "=", owner.id)
              .where("link.organization_id", "=", organizationId);
      let query = base
        .innerJoin("entitlements as e", "e.id", "link.entitlement_id")
        .selectAll("e")
        .where("e.organization_id", "=", organizationId)
        .orderBy("e.id")
        .limit(page.limit + 1);
      if (page.cursor) query = query.where("e.id", ">", page.cursor);
      return toPage(await query.execute(), page.limit);
    },
    async attachedIds(organizationId: string, owner: EntitlementOwner): Promise<Set<string>> {
      const rows =
        owner.kind === "policy"
          ? await db
              .selectFrom("policy_entitlements")
              .select("entitlement_id")
              .where("organization_id", "=", organizationId)
              .where("policy_id", "=", owner.id)
              .execute()
          : await db
              .selectFrom("license_entitlements")
              .select("entitlement_id")
              .where("organization_id", "=", organizationId)
              .where("license_id", "=", owner.id)
              .execute();
      return new Set(rows.map((row) => row.entitlement_id));
    },
    async attach(
      organizationId: string,
      owner: EntitlementOwner,
      entitlementIds: string[],
      now: string,
    ): Promise<void> {
      if (entitlementIds.length === 0) return;
      if (owner.kind === "policy") {
        await db
          .insertInto("policy_entitlements")
          .values(
            entitlementIds.map((entitlementId) => ({
              organization_id: organizationId,
              policy_id: owner.id,
              entitlement_id: entitlementId,
              created_at: now,
            })),
          )
          .onConflict((oc) => oc.columns(["policy_id", "entitlement_id"]).doNothing())
          .execute();
      } else {
        await db
          .insertInto("license_entitlements")
          .values(
            entitlementIds.map((entitlementId) => ({
              organization_id: organizationId,
              license_id: owner.id,
              entitlement_id: entitlementId,
              created_at: now,
            })),
          )
          .onConflict((oc) => oc.columns(["license_id", "entitlement_id"]).doNothing())
          .execute();
      }
    },
    async detach(
      organizationId: string,
      owner: EntitlementOwner,
      entitlementIds: string[],
    ): Promise<void> {
      if (entitlementIds.length === 0) return;
      if (owner.kind === "policy") {
        await db
          .deleteFrom("policy_entitlements")
          .where("organization_id", "=", organizationId)
          .where("policy_id", "=", owner.id)
          .where("entitlement_id", "in", entitlementIds)
          .execute();
      } else {
        await db
          .deleteFrom("license_entitlements")
          .where("organization_id", "=", organizationId)
          .where("license_id", "=", owner.id)
          .where("entitlement_id", "in", entitlementIds)
          .execute();
      }
    },
  };
}
