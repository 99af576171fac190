import type { Kysely } from "kysely";
import type { Page, PageRequest } from "./pagination.js";
import type { Database, Machine } from "./schema.js";
import { deleteScoped, findScoped, pageById, selectScoped, updateScoped } from "./scoped.js";

export type MachineChanges = Partial<Pick<Machine, "name" | "metadata" | "variables">>;

export interface MachineFilter {
  licenseId?: string | undefined;
  /** Machines of the licenses of this product. */
  productId?: string | undefined;
  fingerprint?: string | undefined;
}

export function machinesRepository(db: Kysely<Database>) {
  return {
    /** Activation (services/activation.ts) inserts under the license's row lock. */
    async insert(machine: Machine): Promise<void> {
      await db.insertInto("machines").values(machine).execute();
    },
    find(organizationId: string, id: string): Promise<Machine | undefined> {
      return findScoped(db, "machines", organizationId, id);
    },
    async list(
      organizationId: string,
      filter: MachineFilter,
      page: PageRequest,
    ): Promise<Page<Machine>> {
      let query = selectScoped(db, "machines", organizationId);
      if (filter.licenseId !== undefined) query = query.where("license_id", "=", filter.licenseId);
      if (filter.fingerprint !== undefined) {
        query = query.where("fingerprint", "=", filter.fingerprint);
      }
      const productId = filter.productId;
      if (productId !== undefined) {
        query = query.where("license_id", "in", (eb) =>
          eb
            .selectFrom("licenses")
            .select("licenses.id")
            .where("licenses.organization_id", "=", organizationId)
            .where("licenses.product_id", "=", productId),
        );
      }
      return pageById(query, page);
    },
    /** Applies the changes; false when the machine is unknown to this organization. */
    async update(
      organizationId: string,
      id: string,
      changes: MachineChanges,
      now: string,
    ): Promise<boolean> {
      return updateScoped(db, "machines", organizationId, id, { ...changes, updated_at: now });
    },
    /** Moves the machine's heartbeat deadline (an offline activation renewing its period). */
    async setHeartbeatDeadline(
      organizationId: string,
      id: string,
      deadline: string,
      now: string,
    ): Promise<boolean> {
      return updateScoped(db, "machines", organizationId, id, {
        heartbeat_deadline_at: deadline,
        updated_at: now,
      });
    },
    delete(organizationId: string, id: string): Promise<boolean> {
      return deleteScoped(db, "machines", organizationId, id);
    },
    /** Every machine of a license (the license is being deleted); call inside a transaction. */
    async deleteForLicense(organizationId: string, licenseId: string): Promise<number> {
      const result = await db
        .deleteFrom("machines")
        .where("organization_id", "=", organizationId)
        .where("license_id", "=", licenseId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
