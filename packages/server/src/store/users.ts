import type { Kysely } from "kysely";
import { type MetadataFilter, metadataMatches } from "./metadata-filter.js";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type { UserRecord } from "./records.js";
import type { Database, User } from "./schema.js";
import {
  deleteScoped,
  findScoped,
  lockScoped,
  pageById,
  selectScoped,
  updateScoped,
} from "./scoped.js";

export type UserChanges = Partial<
  Pick<UserRecord, "email" | "username" | "name" | "passwordHash" | "metadata">
>;

export function userFromRow(row: User): UserRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    username: row.username,
    name: row.name,
    passwordHash: row.password_hash,
    metadata: JSON.parse(row.metadata) as UserRecord["metadata"],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function userColumns(changes: UserChanges): Partial<User> {
  const columns: Partial<User> = {};
  if (changes.email !== undefined) columns.email = changes.email;
  if (changes.username !== undefined) columns.username = changes.username;
  if (changes.name !== undefined) columns.name = changes.name;
  if (changes.passwordHash !== undefined) columns.password_hash = changes.passwordHash;
  if (changes.metadata !== undefined) columns.metadata = JSON.stringify(changes.metadata);
  return columns;
}

export interface UserFilter {
  /** The user with this email, lowercased as stored (unique per organization). */
  email?: string | undefined;
  /** Exact top-level metadata values, all of them (store/metadata-filter.ts; not indexed). */
  metadata?: MetadataFilter | undefined;
}

export function usersRepository(db: Kysely<Database>) {
  return {
    async insert(user: UserRecord): Promise<void> {
      await db
        .insertInto("users")
        .values({
          id: user.id,
          organization_id: user.organizationId,
          email: user.email,
          username: user.username,
          name: user.name,
          password_hash: user.passwordHash,
          metadata: JSON.stringify(user.metadata),
          created_at: user.createdAt,
          updated_at: user.updatedAt,
        })
        .execute();
    },
    async find(organizationId: string, id: string): Promise<UserRecord | undefined> {
      const row = await findScoped(db, "users", organizationId, id);
      return row && userFromRow(row);
    },
    /** The organization's users of `ids` that exist, in no particular order. */
    async findMany(organizationId: string, ids: readonly string[]): Promise<UserRecord[]> {
      if (ids.length === 0) return [];
      const rows = await selectScoped(db, "users", organizationId)
        .where("id", "in", [...ids])
        .execute();
      return rows.map(userFromRow);
    },
    /** By lowercased email. */
    async findByEmail(organizationId: string, email: string): Promise<UserRecord | undefined> {
      const row = await db
        .selectFrom("users")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("email", "=", email)
        .executeTakeFirst();
      return row && userFromRow(row);
    },
    /** By lowercased username. */
    async findByUsername(
      organizationId: string,
      username: string,
    ): Promise<UserRecord | undefined> {
      const row = await db
        .selectFrom("users")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("username", "=", username)
        .executeTakeFirst();
      return row && userFromRow(row);
    },
    async list(
      organizationId: string,
      filter: UserFilter,
      page: PageRequest,
    ): Promise<Page<UserRecord>> {
      let query = selectScoped(db, "users", organizationId);
      if (filter.email !== undefined) query = query.where("email", "=", filter.email);
      const metadata = metadataMatches(db, "users.metadata", filter.metadata);
      if (metadata !== undefined) query = query.where(metadata);
      return mapPage(await pageById(query, page), userFromRow);
    },
    /** Applies the changes; undefined when the user is unknown to this organization. */
    async update(
      organizationId: string,
      id: string,
      changes: UserChanges,
      now: string,
    ): Promise<UserRecord | undefined> {
      await updateScoped(db, "users", organizationId, id, {
        ...userColumns(changes),
        updated_at: now,
      });
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
