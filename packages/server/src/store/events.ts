import { type Kysely, sql } from "kysely";
import { insertRows } from "./database.js";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type { EventRecord } from "./records.js";
import type { Database, Event } from "./schema.js";
import { licenseIdsOfProduct, pageById, selectScoped } from "./scoped.js";

export interface EventFilter {
  type?: string | undefined;
  licenseId?: string | undefined;
  machineId?: string | undefined;
}

/** Events of some types per day: ids bound the range (they sort by creation time). */
export interface EventDailyFilter {
  types: readonly string[];
  /** Ids from idFloor: events made at or after the first day's start, before the end's. */
  idFrom: string;
  idBefore: string;
  productId?: string | undefined;
}

/** Events of one type on one day (UTC). */
export interface DailyEventCount {
  day: string;
  type: string;
  count: number;
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
    /**
     * Events per day and type, by day then type: a range on the index (organization, type, id)
     * per type. The day is the first 10 characters of created_at (an ISO time in UTC), the
     * same text in SQLite and PostgreSQL. A product is its licenses now (licenseIdsOfProduct).
     */
    async daily(organizationId: string, filter: EventDailyFilter): Promise<DailyEventCount[]> {
      const day = sql<string>`substr(${sql.ref("created_at")}, 1, 10)`;
      let query = db
        .selectFrom("events")
        .select((eb) => [
          day.as("day"),
          "type",
          eb.fn.countAll<number | string | bigint>().as("count"),
        ])
        .where("organization_id", "=", organizationId)
        .where("type", "in", filter.types)
        .where("id", ">=", filter.idFrom)
        .where("id", "<", filter.idBefore);
      if (filter.productId !== undefined) {
        query = query.where(
          "license_id",
          "in",
          licenseIdsOfProduct(db, organizationId, filter.productId),
        );
      }
      const rows = await query.groupBy([day, "type"]).orderBy(day).orderBy("type").execute();
      // PostgreSQL returns counts as strings.
      return rows.map((row) => ({ day: row.day, type: row.type, count: Number(row.count) }));
    },
  };
}
