import type { Kysely } from "kysely";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type { EntitlementRecord } from "./records.js";
import type { Database, Entitlement } from "./schema.js";
import { deleteScoped, findScoped, listScoped, pageById, updateScoped } from "./scoped.js";

export type EntitlementChanges = Partial<Pick<EntitlementRecord, "code" | "name" | "metadata">>;

export function entitlementFromRow(row: Entitlement): EntitlementRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    code: row.code,
    name: row.name,
    metadata: JSON.parse(row.metadata) as EntitlementRecord["metadata"],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function entitlementColumns(changes: EntitlementChanges): Partial<Entitlement> {
  const { metadata, ...plain } = changes;
  return metadata === undefined ? plain : { ...plain, metadata: JSON.stringify(metadata) };
}

/** What entitlements attach to: a policy or a license. */
export type EntitlementOwner = { kind: "policy"; id: string } | { kind: "license"; id: string };

export function entitlementsRepository(db: Kysely<Database>) {
  return {
    async insert(entitlement: EntitlementRecord): Promise<void> {
      await db
        .insertInto("entitlements")
        .values({
          id: entitlement.id,
          organization_id: entitlement.organizationId,
          code: entitlement.code,
          name: entitlement.name,
          metadata: JSON.stringify(entitlement.metadata),
          created_at: entitlement.createdAt,
          updated_at: entitlement.updatedAt,
        })
        .execute();
    },
    async find(organizationId: string, id: string): Promise<EntitlementRecord | undefined> {
      const row = await findScoped(db, "entitlements", organizationId, id);
      return row && entitlementFromRow(row);
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
    async list(organizationId: string, page: PageRequest): Promise<Page<EntitlementRecord>> {
      return mapPage(
        await listScoped(db, "entitlements", organizationId, page),
        entitlementFromRow,
      );
    },
    async update(
      organizationId: string,
      id: string,
      changes: EntitlementChanges,
      now: string,
    ): Promise<EntitlementRecord | undefined> {
      await updateScoped(db, "entitlements", organizationId, id, {
        ...entitlementColumns(changes),
        updated_at: now,
      });
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
      return deleteScoped(db, "entitlements", organizationId, id);
    },

    /** The entitlements attached to a policy or license, by entitlement id. */
    async listAttached(
      organizationId: string,
      owner: EntitlementOwner,
      page: PageRequest,
    ): Promise<Page<EntitlementRecord>> {
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
      const query = base
        .innerJoin("entitlements as e", "e.id", "link.entitlement_id")
        .selectAll("e")
        .where("e.organization_id", "=", organizationId);
      return mapPage(await pageById(query, page, "e.id"), entitlementFromRow);
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
