import type { Kysely } from "kysely";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type { HandshakeCodeRecord, ValidationFields } from "./records.js";
import type { Database, HandshakeCode } from "./schema.js";
import { deleteScoped, findScoped, listScoped, updateScoped } from "./scoped.js";

export type HandshakeCodeChanges = Partial<
  Pick<HandshakeCodeRecord, "name" | "sessionPasswordHash" | "validationFields" | "metadata">
>;

const EMPTY_FIELDS: ValidationFields = { domains: [], processNames: [], appIdentifiers: [] };

export function handshakeCodeFromRow(row: HandshakeCode): HandshakeCodeRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    code: row.code,
    name: row.name,
    sessionPasswordHash: row.session_password_hash,
    isDefault: row.is_default === 1,
    validationFields: {
      ...EMPTY_FIELDS,
      ...(JSON.parse(row.validation_fields) as Partial<ValidationFields>),
    },
    metadata: JSON.parse(row.metadata) as HandshakeCodeRecord["metadata"],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function handshakeCodeColumns(changes: HandshakeCodeChanges): Partial<HandshakeCode> {
  const columns: Partial<HandshakeCode> = {};
  if (changes.name !== undefined) columns.name = changes.name;
  if (changes.sessionPasswordHash !== undefined) {
    columns.session_password_hash = changes.sessionPasswordHash;
  }
  if (changes.validationFields !== undefined) {
    columns.validation_fields = JSON.stringify(changes.validationFields);
  }
  if (changes.metadata !== undefined) columns.metadata = JSON.stringify(changes.metadata);
  return columns;
}

export function handshakeCodesRepository(db: Kysely<Database>) {
  return {
    /** Inserts the code as not default (makeDefault sets the default). */
    async insert(code: HandshakeCodeRecord): Promise<void> {
      await db
        .insertInto("handshake_codes")
        .values({
          id: code.id,
          organization_id: code.organizationId,
          code: code.code,
          name: code.name,
          session_password_hash: code.sessionPasswordHash,
          is_default: 0,
          validation_fields: JSON.stringify(code.validationFields),
          metadata: JSON.stringify(code.metadata),
          created_at: code.createdAt,
          updated_at: code.updatedAt,
        })
        .execute();
    },
    async find(organizationId: string, id: string): Promise<HandshakeCodeRecord | undefined> {
      const row = await findScoped(db, "handshake_codes", organizationId, id);
      return row && handshakeCodeFromRow(row);
    },
    /** By the public code, in any organization (codes are globally unique; SPEC T2). */
    async findByCode(code: string): Promise<HandshakeCodeRecord | undefined> {
      const row = await db
        .selectFrom("handshake_codes")
        .selectAll()
        .where("code", "=", code)
        .executeTakeFirst();
      return row && handshakeCodeFromRow(row);
    },
    async findDefault(organizationId: string): Promise<HandshakeCodeRecord | undefined> {
      const row = await db
        .selectFrom("handshake_codes")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("is_default", "=", 1)
        .executeTakeFirst();
      return row && handshakeCodeFromRow(row);
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
    async list(organizationId: string, page: PageRequest): Promise<Page<HandshakeCodeRecord>> {
      const rows = await listScoped(db, "handshake_codes", organizationId, page);
      return mapPage(rows, handshakeCodeFromRow);
    },
    async update(
      organizationId: string,
      id: string,
      changes: HandshakeCodeChanges,
      now: string,
    ): Promise<void> {
      await updateScoped(db, "handshake_codes", organizationId, id, {
        ...handshakeCodeColumns(changes),
        updated_at: now,
      });
    },
    /** Makes `id` the only default code of the organization (call under organizationsRepository.lock). */
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
