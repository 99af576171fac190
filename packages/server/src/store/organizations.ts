import { type Kysely, sql } from "kysely";
import { dialectOf } from "./database.js";
import type { OrganizationRecord } from "./records.js";
import type { Database, Organization } from "./schema.js";

function organizationFromRow(row: Organization): OrganizationRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at };
}

export function organizationsRepository(db: Kysely<Database>) {
  return {
    async insert(organization: OrganizationRecord): Promise<void> {
      await db
        .insertInto("organizations")
        .values({
          id: organization.id,
          name: organization.name,
          created_at: organization.createdAt,
          updated_at: organization.updatedAt,
        })
        .execute();
    },
    async find(id: string): Promise<OrganizationRecord | undefined> {
      const row = await db
        .selectFrom("organizations")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirst();
      return row && organizationFromRow(row);
    },
    /** Every organization, oldest first (ids sort by creation time). */
    async list(): Promise<OrganizationRecord[]> {
      const rows = await db.selectFrom("organizations").selectAll().orderBy("id").execute();
      return rows.map(organizationFromRow);
    },
    /**
     * Takes the organization's row lock for the rest of the transaction (a no-op write, so it
     * works the same on PostgreSQL — row lock — and SQLite — write lock): changes that must see
     * each other across the organization (its default handshake code, its last admin token) then
     * run one after the other, across processes too.
     */
    async lock(id: string): Promise<void> {
      await db
        .updateTable("organizations")
        .set((eb) => ({ updated_at: eb.ref("updated_at") }))
        .where("id", "=", id)
        .execute();
    },
    async rename(id: string, name: string, now: string): Promise<void> {
      await db
        .updateTable("organizations")
        .set({ name, updated_at: now })
        .where("id", "=", id)
        .execute();
    },
    /**
     * Serializes creating organizations until the transaction ends, so that processes starting
     * at once agree on the first one. PostgreSQL: a table lock that blocks inserts, not reads;
     * SQLite: the database's write lock, taken by a write that changes nothing.
     */
    async lockCreation(): Promise<void> {
      if (dialectOf(db) === "postgres") {
        await sql`lock table ${sql.table("organizations")} in share row exclusive mode`.execute(db);
      } else {
        await db
          .updateTable("organizations")
          .set({ name: sql`name` })
          .where(sql<boolean>`0`)
          .execute();
      }
    },
    async any(): Promise<boolean> {
      const row = await db.selectFrom("organizations").select("id").limit(1).executeTakeFirst();
      return row !== undefined;
    },
  };
}
