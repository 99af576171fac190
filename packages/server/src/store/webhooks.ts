import { type Kysely, sql } from "kysely";
import { dialectOf, insertRows } from "./database.js";
import { mapPage, type Page, type PageRequest } from "./pagination.js";
import type {
  WebhookDeliveryRecord,
  WebhookDeliveryStatus,
  WebhookEndpointRecord,
} from "./records.js";
import type { Database, WebhookDelivery, WebhookEndpoint } from "./schema.js";
import {
  deleteScoped,
  findScoped,
  listScoped,
  lockInOrder,
  pageById,
  selectScoped,
} from "./scoped.js";

// Webhook endpoints and their deliveries (the outbox). Deliveries are claimed by setting
// next_attempt_at to the end of a lease: a worker that dies mid-send leaves the row to be taken
// again once the lease passes (at-least-once, with the same webhook-id).

export function endpointFromRow(row: WebhookEndpoint): WebhookEndpointRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    url: row.url,
    description: row.description,
    eventTypes: JSON.parse(row.event_types) as string[],
    enabled: row.enabled === 1,
    secretSealed: row.secret_sealed,
    previousSecretSealed: row.previous_secret_sealed,
    previousValidUntil: row.previous_valid_until,
    failingSince: row.failing_since,
    disabledReason: row.disabled_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function endpointRow(endpoint: WebhookEndpointRecord): WebhookEndpoint {
  return {
    id: endpoint.id,
    organization_id: endpoint.organizationId,
    url: endpoint.url,
    description: endpoint.description,
    event_types: JSON.stringify(endpoint.eventTypes),
    enabled: endpoint.enabled ? 1 : 0,
    secret_sealed: endpoint.secretSealed,
    previous_secret_sealed: endpoint.previousSecretSealed,
    previous_valid_until: endpoint.previousValidUntil,
    failing_since: endpoint.failingSince,
    disabled_reason: endpoint.disabledReason,
    created_at: endpoint.createdAt,
    updated_at: endpoint.updatedAt,
  };
}

export function deliveryFromRow(row: WebhookDelivery): WebhookDeliveryRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    payload: row.payload,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastAttemptAt: row.last_attempt_at,
    lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code),
    lastLatencyMs: row.last_latency_ms === null ? null : Number(row.last_latency_ms),
    lastResponse: row.last_response,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function deliveryRow(delivery: WebhookDeliveryRecord): WebhookDelivery {
  return {
    id: delivery.id,
    organization_id: delivery.organizationId,
    endpoint_id: delivery.endpointId,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    payload: delivery.payload,
    status: delivery.status,
    attempts: delivery.attempts,
    next_attempt_at: delivery.nextAttemptAt,
    last_attempt_at: delivery.lastAttemptAt,
    last_status_code: delivery.lastStatusCode,
    last_latency_ms: delivery.lastLatencyMs,
    last_response: delivery.lastResponse,
    last_error: delivery.lastError,
    created_at: delivery.createdAt,
    updated_at: delivery.updatedAt,
  };
}

export type EndpointChanges = Partial<
  Pick<
    WebhookEndpointRecord,
    | "url"
    | "description"
    | "eventTypes"
    | "enabled"
    | "secretSealed"
    | "previousSecretSealed"
    | "previousValidUntil"
    | "failingSince"
  > & { disabledReason: string | null }
>;

/** What an attempt came to, written back to its delivery. */
export interface AttemptOutcome {
  status: WebhookDeliveryStatus;
  nextAttemptAt: string | null;
  lastAttemptAt: string;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastResponse: string | null;
  lastError: string | null;
}

/**
 * Locks the endpoint's deliveries (those in `status`, when given) in lock order, which within an
 * endpoint is id order, the order a worker writes a batch's outcomes in (claimDue): against a
 * cascade's or an UPDATE's plan order, a batch in the other order deadlocked with it.
 */
function lockDeliveries(
  db: Kysely<Database>,
  organizationId: string,
  endpointId: string,
  status?: WebhookDeliveryStatus,
): Promise<void> {
  let deliveries = db
    .selectFrom("webhook_deliveries")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("endpoint_id", "=", endpointId);
  if (status !== undefined) deliveries = deliveries.where("status", "=", status);
  return lockInOrder(db, deliveries);
}

