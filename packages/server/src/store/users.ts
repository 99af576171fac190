import type { Kysely } from "kysely";
import type { Page, PageRequest } from "./pagination.js";
import type { Database, User } from "./schema.js";
import { deleteScoped, findScoped, listScoped, lockScoped, updateScoped } from "./scoped.js";

export type UserChanges = Partial<
  Pick<User, "email" | "username" | "name" | "password_hash" | "metadata">
>;

export function usersRepository(db: Kysely<Database>) {
  return {
    async insert(user: User): Promise<void> {
      await db.insertInto("users").values(user).execute();
    },
    find(organizationId: string, id: string): Promise<User | undefined> {
      return findScoped(db, "users", organizationId, id);
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
    list(organizationId: string, page: PageRequest): Promise<Page<User>> {
      return listScoped(db, "users", organizationId, page);
    },
    /** Applies the changes; undefined when the user is unknown to this organization. */
    async update(
      organizationId: string,
      id: string,
      changes: UserChanges,
      now: string,
    ): Promise<User | undefined> {
      await updateScoped(db, "users", organizationId, id, { ...changes, updated_at: now });
      return this.find(organizationId, id);
    },
    /** The user's row lock (see lockScoped); false when the user is unknown. */
    lock(organizationId: string, id: string): Promise<boolean> {
      return lockScoped(db, "users", organizationId, id);
    },
    delete(organizationId: string, id: string): Promise<boolean> {
      return deleteScoped(db, "users", organizationId, id);
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
