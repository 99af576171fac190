import type { Kysely } from "kysely";

// Webhooks (SPEC X3, issue 17): endpoints per organization and the outbox of deliveries, one
// row per (event, endpoint), written in the transaction of the event it reports
// (services/events.ts), then sent by the worker (jobs/webhooks.ts). Portable DDL as in 0001.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("webhook_endpoints")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("description", "text")
    // JSON array of event types; empty: every type.
    .addColumn("event_types", "text", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    // whsec_… sealed with the server secret (secrets.ts seal).
    .addColumn("secret_sealed", "text", (c) => c.notNull())
    // Start of the current run of failed attempts; null after a success.
    .addColumn("failing_since", "text")
    .addColumn("disabled_reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_endpoints_organization")
    .on("webhook_endpoints")
    .columns(["organization_id", "enabled", "id"])
    .execute();

  await db.schema
    .createTable("webhook_deliveries")
    // The `webhook-id` header: one per delivery, the same on every attempt.
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("endpoint_id", "text", (c) =>
      c.notNull().references("webhook_endpoints.id").onDelete("cascade"),
    )
    // No foreign key: events may be deleted by retention before their deliveries.
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("event_type", "text", (c) => c.notNull())
    // The body, fixed when the event happened: every attempt sends the same bytes.
    .addColumn("payload", "text", (c) => c.notNull())
    // pending | succeeded | failed (gave up, or the endpoint was disabled)
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    // When the worker may take it next (also the claim's lease); null once finished.
    .addColumn("next_attempt_at", "text")
    .addColumn("last_attempt_at", "text")
    .addColumn("last_status_code", "integer")
    .addColumn("last_latency_ms", "integer")
    .addColumn("last_response", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // The worker's query: due deliveries in time order (finished ones have no next_attempt_at).
  await db.schema
    .createIndex("webhook_deliveries_due")
    .on("webhook_deliveries")
    .column("next_attempt_at")
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_endpoint")
    .on("webhook_deliveries")
    .columns(["organization_id", "endpoint_id", "id"])
    .execute();
}
