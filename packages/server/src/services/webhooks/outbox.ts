import { newId } from "../../ids.js";
import type { Db } from "../../store/database.js";
import type { EventRecord, WebhookDeliveryRecord } from "../../store/records.js";
import { webhooksRepository } from "../../store/webhooks.js";

// The outbox (issue 17.2): each event gets one delivery per enabled endpoint of its organization
// that takes its type, written with the event, so a crash after the commit loses nothing and
// a rollback sends nothing. Cost: one indexed read of the organizations' endpoints per write
// of events (a state change's transaction, or a buffered batch of validations).

/** The body receivers get: the event as GET /v1/events lists it, in the scheme's envelope. */
export function webhookPayload(event: EventRecord): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.createdAt,
    data: {
      id: event.id,
      organizationId: event.organizationId,
      type: event.type,
      licenseId: event.licenseId,
      machineId: event.machineId,
      data: event.data,
      createdAt: event.createdAt,
    },
  });
}

/** The deliveries `events` owe, read with `db` (the events' transaction when there is one). */
export async function deliveriesFor(
  db: Db,
  events: EventRecord[],
): Promise<WebhookDeliveryRecord[]> {
  if (events.length === 0) return [];
  const organizations = [...new Set(events.map((event) => event.organizationId))];
  const endpoints = await webhooksRepository(db).enabledEndpoints(organizations);
  if (endpoints.length === 0) return [];
  const deliveries: WebhookDeliveryRecord[] = [];
  for (const event of events) {
    let payload: string | undefined;
    for (const endpoint of endpoints) {
      if (endpoint.organizationId !== event.organizationId) continue;
      if (endpoint.eventTypes.length > 0 && !endpoint.eventTypes.includes(event.type)) continue;
      payload ??= webhookPayload(event);
      const created = new Date(event.createdAt);
      deliveries.push({
        id: newId("msg", created),
        organizationId: event.organizationId,
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: event.type,
        payload,
        status: "pending",
        attempts: 0,
        nextAttemptAt: event.createdAt,
        lastAttemptAt: null,
        lastStatusCode: null,
        lastLatencyMs: null,
        lastResponse: null,
        lastError: null,
        createdAt: event.createdAt,
        updatedAt: event.createdAt,
      });
    }
  }
  return deliveries;
}

export function insertDeliveries(db: Db, deliveries: WebhookDeliveryRecord[]): Promise<void> {
  return webhooksRepository(db).insertDeliveries(deliveries);
}