export function webhooksRepository(db: Kysely<Database>) {
  return {
    async insertEndpoint(endpoint: WebhookEndpointRecord): Promise<void> {
      await db.insertInto("webhook_endpoints").values(endpointRow(endpoint)).execute();
    },
    async findEndpoint(
      organizationId: string,
      id: string,
    ): Promise<WebhookEndpointRecord | undefined> {
      const row = await findScoped(db, "webhook_endpoints", organizationId, id);
      return row && endpointFromRow(row);
    },
    /** The endpoint, its row locked until the transaction ends (PostgreSQL; SQLite: one writer). */
    async lockEndpoint(
      organizationId: string,
      id: string,
    ): Promise<WebhookEndpointRecord | undefined> {
      let query = db
        .selectFrom("webhook_endpoints")
        .selectAll()
        .where("organization_id", "=", organizationId)
        .where("id", "=", id);
      if (dialectOf(db) === "postgres") query = query.forUpdate();
      const row = await query.executeTakeFirst();
      return row && endpointFromRow(row);
    },
    async listEndpoints(
      organizationId: string,
      page: PageRequest,
    ): Promise<Page<WebhookEndpointRecord>> {
      return mapPage(
        await listScoped(db, "webhook_endpoints", organizationId, page),
        endpointFromRow,
      );
    },
    /** The enabled endpoints of these organizations (the outbox's fan-out). */
    async enabledEndpoints(organizationIds: string[]): Promise<WebhookEndpointRecord[]> {
      if (organizationIds.length === 0) return [];
      const rows = await db
        .selectFrom("webhook_endpoints")
        .selectAll()
        .where("organization_id", "in", organizationIds)
        .where("enabled", "=", 1)
        .execute();
      return rows.map(endpointFromRow);
    },
    async updateEndpoint(
      organizationId: string,
      id: string,
      changes: EndpointChanges,
      now: string,
    ): Promise<WebhookEndpointRecord | undefined> {
      const {
        eventTypes,
        enabled,
        secretSealed,
        previousSecretSealed,
        previousValidUntil,
        failingSince,
        disabledReason,
        ...plain
      } = changes;
      await db
        .updateTable("webhook_endpoints")
        .set({
          ...plain,
          ...(eventTypes !== undefined && { event_types: JSON.stringify(eventTypes) }),
          ...(enabled !== undefined && { enabled: enabled ? 1 : 0 }),
          ...(secretSealed !== undefined && { secret_sealed: secretSealed }),
          ...(previousSecretSealed !== undefined && {
            previous_secret_sealed: previousSecretSealed,
          }),
          ...(previousValidUntil !== undefined && { previous_valid_until: previousValidUntil }),
          ...(failingSince !== undefined && { failing_since: failingSince }),
          ...(disabledReason !== undefined && { disabled_reason: disabledReason }),
          updated_at: now,
        })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .execute();
      return this.findEndpoint(organizationId, id);
    },
    /** Deletes the endpoint and (cascade) its deliveries. */
    async deleteEndpoint(organizationId: string, id: string): Promise<boolean> {
      await lockDeliveries(db, organizationId, id);
      return deleteScoped(db, "webhook_endpoints", organizationId, id);
    },
    /** A failed attempt: the run of failures starts now unless one is already running. */
    async markEndpointFailing(id: string, now: string): Promise<WebhookEndpointRecord | undefined> {
      await db
        .updateTable("webhook_endpoints")
        .set({ failing_since: now })
        .where("id", "=", id)
        .where("failing_since", "is", null)
        .execute();
      const row = await db
        .selectFrom("webhook_endpoints")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirst();
      return row && endpointFromRow(row);
    },
    async markEndpointHealthy(id: string): Promise<void> {
      await db
        .updateTable("webhook_endpoints")
        .set({ failing_since: null })
        .where("id", "=", id)
        .where("failing_since", "is not", null)
        .execute();
    },
    /**
     * Disables the endpoint if it is still enabled and failing since `failingSince` or before;
     * true when this call disabled it (so one process records the event).
     */
    async disableEndpoint(id: string, reason: string, now: string): Promise<boolean> {
      const result = await db
        .updateTable("webhook_endpoints")
        .set({ enabled: 0, disabled_reason: reason, updated_at: now })
        .where("id", "=", id)
        .where("enabled", "=", 1)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    insertDeliveries(deliveries: WebhookDeliveryRecord[]): Promise<void> {
      return insertRows(db, "webhook_deliveries", deliveries.map(deliveryRow));
    },
    async findDelivery(
      organizationId: string,
      id: string,
    ): Promise<WebhookDeliveryRecord | undefined> {
      const row = await findScoped(db, "webhook_deliveries", organizationId, id);
      return row && deliveryFromRow(row);
    },
    async listDeliveries(
      organizationId: string,
      endpointId: string,
      filter: { status?: WebhookDeliveryStatus | undefined },
      page: PageRequest,
    ): Promise<Page<WebhookDeliveryRecord>> {
      let query = selectScoped(db, "webhook_deliveries", organizationId).where(
        "endpoint_id",
        "=",
        endpointId,
      );
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      return mapPage(await pageById(query, page), deliveryFromRow);
    },
    /**
     * Takes up to `limit` due deliveries: moves their next attempt to `leaseUntil` and counts
     * the attempt, in one statement. PostgreSQL: the rows another process is claiming are
     * skipped (FOR UPDATE SKIP LOCKED), so concurrent workers take disjoint sets; SQLite has
     * one writer at a time, so the statement alone is enough.
     */
    async claimDue(
      now: string,
      leaseUntil: string,
      limit: number,
    ): Promise<WebhookDeliveryRecord[]> {
      let due = db
        .selectFrom("webhook_deliveries")
        .select("id")
        .where("next_attempt_at", "<=", now)
        .orderBy("next_attempt_at")
        .limit(limit);
      if (dialectOf(db) === "postgres") due = due.forUpdate().skipLocked();
      const rows = await db
        .updateTable("webhook_deliveries")
        .set({
          next_attempt_at: leaseUntil,
          attempts: sql<number>`attempts + 1`,
          updated_at: now,
        })
        .where("id", "in", due)
        .where("next_attempt_at", "<=", now)
        .returningAll()
        .execute();
      return rows.map(deliveryFromRow).sort((a, b) => a.id.localeCompare(b.id));
    },
    /** Writes an attempt's outcome, unless the delivery was claimed again since (lease passed). */
    async recordAttempt(
      id: string,
      claimedUntil: string,
      outcome: AttemptOutcome,
    ): Promise<boolean> {
      const result = await db
        .updateTable("webhook_deliveries")
        .set({
          status: outcome.status,
          next_attempt_at: outcome.nextAttemptAt,
          last_attempt_at: outcome.lastAttemptAt,
          last_status_code: outcome.lastStatusCode,
          last_latency_ms: outcome.lastLatencyMs,
          last_response: outcome.lastResponse,
          last_error: outcome.lastError,
          updated_at: outcome.lastAttemptAt,
        })
        .where("id", "=", id)
        .where("next_attempt_at", "=", claimedUntil)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    /** Makes the delivery due now again (manual redelivery). */
    async redeliver(organizationId: string, id: string, now: string): Promise<boolean> {
      const result = await db
        .updateTable("webhook_deliveries")
        .set({ status: "pending", next_attempt_at: now, updated_at: now })
        .where("organization_id", "=", organizationId)
        .where("id", "=", id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    /** Gives up the endpoint's pending deliveries (it was disabled). */
    async failPending(
      organizationId: string,
      endpointId: string,
      reason: string,
      now: string,
    ): Promise<void> {
      await lockDeliveries(db, organizationId, endpointId, "pending");
      await db
        .updateTable("webhook_deliveries")
        .set({ status: "failed", next_attempt_at: null, last_error: reason, updated_at: now })
        .where("organization_id", "=", organizationId)
        .where("endpoint_id", "=", endpointId)
        .where("status", "=", "pending")
        .execute();
    },
    /**
     * Deletes up to `limit` rows of `table` whose id (time-ordered, ids.ts) is below `floor`;
     * answers how many. Finished deliveries only: a pending one is still owed.
     */
    async deleteOlder(
      table: "events" | "webhook_deliveries",
      floor: string,
      limit: number,
    ): Promise<number> {
      let oldest = db
        .selectFrom(table)
        .select("id")
        .where("id", "<", floor)
        .orderBy("id")
        .limit(limit);
      if (table === "webhook_deliveries") {
        oldest = (oldest as unknown as typeof oldest).where(sql.ref("next_attempt_at"), "is", null);
      }
      const result = await db.deleteFrom(table).where("id", "in", oldest).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type WebhooksRepository = ReturnType<typeof webhooksRepository>;
