import type { Kysely } from "kysely";
import { insertRows } from "./database.js";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type { EventRecord } from "./records.js";
import type { Database, Event } from "./schema.js";
import { pageById, selectScoped } from "./scoped.js";

export interface EventFilter {
  type?: string | undefined;
  licenseId?: string | undefined;
  machineId?: string | undefined;
}

function eventFromRow(row: Event): EventRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    type: row.type,
    licenseId: row.license_id,
    machineId: row.machine_id,
    data: JSON.parse(row.data) as EventRecord["data"],
    createdAt: row.created_at,
  };
}

function eventRow(event: EventRecord): Event {
  return {
    id: event.id,
    organization_id: event.organizationId,
    type: event.type,
    license_id: event.licenseId,
    machine_id: event.machineId,
    data: JSON.stringify(event.data),
    created_at: event.createdAt,
  };
}

export function eventsRepository(db: Kysely<Database>) {
  return {
    /** In one transaction (see insertRows): a batch of validation events can hold hundreds. */
    insert(events: EventRecord[]): Promise<void> {
      return insertRows(db, "events", events.map(eventRow));
    },
    async list(
      organizationId: string,
      filter: EventFilter,
      page: PageRequest,
    ): Promise<Page<EventRecord>> {
      let query = selectScoped(db, "events", organizationId);
      if (filter.type !== undefined) query = query.where("type", "=", filter.type);
      if (filter.licenseId !== undefined) query = query.where("license_id", "=", filter.licenseId);
      if (filter.machineId !== undefined) query = query.where("machine_id", "=", filter.machineId);
      return mapPage(await pageById(query, page), eventFromRow);
    },
  };
}
