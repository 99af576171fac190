import { newId } from "../ids.js";
import type { Db, Store } from "../store/database.js";
import { type EventFilter, eventsRepository } from "../store/events.js";
import type { PageRequest } from "../store/pagination.js";
import type { EventRecord } from "../store/records.js";
import { type Principal, requireAdmin } from "./principal.js";
import { deliveriesFor, insertDeliveries } from "./webhooks/outbox.js";

// Events: one row per state change (SPEC X3's audit log and webhook source). State changes
// record theirs in the same transaction as the change. Validations record one only when the code
// of a license's or machine's last validation changes (services/validation-log.ts, through
// recordEvents, so their webhook deliveries go with them); repeats only count.

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
  "usage.alert.acknowledged",
  "webhook.endpoint.disabled",
  "user.created",
  "user.updated",
  "user.deleted",
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

export function eventsService(deps: { store: Store }) {
  return {
    list(principal: Principal, filter: EventFilter, page: PageRequest) {
      requireAdmin(principal);
      return eventsRepository(deps.store.db).list(principal.organizationId, filter, page);
    },
  };
}
