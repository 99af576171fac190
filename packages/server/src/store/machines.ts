import type { Kysely } from "kysely";
import { type Page, type PageRequest, toPage } from "./pagination.js";
import type { Database, Machine } from "./schema.js";

export type MachineChanges = Partial<Pick<Machine, "name" | "metadata" | "variables">>;

export interface MachineFilter {
  licenseId?: string | undefined;
  /** Machines of the licenses of this product. */
  productId?: string | undefined;
  fingerprint?: string | undefined;
}

export function machinesRepository(db: Kysely<Database>) {
  return {
    /**
     * Not reached from the API yet: activation (with the license's machine limits) comes with
     * the licensing engine. Tests create machines through here.
     */
    async insert(machine: Machine): Promise<void> {
      await db.insertInto("machines").values(machine).execute();
    },
    find(organizationId: string, id: string): Promise<Machine | undefined> {
      return db
        .selectFrom("machines")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .executeTakeFirst();
    },
    async list(
      organizationId: string,
      filter: MachineFilter,
      page: PageRequest,
    ): Promise<Page<Machine>> {
      let query = db
        .selectFrom("machines")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .orderBy("id")
        .limit(page.limit + 1);
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
      if (page.cursor) query = query.where("id", ">", page.cursor);
      return toPage(await query.execute(), page.limit);
    },
    /** Applies the changes; false when the machine is unknown to this organization. */
    async update(
      organizationId: string,
      id: string,
      changes: MachineChanges,
      now: string,
    ): Promise<boolean> {
      const result = await db
        .updateTable("machines")
        .set({ ...changes, updated_at: now })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async delete(organizationId: string, id: string): Promise<boolean> {
      const result = await db
        .deleteFrom("machines")
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
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
