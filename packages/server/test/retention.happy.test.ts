// Event retention (issue 17.10): the job deletes events and finished webhook deliveries older
// than their settings, in bounded batches, and keeps what is younger or still owed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { recordEvents } from "../src/services/events.js";
import { createServices } from "../src/services/index.js";
import { api, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const DAY_MS = 86_400_000;

forEachDatabase("event retention", (db) => {
  const clock = manualClock(new Date("2026-01-01T00:00:00.000Z"));
  const t = useTestApp(db, { clock });

  test("events and finished deliveries past retention go, in batches; the rest stays", async () => {
    const asA = api(t().app, t().adminToken);
    // Saved without the address check: nothing is sent here.
    const endpoint = await asA("POST", "/v1/webhook-endpoints", {
      url: "https://93.184.215.14/hook",
    });
    assert.equal(endpoint.status, 201, endpoint.text);
    const organizationId = t().organizationId;
    const record = (count: number) =>
      t()
        .store.db.transaction()
        .execute(async (trx) => {
          for (let i = 0; i < count; i++) {
            await recordEvents(trx, clock(), { organizationId, type: "license.updated" });
          }
        });
    const count = async (table: "events" | "webhook_deliveries") =>
      Number(
        (
          await t()
            .store.db.selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    // Day 0: 1,500 events and their deliveries, all but one then finished.
    await record(1500);
    const old = await t()
      .store.db.selectFrom("webhook_deliveries")
      .select("id")
      .orderBy("id")
      .execute();
    await t()
      .store.db.updateTable("webhook_deliveries")
      .set({ status: "succeeded", next_attempt_at: null })
      .where("id", "!=", old[0]!.id)
      .execute();
    // Day 40: 10 more, still pending.
    clock.advance(40 * DAY_MS);
    await record(10);
    const eventsBefore = await count("events");
    const deliveriesBefore = await count("webhook_deliveries");

    // Events 30 days, deliveries 30 days: day 0's finished rows go.
    const retention = createServices({
      store: t().store,
      secret: t().secret,
      clock,
      retention: { eventDays: 30, deliveryDays: 30 },
    }).retention;
    const first = await retention.deleteExpired();
    assert.ok(first.events >= 1500, `${first.events} events deleted`);
    assert.equal(first.deliveries, 1499);
    assert.equal(await count("events"), eventsBefore - first.events);
    assert.equal(await count("webhook_deliveries"), deliveriesBefore - 1499);
    // What stays: the 10 young events, the pending old delivery, the young deliveries.
    const left = await t().store.db.selectFrom("events").select("created_at").execute();
    for (const row of left) assert.ok(row.created_at >= "2026-01-31", row.created_at);
    const kept = await t()
      .store.db.selectFrom("webhook_deliveries")
      .select(["id", "status"])
      .execute();
    assert.ok(kept.some((row) => row.id === old[0]!.id && row.status === "pending"));
    assert.deepEqual(await retention.deleteExpired(), { events: 0, deliveries: 0 });
    // 0: kept forever.
    clock.advance(400 * DAY_MS);
    const forever = createServices({
      store: t().store,
      secret: t().secret,
      clock,
      retention: { eventDays: 0, deliveryDays: 0 },
    }).retention;
    assert.deepEqual(await forever.deleteExpired(), { events: 0, deliveries: 0 });
  });
});
