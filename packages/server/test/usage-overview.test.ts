// The organization-wide usage reads of the dashboard's overview (issue 16): uses per day and
// feature over trackable licenses (GET /v1/stats/usage, from the daily counters) and usage
// alerts with their state (GET /v1/usage-alerts, acknowledge; migration 0017).
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Kysely, sql } from "kysely";
import * as usageAlertState from "../src/store/migrations/0017_usage_alert_state.js";
import * as usageAlertLimits from "../src/store/migrations/0022_usage_alert_limits.js";
import type { Database } from "../src/store/schema.js";
import { productToken } from "./licensing-fixtures.js";
import { api, createOrganization, errorCode, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { authorize, device, report, trackableLicense, usageReport } from "./trackable-fixtures.js";

const START = new Date("2030-05-10T12:00:00.000Z");
const MONTH = 31 * 86_400_000;

forEachDatabase("usage per day and usage alerts", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  /** A trackable license and a device of it that reported `counters` on each of `days`. */
  async function reporting(
    days: Record<string, Record<string, number>>,
    options: Parameters<typeof trackableLicense>[1] = {},
  ) {
    const trackable = await trackableLicense(t(), options);
    const deviceId = device();
    const credential = { handshakeCode: trackable.code.code, productId: trackable.productId };
    const authorized = await authorize(t(), { ...credential, deviceId });
    assert.equal(authorized.status, 200, authorized.text);
    const reports = Object.entries(days).map(([day, counters]) =>
      usageReport(deviceId, counters, day),
    );
    const sent = await report(t(), { ...credential, reports });
    assert.equal(sent.status, 200, sent.text);
    const send = async (counters: Record<string, number>, day = "2030-05-10") => {
      const more = await report(t(), {
        ...credential,
        reports: [usageReport(deviceId, counters, day)],
      });
      assert.equal(more.status, 200, more.text);
    };
    return { ...trackable, deviceId, send };
  }

  test("GET /v1/stats/usage: per day and feature over licenses, by product, license, feature and token", async () => {
    clock.set(START);
    const a = await reporting({
      "2030-05-08": { scans: 5, images: 2 },
      "2030-05-09": { scans: 1 },
    });
    // A second device of the same license, the same day: summed.
    const other = device();
    const credential = { handshakeCode: a.code.code, productId: a.productId };
    await authorize(t(), { ...credential, deviceId: other });
    await report(t(), { ...credential, reports: [usageReport(other, { scans: 4 }, "2030-05-09")] });
    const b = await reporting({ "2030-05-09": { scans: 10 }, "2030-04-01": { scans: 100 } });
    const call = api(t().app, t().adminToken);
    const days = { from: "2030-05-01", to: "2030-05-10" };

    const all = await call("GET", "/v1/stats/usage", undefined, { query: days });
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.body, {
      from: "2030-05-01",
      to: "2030-05-10",
      data: [
        { day: "2030-05-08", feature: "images", count: 2 },
        { day: "2030-05-08", feature: "scans", count: 5 },
        { day: "2030-05-09", feature: "scans", count: 15 },
      ],
    });
    // The default span: the 30 days up to today (2030-04-01 is out of it).
    const recent = await call("GET", "/v1/stats/usage");
    assert.deepEqual([recent.body.from, recent.body.to], ["2030-04-11", "2030-05-10"]);
    assert.deepEqual(recent.body.data, all.body.data);
    const april = await call("GET", "/v1/stats/usage", undefined, {
      query: { from: "2030-04-01", to: "2030-04-01" },
    });
    assert.deepEqual(april.body.data, [{ day: "2030-04-01", feature: "scans", count: 100 }]);

    const ofA = await call("GET", "/v1/stats/usage", undefined, {
      query: { ...days, productId: a.productId },
    });
    assert.deepEqual(ofA.body.data, [
      { day: "2030-05-08", feature: "images", count: 2 },
      { day: "2030-05-08", feature: "scans", count: 5 },
      { day: "2030-05-09", feature: "scans", count: 5 },
    ]);
    const ofB = await call("GET", "/v1/stats/usage", undefined, {
      query: { ...days, licenseId: b.license.id },
    });
    assert.deepEqual(ofB.body.data, [{ day: "2030-05-09", feature: "scans", count: 10 }]);
    const images = await call("GET", "/v1/stats/usage", undefined, {
      query: { ...days, feature: "images" },
    });
    assert.deepEqual(images.body.data, [{ day: "2030-05-08", feature: "images", count: 2 }]);

    // A product token: its product's uses; another product is FORBIDDEN, another product's
    // license is nothing.
    const asProduct = api(t().app, await productToken(call, a.productId));
    const own = await asProduct("GET", "/v1/stats/usage", undefined, { query: days });
    assert.equal(own.status, 200, own.text);
    assert.deepEqual(own.body.data, ofA.body.data);
    const foreign = await asProduct("GET", "/v1/stats/usage", undefined, {
      query: { ...days, productId: b.productId },
    });
    assert.equal(foreign.status, 403, foreign.text);
    assert.equal(errorCode(foreign), "FORBIDDEN");
    const foreignLicense = await asProduct("GET", "/v1/stats/usage", undefined, {
      query: { ...days, licenseId: b.license.id },
    });
    assert.deepEqual(foreignLicense.body.data, []);

    // Another organization sees none of it, by any filter.
    const stranger = await createOrganization(t().services, "Stranger");
    const asStranger = api(t().app, stranger.adminToken);
    for (const query of [
      days,
      { ...days, productId: a.productId },
      { ...days, licenseId: a.license.id },
      { ...days, feature: "scans" },
    ]) {
      const seen = await asStranger("GET", "/v1/stats/usage", undefined, { query });
      assert.equal(seen.status, 200, seen.text);
      assert.deepEqual(seen.body.data, [], JSON.stringify(query));
    }
  });

  test("GET /v1/stats/usage refuses bad ranges and queries with 400", async () => {
    const call = api(t().app, t().adminToken);
    const badRanges: Record<string, string>[] = [
      { from: "2030-02-30" },
      { to: "2030-13-01" },
      { from: "2030-05-11", to: "2030-05-10" },
      { from: "2029-01-01", to: "2030-01-02" },
    ];
    for (const query of badRanges) {
      const response = await call("GET", "/v1/stats/usage", undefined, { query });
      assert.equal(response.status, 400, `${JSON.stringify(query)}: ${response.text}`);
      assert.equal(errorCode(response), "INVALID_DATE_RANGE");
      assert.equal(typeof response.body.error.message, "string");
    }
    const badQueries: Record<string, string>[] = [
      { from: "May 10" },
      { feature: "no spaces" },
      { groupBy: "day" },
    ];
    for (const query of badQueries) {
      const response = await call("GET", "/v1/stats/usage", undefined, { query });
      assert.equal(response.status, 400, response.text);
      assert.equal(errorCode(response), "VALIDATION_FAILED");
    }
  });

  test("usage alerts: open until acknowledged or the period ends; acknowledge is audited", async () => {
    clock.set(START);
    const { license, productId, send } = await reporting(
      { "2030-05-10": { scans: 85 } },
      { rules: { maxUses: 100 }, settings: { period: "month" } },
    );
    const call = api(t().app, t().adminToken);
    const list = async (query: Record<string, string>) => {
      const response = await call("GET", "/v1/usage-alerts", undefined, { query });
      assert.equal(response.status, 200, response.text);
      return response.body.data as Array<Record<string, unknown>>;
    };
    const open = await list({ state: "open", licenseId: license.id });
    assert.equal(open.length, 1);
    const [alert] = open;
    assert.match(String(alert!.id), /^alrt_/);
    assert.deepEqual(
      { ...alert, id: undefined, createdAt: undefined },
      {
        id: undefined,
        licenseId: license.id,
        period: "2030-05",
        metric: "uses",
        threshold: 80,
        used: 85,
        limit: 100,
        state: "open",
        createdAt: undefined,
        acknowledgedAt: null,
        acknowledgedBy: null,
      },
    );
    assert.deepEqual(await list({ state: "open", productId }), open);
    assert.deepEqual((await call("GET", `/v1/usage-alerts/${alert!.id}`)).body.data, alert);

    // Acknowledge: it leaves the open list, with an audit entry and an event.
    const acknowledged = await call("POST", `/v1/usage-alerts/${alert!.id}/actions/acknowledge`);
    assert.equal(acknowledged.status, 200, acknowledged.text);
    assert.equal(acknowledged.body.data.state, "acknowledged");
    assert.equal(acknowledged.body.data.acknowledgedAt, START.toISOString());
    const current = await call("GET", "/v1/tokens/current");
    assert.equal(acknowledged.body.data.acknowledgedBy, current.body.data.token.id);
    assert.deepEqual(await list({ state: "open", licenseId: license.id }), []);
    assert.deepEqual(
      (await list({ licenseId: license.id })).map((a) => a.state),
      ["acknowledged"],
    );
    const audit = await call("GET", "/v1/audit-log", undefined, {
      query: { resourceId: String(alert!.id) },
    });
    assert.equal(audit.body.data.length, 1, audit.text);
    assert.equal(audit.body.data[0].action, "usage_alert.acknowledged");
    assert.deepEqual(audit.body.data[0].after, {
      acknowledgedAt: START.toISOString(),
      acknowledgedBy: current.body.data.token.id,
    });
    const events = async () =>
      (
        await call("GET", "/v1/events", undefined, {
          query: { type: "usage.alert.acknowledged", licenseId: license.id },
        })
      ).body.data;
    assert.deepEqual(
      (await events()).map((e: { data: unknown }) => e.data),
      [{ alertId: alert!.id, metric: "uses", threshold: 80, period: "2030-05" }],
    );
    // Again: nothing changes, nothing more is recorded.
    clock.advance(60_000);
    const again = await call("POST", `/v1/usage-alerts/${alert!.id}/actions/acknowledge`);
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(again.body.data, acknowledged.body.data);
    assert.equal((await events()).length, 1);
    const auditAgain = await call("GET", "/v1/audit-log", undefined, {
      query: { resourceId: String(alert!.id) },
    });
    assert.equal(auditAgain.body.data.length, 1);

    // 90% crossed: open; a new month closes it without a write; the new month's alerts open.
    await send({ scans: 10 });
    const ninety = await list({ state: "open", licenseId: license.id });
    assert.deepEqual(
      ninety.map((a) => a.threshold),
      [90],
    );
    clock.set(new Date(START.getTime() + MONTH));
    assert.deepEqual(await list({ state: "open", licenseId: license.id }), []);
    assert.deepEqual(
      (await list({ licenseId: license.id })).map((a) => `${a.period}/${a.threshold}/${a.state}`),
      ["2030-05/80/acknowledged", "2030-05/90/closed"],
    );
    await send({ scans: 81 }, "2030-06-10");
    assert.deepEqual(
      (await list({ state: "open" })).map((a) => `${a.period}/${a.threshold}`),
      ["2030-06/80"],
    );
  });

  test("usage alerts: admin tokens of the organization only; bad input changes nothing", async () => {
    clock.set(START);
    const { license, productId } = await reporting(
      { "2030-05-10": { scans: 95 } },
      { rules: { maxUses: 100 } },
    );
    const call = api(t().app, t().adminToken);
    const all = await call("GET", "/v1/usage-alerts", undefined, {
      query: { licenseId: license.id },
    });
    assert.deepEqual(
      all.body.data.map((a: { threshold: number; period: string }) => `${a.period}/${a.threshold}`),
      ["lifetime/80", "lifetime/90"],
    );
    const id: string = all.body.data[0].id;
    // Pages by id.
    const first = await call("GET", "/v1/usage-alerts", undefined, {
      query: { licenseId: license.id, limit: "1" },
    });
    assert.deepEqual([first.body.data[0].id, first.body.nextCursor], [id, id]);
    const second = await call("GET", "/v1/usage-alerts", undefined, {
      query: { licenseId: license.id, limit: "1", cursor: id },
    });
    assert.deepEqual(second.body.data, [all.body.data[1]]);

    // A product token (even of the alert's product) and a license key: 403, nothing changes.
    const asProduct = api(t().app, await productToken(call, productId));
    for (const [verb, path] of [
      ["GET", "/v1/usage-alerts"],
      ["GET", `/v1/usage-alerts/${id}`],
      ["POST", `/v1/usage-alerts/${id}/actions/acknowledge`],
    ] as const) {
      const refused = await asProduct(verb, path);
      assert.equal(refused.status, 403, `${verb} ${path}: ${refused.text}`);
      assert.equal(errorCode(refused), "FORBIDDEN");
    }
    // Another organization: A's alert is an unknown id; its lists are empty.
    const stranger = await createOrganization(t().services, "Stranger");
    const asStranger = api(t().app, stranger.adminToken);
    const filters: Record<string, string>[] = [
      {},
      { licenseId: license.id },
      { productId },
      { state: "open" },
    ];
    for (const query of filters) {
      const seen = await asStranger("GET", "/v1/usage-alerts", undefined, { query });
      assert.equal(seen.status, 200, seen.text);
      assert.deepEqual(seen.body.data, [], JSON.stringify(query));
    }
    const acknowledged = await asStranger("POST", `/v1/usage-alerts/${id}/actions/acknowledge`);
    assert.equal(acknowledged.status, 404, acknowledged.text);
    assert.equal(errorCode(acknowledged), "USAGE_ALERT_NOT_FOUND");
    const missing = await call(
      "POST",
      "/v1/usage-alerts/alrt_01m84cp2y929bjrzt348fmrx3m/actions/acknowledge",
    );
    assert.equal(errorCode(missing), "USAGE_ALERT_NOT_FOUND");
    const badState = await call("GET", "/v1/usage-alerts", undefined, { query: { state: "done" } });
    assert.equal(badState.status, 400, badState.text);
    assert.equal(errorCode(badState), "VALIDATION_FAILED");
    const after = await call("GET", "/v1/usage-alerts", undefined, {
      query: { licenseId: license.id },
    });
    assert.deepEqual(after.body.data, all.body.data, "the refused calls changed nothing");
  });
});

