import { newId } from "../ids.js";
import type { Db, Store } from "../store/database.js";
import { type EventFilter, eventsRepository } from "../store/events.js";
import type { PageRequest } from "../store/pagination.js";
import type { EventRecord } from "../store/records.js";
import type { Clock } from "./clock.js";
import { type Principal, requireAdmin } from "./principal.js";
import { deliveriesFor, insertDeliveries } from "./webhooks/outbox.js";

// Events: one row per state change (SPEC X3's audit log and webhook source). State changes
// record theirs in the same transaction as the change; validations, the hot path, go through a
// buffer written in batches (see validationEvents).

export const EVENT_TYPES = [
  "license.created",
  "license.updated",
  "license.deleted",
  "license.suspended",
  "license.reinstated",
  "license.renewed",
  "license.revoked",
  "license.expired",
  "license.checked_in",
  "license.validation.succeeded",
  "license.validation.failed",
  "machine.activated",
  "machine.deactivated",
  "machine.culled",
  "machine.heartbeat.first",
  "license.consumed",
  "offline.activated",
  "offline.deactivated",
  "machine.released",
  "trial.issued",
  "usage.alert",
  "webhook.endpoint.disabled",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventInput {
  organizationId: string;
  type: EventType;
  licenseId?: string | null;
  machineId?: string | null;
  data?: Record<string, unknown>;
}

function toRecord(input: EventInput, now: Date): EventRecord {
  return {
    id: newId("evt", now),
    organizationId: input.organizationId,
    type: input.type,
    licenseId: input.licenseId ?? null,
    machineId: input.machineId ?? null,
    data: input.data ?? {},
    createdAt: now.toISOString(),
  };
}

/**
 * Records events with `db`: pass the transaction of the change they describe. Their webhook
 * deliveries (the outbox, webhooks/outbox.ts) are written with them, in that transaction.
 */
export async function recordEvents(db: Db, now: Date, ...events: EventInput[]): Promise<void> {
  const records = events.map((event) => toRecord(event, now));
  await eventsRepository(db).insert(records);
  await insertDeliveries(db, await deliveriesFor(db, records));
}

/**
 * A batch of buffered events and their deliveries. Without a matching endpoint (the common
 * case) the events go in alone, on insertRows' fast path; with deliveries, both in one
 * transaction. The endpoints are read just before: one created meanwhile misses the batch.
 */
async function writeBatch(db: Db, batch: EventRecord[]): Promise<void> {
  const deliveries = await deliveriesFor(db, batch);
  if (deliveries.length === 0) return eventsRepository(db).insert(batch);
  await db.transaction().execute(async (trx) => {
    await eventsRepository(trx).insert(batch);
    await insertDeliveries(trx, deliveries);
  });
}

const FLUSH_INTERVAL_MS = 200;
const FLUSH_SIZE = 500;

/**
 * Validation events in batches: one INSERT per 200 ms or 500 events instead of a write per
 * check, which would halve the check throughput on SQLite. A crash loses at most the last
 * 200 ms of validation events; state changes never go through here.
 */
export function eventBuffer(deps: { store: Store; clock: Clock }) {
  let pending: EventRecord[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = [];
    if (batch.length > 0) {
      writing = writing
        .then(() => writeBatch(deps.store.db, batch))
        .catch((error: unknown) => {
          // Losing audit rows must be visible, but must not fail the checks that made them.
          process.emitWarning(
            `could not record ${batch.length} validation events: ${String(error)}`,
          );
        });
    }
    return writing;
  }

  return {
    push(event: EventInput): void {
      pending.push(toRecord(event, deps.clock()));
      if (pending.length >= FLUSH_SIZE) void flush();
      else if (!timer) timer = setTimeout(flush, FLUSH_INTERVAL_MS).unref();
    },
    /** Writes what is pending; the server calls it before closing the database. */
    flush,
  };
}

export function eventsService(deps: { store: Store }) {
  return {
    list(principal: Principal, filter: EventFilter, page: PageRequest) {
      requireAdmin(principal);
      return eventsRepository(deps.store.db).list(principal.organizationId, filter, page);
    },
  };
}

export type EventBuffer = ReturnType<typeof eventBuffer>;
