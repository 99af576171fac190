import type { Kysely } from "kysely";
import type { Page, PageRequest } from "./pagination.js";
import type { Database, Event } from "./schema.js";
import { pageById, selectScoped } from "./scoped.js";

export interface EventFilter {
  type?: string | undefined;
  licenseId?: string | undefined;
  machineId?: string | undefined;
}

const INSERT_CHUNK = 50;

export function eventsRepository(db: Kysely<Database>) {
  return {
    /**
     * Inserts in chunks of a fixed size: a batch of validation events can hold hundreds, and one
     * statement per batch size would crowd the SQLite statement cache (and PostgreSQL's limit
     * on parameters).
     */
    async insert(events: Event[]): Promise<void> {
      for (let start = 0; start < events.length; start += INSERT_CHUNK) {
        await db
          .insertInto("events")
          .values(events.slice(start, start + INSERT_CHUNK))
          .execute();
      }
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