forEachDatabase("usage alerts: migration 0022 makes the limit part of an alert's key", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  test("alerts recorded before 0022 keep their ids, states, uses and limits; a new limit alerts again", async () => {
    const { call, code, productId, license } = await trackableLicense(t(), {
      rules: { maxUses: 100 },
    });
    const deviceId = device();
    const credential = { handshakeCode: code.code, productId };
    await authorize(t(), { ...credential, deviceId });
    const send = async (scans: number) => {
      clock.advance(1000);
      await report(t(), { ...credential, reports: [usageReport(deviceId, { scans })] });
    };
    for (const scans of [85, 10]) await send(scans);
    const list = async () =>
      (await call("GET", "/v1/usage-alerts", undefined, { query: { licenseId: license.id } })).body
        .data as Array<Record<string, unknown>>;
    const first = (await list())[0]!;
    await call("POST", `/v1/usage-alerts/${first.id}/actions/acknowledge`);
    const before = await list();

    const kysely = t().store.db;
    await schemaBefore0022(kysely);
    await usageAlertLimits.up(kysely as never);
    assert.deepEqual(await list(), before, "the same alerts, as they were");
    assert.deepEqual(
      before.map((a) => [a.threshold, a.state, a.used, a.limit]),
      [
        [80, "acknowledged", 85, 100],
        [90, "open", 95, 100],
      ],
    );
    // The quota extended to 200: its 80% alerts, though 80% of 100 did.
    await call("PATCH", `/v1/licenses/${license.id}`, { overrides: { maxUses: 200 } });
    await send(70);
    assert.deepEqual(
      (await list()).map((a) => [a.threshold, a.used, a.limit]),
      [
        [80, 85, 100],
        [90, 95, 100],
        [80, 165, 200],
      ],
    );
  });
});

