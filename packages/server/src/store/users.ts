import type { Kysely } from "kysely";
import { type Page, type PageRequest, toPage } from "./pagination.js";
import type { Database, User } from "./schema.js";

export type UserChanges = Partial<
  Pick<User, "email" | "username" | "name" | "password_hash" | "metadata">
>;

export function usersRepository(db: Kysely<Database>) {
  return {
    async insert(user: User): Promise<void> {
      await db.insertInto("users").values(user).execute();
    },
    find(organizationId: string, id: string): Promise<User | undefined> {
      return db
        .selectFrom("users")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .executeTakeFirst();
    },
    /** By lowercased email. */
    findByEmail(organizationId: string, email: string): Promise<User | undefined> {
      return db
        .selectFrom("users")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("email", "=", email)
        .executeTakeFirst();
    },
    /** By lowercased username. */
    findByUsername(organizationId: string, username: string): Promise<User | undefined> {
      return db
        .selectFrom("users")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("username", "=", username)
        .executeTakeFirst();
    },
    async list(organizationId: string, page: PageRequest): Promise<Page<User>> {
      let query = db
        .selectFrom("users")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .orderBy("id")
        .limit(page.limit + 1);
      if (page.cursor) query = query.where("id", ">", page.cursor);
      return toPage(await query.execute(), page.limit);
    },
    /** Applies the changes; undefined when the user is unknown to this organization. */
    async update(
      organizationId: string,
      id: string,
      changes: UserChanges,
      now: string,
    ): Promise<User | undefined> {
      await db
        .updateTable("users")
        .set({ ...changes, updated_at: now })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .execute();
      return this.find(organizationId, id);
    },
    async delete(organizationId: string, id: string): Promise<boolean> {
      const result = await db
        .deleteFrom("users")
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    /** Whether any license of the organization names this user as its licensee. */
    async hasLicenses(organizationId: string, id: string): Promise<boolean> {
      const row = await db
        .selectFrom("licenses")
        .select("id")
        .where("organization_id", "=", organizationId)
        .where("user_id", "=", id)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
