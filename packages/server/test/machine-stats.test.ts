// The machine figures of the dashboard's overview (issue 16): activations and deactivations per
// day, counted in SQL from the events (GET /v1/stats/activations), and the activated machines
// now by heartbeat state (GET /v1/machines/counts).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  activate,
  asLicenseKey,
  createLicense,
  createPolicy,
  createProduct,
  productToken,
} from "./licensing-fixtures.js";
import { licenseToken, machineRows } from "./machine-fixtures.js";
import { api, createOrganization, errorCode, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const MINUTE = 60_000;

forEachDatabase("machine stats: activations per day and machine counts", (db) => {
  const clock = manualClock(new Date("2030-05-08T10:00:00.000Z"));
  const t = useTestApp(db, { clock });

  /** A product with a license of a policy of `rules` (floating, room for several machines). */
  async function licenseOf(rules: Record<string, unknown> = {}, token = t().adminToken) {
    const call = api(t().app, token);
    const productId = await createProduct(call);
    const policy = await createPolicy(call, productId, {
      floating: true,
      maxMachines: 10,
      ...rules,
    });
    const license = await createLicense(call, policy);
    return { productId, license };
  }

  test("GET /v1/stats/activations: per day and type in UTC, by product and token", async () => {
    clock.set(new Date("2030-05-08T10:00:00.000Z"));
    const a = await licenseOf();
    const b = await licenseOf();
    await activate(t().app, a.license.key, "a-1");
    const gone = await activate(t().app, a.license.key, "a-2");
    // The last millisecond of 05-09 and the first of 05-10 fall on their own days.
    clock.set(new Date("2030-05-09T23:59:59.999Z"));
    await activate(t().app, b.license.key, "b-1");
    const deactivated = await asLicenseKey(t().app, a.license.key)(
      "DELETE",
      `/v1/machines/${gone.id}`,
    );
    assert.equal(deactivated.status, 204, deactivated.text);
    clock.set(new Date("2030-05-10T00:00:00.000Z"));
    await activate(t().app, a.license.key, "a-3");
    await activate(t().app, b.license.key, "b-2");

    const call = api(t().app, t().adminToken);
    const days = { from: "2030-05-01", to: "2030-05-10" };
    const all = await call("GET", "/v1/stats/activations", undefined, { query: days });
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.body, {
      from: "2030-05-01",
      to: "2030-05-10",
      data: [
        { day: "2030-05-08", type: "machine.activated", count: 2 },
        { day: "2030-05-09", type: "machine.activated", count: 1 },
        { day: "2030-05-09", type: "machine.deactivated", count: 1 },
        { day: "2030-05-10", type: "machine.activated", count: 2 },
      ],
    });
    // The default span: the 30 days up to today; a span's edges are whole days.
    const recent = await call("GET", "/v1/stats/activations");
    assert.deepEqual([recent.body.from, recent.body.to], ["2030-04-11", "2030-05-10"]);
    assert.deepEqual(recent.body.data, all.body.data);
    const oneDay = await call("GET", "/v1/stats/activations", undefined, {
      query: { from: "2030-05-09", to: "2030-05-09" },
    });
    assert.deepEqual(oneDay.body.data, all.body.data.slice(1, 3));
    const before = await call("GET", "/v1/stats/activations", undefined, {
      query: { from: "2030-04-01", to: "2030-05-07" },
    });
    assert.deepEqual(before.body.data, []);

    const ofA = await call("GET", "/v1/stats/activations", undefined, {
      query: { ...days, productId: a.productId },
    });
    const expectedOfA = [
      { day: "2030-05-08", type: "machine.activated", count: 2 },
      { day: "2030-05-09", type: "machine.deactivated", count: 1 },
      { day: "2030-05-10", type: "machine.activated", count: 1 },
    ];
    assert.deepEqual(ofA.body.data, expectedOfA);

    // A product token: its product's; another product is FORBIDDEN; a license token none.
    const asProduct = api(t().app, await productToken(call, a.productId));
    const own = await asProduct("GET", "/v1/stats/activations", undefined, { query: days });
    assert.equal(own.status, 200, own.text);
    assert.deepEqual(own.body.data, expectedOfA);
    const foreign = await asProduct("GET", "/v1/stats/activations", undefined, {
      query: { ...days, productId: b.productId },
    });
    assert.equal(foreign.status, 403, foreign.text);
    assert.equal(errorCode(foreign), "FORBIDDEN");
    const asLicense = api(t().app, await licenseToken(call, a.license.id));
    const byLicense = await asLicense("GET", "/v1/stats/activations");
    assert.equal(byLicense.status, 403, byLicense.text);

    // Another organization sees none of it, by any filter.
    const stranger = await createOrganization(t().services, "Stranger");
    const asStranger = api(t().app, stranger.adminToken);
    for (const query of [days, { ...days, productId: a.productId }]) {
      const seen = await asStranger("GET", "/v1/stats/activations", undefined, { query });
      assert.equal(seen.status, 200, seen.text);
      assert.deepEqual(seen.body.data, [], JSON.stringify(query));
    }
  });

  test("GET /v1/stats/activations refuses bad ranges and queries with 400, changing nothing", async () => {
    const a = await licenseOf();
    await activate(t().app, a.license.key, "kept");
    const call = api(t().app, t().adminToken);
    const events = () => t().store.db.selectFrom("events").selectAll().orderBy("id").execute();
    const before = { events: await events(), machines: await machineRows(t().store) };
    const badRanges: Record<string, string>[] = [
      { from: "2030-02-30" },
      { to: "2030-13-01" },
      { from: "2030-05-11", to: "2030-05-10" },
      { from: "2029-01-01", to: "2030-01-02" },
    ];
    for (const query of badRanges) {
      const response = await call("GET", "/v1/stats/activations", undefined, { query });
      assert.equal(response.status, 400, `${JSON.stringify(query)}: ${response.text}`);
      assert.equal(errorCode(response), "INVALID_DATE_RANGE");
      assert.equal(typeof response.body.error.message, "string");
    }
    const badQueries: Record<string, string>[] = [
      { from: "May 10" },
      { productId: "" },
      { licenseId: a.license.id },
      { type: "machine.activated" },
    ];
    for (const query of badQueries) {
      const response = await call("GET", "/v1/stats/activations", undefined, { query });
      assert.equal(response.status, 400, response.text);
      assert.equal(errorCode(response), "VALIDATION_FAILED");
    }
    assert.deepEqual({ events: await events(), machines: await machineRows(t().store) }, before);
  });

  test("every stats endpoint: days outside the years 0001–9999 are 400 INVALID_DATE_RANGE, and the answer's days are YYYY-MM-DD", async () => {
    const call = api(t().app, t().adminToken);
    const endpoints = ["/v1/stats/activations", "/v1/stats/validations", "/v1/stats/usage"];
    const outside: Record<string, string>[] = [
      // `to` in year 0 answered 200 with a `from` of "-000001-12".
      { to: "0000-01-05" },
      { from: "0000-12-31", to: "0001-01-05" },
      { from: "0000-02-29", to: "0000-03-01" },
    ];
    for (const path of endpoints) {
      for (const query of outside) {
        const response = await call("GET", path, undefined, { query });
        const label = `${path} ${JSON.stringify(query)}`;
        assert.equal(response.status, 400, `${label}: ${response.text}`);
        assert.equal(errorCode(response), "INVALID_DATE_RANGE", label);
      }
      // The first and last days of the range are days: 30 days back from 0001-01-05 stop at
      // 0001-01-01, and 9999-12-31 is a day like another.
      const ranges: Array<[Record<string, string>, string, string]> = [
        [{ to: "0001-01-05" }, "0001-01-01", "0001-01-05"],
        [{ from: "0001-01-01", to: "0001-12-31" }, "0001-01-01", "0001-12-31"],
        [{ to: "9999-12-31" }, "9999-12-02", "9999-12-31"],
      ];
      for (const [query, from, to] of ranges) {
        const response = await call("GET", path, undefined, { query });
        const label = `${path} ${JSON.stringify(query)}`;
        assert.equal(response.status, 200, `${label}: ${response.text}`);
        assert.deepEqual([response.body.from, response.body.to], [from, to], label);
        assert.deepEqual(response.body.data, [], label);
      }
    }
  });

  test("GET /v1/machines/counts: activated machines now by heartbeat state, by product and token", async () => {
    clock.set(new Date("2030-06-01T00:00:00.000Z"));
    // An organization of its own: the other tests' machines stay in the suite's database.
    const { adminToken } = await createOrganization(t().services, "Counting");
    const beating = await licenseOf(
      { heartbeat: { required: true, durationSeconds: 600, cullStrategy: "keep" } },
      adminToken,
    );
    const plain = await licenseOf({}, adminToken);
    const quiet = await activate(t().app, beating.license.key, "quiet");
    const alive = await activate(t().app, beating.license.key, "alive");
    clock.advance(5 * MINUTE);
    const beat = await asLicenseKey(t().app, beating.license.key)(
      "POST",
      `/v1/machines/${alive.id}/actions/heartbeat`,
    );
    assert.equal(beat.status, 200, beat.text);
    // Ten minutes after activation without a beat: `quiet` is dead (kept, cullStrategy keep).
    clock.advance(5 * MINUTE);
    await activate(t().app, beating.license.key, "new");
    await activate(t().app, plain.license.key, "plain");
    const asAdmin = api(t().app, adminToken);
    const counts = async (call: typeof asAdmin, query: Record<string, string> = {}) => {
      const response = await call("GET", "/v1/machines/counts", undefined, { query });
      assert.equal(response.status, 200, response.text);
      return response.body.data;
    };
    assert.deepEqual(await counts(asAdmin), {
      alive: 1,
      notStarted: 1,
      dead: 1,
      notRequired: 1,
      total: 4,
    });
    const ofBeating = { alive: 1, notStarted: 1, dead: 1, notRequired: 0, total: 3 };
    assert.deepEqual(await counts(asAdmin, { productId: beating.productId }), ofBeating);
    // The same states the machine itself shows (quiet's deadline is now).
    const shown = await asAdmin("GET", `/v1/machines/${quiet.id}`);
    assert.equal(shown.body.data.heartbeatDeadlineAt, clock().toISOString());

    const asProduct = api(t().app, await productToken(asAdmin, beating.productId));
    assert.deepEqual(await counts(asProduct), ofBeating);
    const foreign = await asProduct("GET", "/v1/machines/counts", undefined, {
      query: { productId: plain.productId },
    });
    assert.equal(foreign.status, 403, foreign.text);
    assert.equal(errorCode(foreign), "FORBIDDEN");
    const asLicense = api(t().app, await licenseToken(asAdmin, plain.license.id));
    const byLicense = await asLicense("GET", "/v1/machines/counts");
    assert.equal(byLicense.status, 403, byLicense.text);

    const bad = await asAdmin("GET", "/v1/machines/counts", undefined, {
      query: { licenseId: plain.license.id },
    });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(errorCode(bad), "VALIDATION_FAILED");

    const stranger = await createOrganization(t().services, "Stranger");
    const asStranger = api(t().app, stranger.adminToken);
    const none = { alive: 0, notStarted: 0, dead: 0, notRequired: 0, total: 0 };
    assert.deepEqual(await counts(asStranger), none);
    assert.deepEqual(await counts(asStranger, { productId: beating.productId }), none);
  });
});
