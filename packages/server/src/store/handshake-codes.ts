import type { Kysely } from "kysely";
import type { Page, PageRequest } from "./pagination.js";
import type { Database, HandshakeCode } from "./schema.js";
import { deleteScoped, findScoped, listScoped, updateScoped } from "./scoped.js";

export type HandshakeCodeChanges = Partial<
  Pick<HandshakeCode, "name" | "session_password_hash" | "validation_fields" | "metadata">
>;

export function handshakeCodesRepository(db: Kysely<Database>) {
  return {
    /**
     * Takes the organization's row lock for the rest of the transaction (a no-op write, so it
     * works the same on PostgreSQL — row lock — and SQLite — write lock): changes to the default
     * code of one organization then run one after the other, across processes too.
     */
    async lockOrganization(organizationId: string): Promise<void> {
      await db
        .updateTable("organizations")
        .set((eb) => ({ updated_at: eb.ref("updated_at") }))
        .where("id", "=", organizationId)
        .execute();
    },
    async insert(code: HandshakeCode): Promise<void> {
      await db.insertInto("handshake_codes").values(code).execute();
    },
    find(organizationId: string, id: string): Promise<HandshakeCode | undefined> {
      return findScoped(db, "handshake_codes", organizationId, id);
    },
    /** By the public code, in any organization (codes are globally unique; SPEC T2). */
    findByCode(code: string): Promise<HandshakeCode | undefined> {
      return db
        .selectFrom("handshake_codes")
        .selectAll()
        .where("code", "=", code)
        .executeTakeFirst();
    },
    findDefault(organizationId: string): Promise<HandshakeCode | undefined> {
      return db
        .selectFrom("handshake_codes")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("is_default", "=", 1)
        .executeTakeFirst();
    },
    /** Whether any license is bound to the code (devices reach it through the code). */
    async hasLicenses(organizationId: string, id: string): Promise<boolean> {
      const row = await db
        .selectFrom("licenses")
        .select("id")
        .where("organization_id", "=", organizationId)
        .where("handshake_code_id", "=", id)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    async count(organizationId: string): Promise<number> {
      const row = await db
        .selectFrom("handshake_codes")
        .select((eb) => eb.fn.countAll<string | number>().as("count"))
        .where("organization_id", "=", organizationId)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    list(organizationId: string, page: PageRequest): Promise<Page<HandshakeCode>> {
      return listScoped(db, "handshake_codes", organizationId, page);
    },
    async update(
      organizationId: string,
      id: string,
      changes: HandshakeCodeChanges,
      now: string,
    ): Promise<void> {
      await updateScoped(db, "handshake_codes", organizationId, id, {
        ...changes,
        updated_at: now,
      });
    },
    /** Makes `id` the only default code of the organization (call under lockOrganization). */
    async makeDefault(organizationId: string, id: string, now: string): Promise<void> {
      await db
        .updateTable("handshake_codes")
        .set({ is_default: 0, updated_at: now })
        .where("organization_id", "=", organizationId)
        .where("is_default", "=", 1)
        .where("id", "!=", id)
        .execute();
      await db
        .updateTable("handshake_codes")
        .set({ is_default: 1, updated_at: now })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .execute();
    },
    delete(organizationId: string, id: string): Promise<boolean> {
      return deleteScoped(db, "handshake_codes", organizationId, id);
    },
  };
}