forEachDatabase(
  "usage alerts: migration 0017 gives the alerts that exist ids and a state",
  (db) => {
    const clock = manualClock(START);
    const t = useTestApp(db, { clock });

    test("alerts recorded before 0017 get ids in their order, open, and can be acknowledged", async () => {
      const { call, code, productId, license } = await trackableLicense(t(), {
        rules: { maxUses: 100 },
      });
      const deviceId = device();
      const credential = { handshakeCode: code.code, productId };
      await authorize(t(), { ...credential, deviceId });
      for (const scans of [85, 10]) {
        clock.advance(1000);
        await report(t(), { ...credential, reports: [usageReport(deviceId, { scans })] });
      }
      // Back to the schema before 0017 (its columns and indexes gone), then 0017 and 0022 again.
      const kysely = t().store.db;
      await schemaBefore0022(kysely);
      await kysely.schema.dropIndex("usage_alerts_organization_id").execute();
      await kysely.schema.dropIndex("usage_daily_organization_day").execute();
      for (const column of ["id", "acknowledged_at", "acknowledged_by", "used", "quota"]) {
        await kysely.schema.alterTable("usage_alerts").dropColumn(column).execute();
      }
      await usageAlertState.up(kysely as never);
      await usageAlertLimits.up(kysely as never);

      const listed = await call("GET", "/v1/usage-alerts", undefined, {
        query: { licenseId: license.id },
      });
      assert.equal(listed.status, 200, listed.text);
      const alerts = listed.body.data as Array<Record<string, unknown>>;
      assert.deepEqual(
        alerts.map((a) => [a.threshold, a.state, a.used, a.limit]),
        [
          [80, "open", null, null],
          [90, "open", null, null],
        ],
      );
      for (const alert of alerts) assert.match(String(alert.id), /^alrt_[0-9a-z]{26}$/);
      const acknowledged = await call(
        "POST",
        `/v1/usage-alerts/${alerts[0]!.id}/actions/acknowledge`,
      );
      assert.equal(acknowledged.body.data.state, "acknowledged", acknowledged.text);
      // New alerts after the upgrade: ids after the old ones, with used and limit.
      clock.advance(1000);
      await report(t(), { ...credential, reports: [usageReport(deviceId, { scans: 5 })] });
      const open = await call("GET", "/v1/usage-alerts", undefined, { query: { state: "open" } });
      assert.deepEqual(
        open.body.data.map((a: Record<string, unknown>) => [
          a.id === alerts[1]!.id,
          a.threshold,
          a.used,
        ]),
        [
          [true, 90, null],
          [false, 100, 100],
        ],
      );
    });
  },
);

