import type { Kysely } from "kysely";
import { insertRows } from "./database.js";
import type { Page, PageRequest } from "./pagination.js";
import type { Database, Event } from "./schema.js";
import { pageById, selectScoped } from "./scoped.js";

export interface EventFilter {
  type?: string | undefined;
  licenseId?: string | undefined;
  machineId?: string | undefined;
}

export function eventsRepository(db: Kysely<Database>) {
  return {
    /** In one transaction (see insertRows): a batch of validation events can hold hundreds. */
    insert(events: Event[]): Promise<void> {
      return insertRows(db, "events", events);
    },
    list(organizationId: string, filter: EventFilter, page: PageRequest): Promise<Page<Event>> {
      let query = selectScoped(db, "events", organizationId);
      if (filter.type !== undefined) query = query.where("type", "=", filter.type);
      if (filter.licenseId !== undefined) query = query.where("license_id", "=", filter.licenseId);
      if (filter.machineId !== undefined) query = query.where("machine_id", "=", filter.machineId);
      return pageById(query, page);
    },
  };
}
