// Retention (issue 17.10, SPEC X12): the job deletes events and finished webhook deliveries older
// than their settings, and usage reports' rows past their window (the counters stay), in bounded
// batches, and keeps what is younger or still owed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { recordEvents } from "../src/services/events.js";
import { createServices } from "../src/services/index.js";
import { USAGE_REPORT_DAYS } from "../src/services/retention.js";
import { api, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { authorize, device, report, trackableLicense, usageReport } from "./trackable-fixtures.js";

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
    assert.deepEqual(await retention.deleteExpired(), {
      events: 0,
      deliveries: 0,
      usageReports: 0,
    });
    // 0: kept forever.
    clock.advance(400 * DAY_MS);
    const forever = createServices({
      store: t().store,
      secret: t().secret,
      clock,
      retention: { eventDays: 0, deliveryDays: 0 },
    }).retention;
    assert.deepEqual(await forever.deleteExpired(), {
      events: 0,
      deliveries: 0,
      usageReports: 0,
    });
  });

  test("X12 a usage report's row is kept 400 days after it arrives: retries within count once; then it goes, its counts stay", async () => {
    clock.set(new Date("2026-01-01T00:00:00.000Z"));
    const { call, license, code, productId } = await trackableLicense(t());
    const deviceId = device();
    const credential = { handshakeCode: code.code, productId };
    await authorize(t(), { ...credential, deviceId });
    const first = usageReport(deviceId, { scans: 3 }, "2026-01-01");
    const many = Array.from({ length: 999 }, () =>
      usageReport(deviceId, { scans: 1 }, "2026-01-01"),
    );
    assert.equal(
      (await report(t(), { ...credential, reports: [first, ...many] })).body.accepted,
      1000,
    );
    const rows = async () =>
      (
        await t()
          .store.db.selectFrom("usage_reports")
          .select("report_id")
          .where("license_id", "=", license.id)
          .execute()
      ).length;
    const retention = t().services.retention;
    assert.equal(USAGE_REPORT_DAYS, 400);

    // Day 399: still within the window; the retry is a duplicate.
    clock.advance(399 * DAY_MS);
    assert.equal((await retention.deleteExpired()).usageReports, 0);
    const retry = await report(t(), { ...credential, reports: [first] });
    assert.deepEqual([retry.body.accepted, retry.body.duplicates], [0, 1]);
    const later = usageReport(deviceId, { scans: 5 }, "2027-02-04");
    await report(t(), { ...credential, reports: [later] });

    // Day 401: the rows of day 0 go, in batches; the later one stays, and so do the counts.
    clock.advance(2 * DAY_MS);
    assert.equal((await retention.deleteExpired()).usageReports, 1000);
    assert.equal(await rows(), 1);
    const usage = await call("GET", `/v1/licenses/${license.id}/usage?groupBy=day`);
    assert.deepEqual(usage.body.data, [
      { key: "2026-01-01", count: 1002 },
      { key: "2027-02-04", count: 5 },
    ]);
    const quota = await call("GET", `/v1/licenses/${license.id}/quota`);
    assert.equal(quota.body.data.quotas[0].used, 1007);
  });
});
