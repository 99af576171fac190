import type { Kysely } from "kysely";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type { AuditEntryRecord } from "./records.js";
import type { AuditEntry, Database } from "./schema.js";
import { pageById, selectScoped } from "./scoped.js";

export interface AuditFilter {
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  /** A token id (tok_…) or a license id (lic_…: license keys and license tokens). */
  actor?: string | undefined;
  /** ISO timestamps: entries created at or after `since`, before `until`. */
  since?: string | undefined;
  until?: string | undefined;
}

function parsed(text: string | null): AuditEntryRecord["before"] {
  return text === null ? null : (JSON.parse(text) as AuditEntryRecord["before"]);
}

function entryFromRow(row: AuditEntry): AuditEntryRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    actor: {
      kind: row.actor_kind as AuditEntryRecord["actor"]["kind"],
      tokenId: row.actor_token_id,
      licenseId: row.actor_license_id,
    },
    action: row.action,
    resource: { type: row.resource_type, id: row.resource_id },
    requestId: row.request_id,
    sourceIp: row.source_ip,
    before: parsed(row.before),
    after: parsed(row.after),
    createdAt: row.created_at,
  };
}

function entryRow(entry: AuditEntryRecord): AuditEntry {
  return {
    id: entry.id,
    organization_id: entry.organizationId,
    actor_kind: entry.actor.kind,
    actor_token_id: entry.actor.tokenId,
    actor_license_id: entry.actor.licenseId,
    action: entry.action,
    resource_type: entry.resource.type,
    resource_id: entry.resource.id,
    request_id: entry.requestId,
    source_ip: entry.sourceIp,
    before: entry.before === null ? null : JSON.stringify(entry.before),
    after: entry.after === null ? null : JSON.stringify(entry.after),
    created_at: entry.createdAt,
  };
}

export function auditRepository(db: Kysely<Database>) {
  return {
    async insert(entry: AuditEntryRecord): Promise<void> {
      await db.insertInto("audit_entries").values(entryRow(entry)).execute();
    },

    async list(
      organizationId: string,
      filter: AuditFilter,
      page: PageRequest,
    ): Promise<Page<AuditEntryRecord>> {
      let query = selectScoped(db, "audit_entries", organizationId);
      if (filter.resourceType !== undefined) {
        query = query.where("resource_type", "=", filter.resourceType);
      }
      if (filter.resourceId !== undefined) {
        query = query.where("resource_id", "=", filter.resourceId);
      }
      if (filter.actor !== undefined) {
        const actor = filter.actor;
        query = query.where((eb) =>
          eb.or([eb("actor_token_id", "=", actor), eb("actor_license_id", "=", actor)]),
        );
      }
      if (filter.since !== undefined) query = query.where("created_at", ">=", filter.since);
      if (filter.until !== undefined) query = query.where("created_at", "<", filter.until);
      return mapPage(await pageById(query, page), entryFromRow);
    },

    /**
     * Deletes up to `limit` entries created before `cutoff`, oldest first (the created_at
     * index); the number deleted. A bounded batch keeps each statement's lock short.
     */
    async deleteOlderThan(cutoff: string, limit: number): Promise<number> {
      const result = await db
        .deleteFrom("audit_entries")
        .where(
          "id",
          "in",
          db
            .selectFrom("audit_entries")
            .select("id")
            .where("created_at", "<", cutoff)
            .orderBy("created_at")
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