/**
 * The usage tables as they were before migration 0022, their rows kept: alerts keyed by
 * (license, period, metric, threshold), no index on the reports' received_at.
 */
async function schemaBefore0022(kysely: Kysely<Database>): Promise<void> {
  await kysely.schema.dropIndex("usage_reports_received_at").execute();
  await kysely.schema.alterTable("usage_alerts").renameTo("usage_alerts_0022").execute();
  await kysely.schema.dropIndex("usage_alerts_organization_id").execute();
  await kysely.schema.dropIndex("usage_alerts_once_per_limit").execute();
  await kysely.schema
    .createTable("usage_alerts")
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("license_id", "text", (c) => c.notNull())
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("metric", "text", (c) => c.notNull())
    .addColumn("threshold", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("id", "text")
    .addColumn("acknowledged_at", "text")
    .addColumn("acknowledged_by", "text")
    .addColumn("used", "bigint")
    .addColumn("quota", "bigint")
    .addPrimaryKeyConstraint("usage_alerts_pkey", ["license_id", "period", "metric", "threshold"])
    .execute();
  await sql`insert into usage_alerts select organization_id, license_id, period, metric,
    threshold, created_at, id, acknowledged_at, acknowledged_by, used, quota
    from usage_alerts_0022`.execute(kysely);
  await kysely.schema.dropTable("usage_alerts_0022").execute();
  await kysely.schema
    .createIndex("usage_alerts_organization_id")
    .on("usage_alerts")
    .columns(["organization_id", "id"])
    .unique()
    .execute();
}
