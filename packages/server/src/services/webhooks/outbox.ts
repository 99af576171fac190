import { licenseStatus } from "../../domain/license-status.js";
import { newId } from "../../ids.js";
import type { Db } from "../../store/database.js";
import { licensesRepository } from "../../store/licenses.js";
import type { EventRecord, WebhookDeliveryRecord } from "../../store/records.js";
import { usersRepository } from "../../store/users.js";
import { webhooksRepository } from "../../store/webhooks.js";
import { licenseView } from "../licenses/view.js";
import { userView } from "../users.js";

// The outbox (issue 17.2): each event gets one delivery per enabled endpoint of its organization
// that takes its type, written with the event, so a crash after the commit loses nothing and
// a rollback sends nothing. Cost: one indexed read of the organizations' endpoints per write
// of events (a state change's transaction, or a buffered batch of validations).

/**
 * The body receivers get: the event as GET /v1/events lists it, in the scheme's envelope, with
 * the state of its subject when it has one (subjectsOf).
 */
export function webhookPayload(event: EventRecord, subject?: Subject): string {
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
      ...(subject === undefined ? {} : { [subject.member]: subject.state }),
    },
  });
}

/** What a delivery carries beside its event: a member and its resource's state, or null. */
interface Subject {
  member: string;
  state: object | null;
}

/**
 * The resources whose events carry their state, each as the API shows it: a `license.*`
 * event's license (its status at the event's time), a `user.*` event's user.
 */
const SUBJECT_KINDS = [
  {
    member: "license",
    idOf: (event: EventRecord) => (event.type.startsWith("license.") ? event.licenseId : null),
    read: async (db: Db, organizationId: string, ids: string[]) =>
      (await licensesRepository(db).findMany(organizationId, ids)).map((license) => ({
        id: license.id,
        state: (at: Date) => licenseView(license, licenseStatus(license, at)),
      })),
  },
  {
    member: "user",
    idOf: (event: EventRecord) =>
      event.type.startsWith("user.") && typeof event.data.userId === "string"
        ? event.data.userId
        : null,
    read: async (db: Db, organizationId: string, ids: string[]) =>
      (await usersRepository(db).findMany(organizationId, ids)).map((user) => ({
        id: user.id,
        state: () => userView(user),
      })),
  },
];

/**
 * The subject of each of `events` that has one (SUBJECT_KINDS), read with `db` in the events'
 * transaction, so each is the state the change left (a deletion records its event before the
 * row goes); null when the row is gone. One read per kind and organization, only for events
 * that have a delivery, so an organization without endpoints pays nothing. Keyed by event id.
 */
async function subjectsOf(db: Db, events: EventRecord[]): Promise<Map<string, Subject>> {
  const subjects = new Map<string, Subject>();
  for (const kind of SUBJECT_KINDS) {
    const wanted = new Map<string, Set<string>>();
    for (const event of events) {
      const id = kind.idOf(event);
      if (id === null) continue;
      wanted.set(event.organizationId, (wanted.get(event.organizationId) ?? new Set()).add(id));
    }
    const found = new Map<string, (at: Date) => object>();
    for (const [organizationId, ids] of wanted) {
      for (const row of await kind.read(db, organizationId, [...ids])) found.set(row.id, row.state);
    }
    for (const event of events) {
      const id = kind.idOf(event);
      if (id === null) continue;
      const state = found.get(id);
      subjects.set(event.id, {
        member: kind.member,
        state: state ? state(new Date(event.createdAt)) : null,
      });
    }
  }
  return subjects;
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
  const owed = events.map((event) => ({
    event,
    endpoints: endpoints.filter(
      (endpoint) =>
        endpoint.organizationId === event.organizationId &&
        (endpoint.eventTypes.length === 0 || endpoint.eventTypes.includes(event.type)),
    ),
  }));
  const delivered = owed.filter((item) => item.endpoints.length > 0).map((item) => item.event);
  const subjects = await subjectsOf(db, delivered);
  const deliveries: WebhookDeliveryRecord[] = [];
  for (const { event, endpoints: targets } of owed) {
    if (targets.length === 0) continue;
    const payload = webhookPayload(event, subjects.get(event.id));
    for (const endpoint of targets) {
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
