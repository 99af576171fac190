import type { Kysely } from "kysely";
import type { Database, Organization } from "./schema.js";

export function organizationsRepository(db: Kysely<Database>) {
  return {
    async insert(organization: Organization): Promise<void> {
      await db.insertInto("organizations").values(organization).execute();
    },
    find(id: string): Promise<Organization | undefined> {
      return db.selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirst();
    },
    /** Every organization, oldest first (ids sort by creation time). */
    list(): Promise<Organization[]> {
      return db.selectFrom("organizations").selectAll().orderBy("id").execute();
    },
    async rename(id: string, name: string, now: string): Promise<void> {
      await db
        .updateTable("organizations")
        .set({ name, updated_at: now })
        .where("id", "=", id)
        .execute();
    },
    async any(): Promise<boolean> {
      const row = await db.selectFrom("organizations").select("id").limit(1).executeTakeFirst();
      return row !== undefined;
    },
  };
}
