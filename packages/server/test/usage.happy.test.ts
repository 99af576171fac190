// Usage reports (SPEC T6, T8): idempotent by report id (retried, duplicated, concurrent),
// quotas with the grace stage, alerts once per threshold and period, reads per day/device/feature.
import assert from "node:assert/strict";
import { test } from "node:test";
import { manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { authorize, device, report, trackableLicense, usageReport } from "./trackable-fixtures.js";

const START = new Date("2030-05-01T12:00:00.000Z");

forEachDatabase("usage reports", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  async function alerts(licenseId: string) {
    const rows = await t()
      .store.db.selectFrom("events")
      .selectAll()
      .where("type", "=", "usage.alert")
      .where("license_id", "=", licenseId)
      .orderBy("id")
      .execute();
    return rows.map((row) => JSON.parse(row.data));
  }

  async function totals(licenseId: string) {
    const rows = await t()
      .store.db.selectFrom("usage_totals")
      .select(["period", "feature", "count"])
      .where("license_id", "=", licenseId)
      .orderBy("feature")
      .execute();
    return Object.fromEntries(rows.map((r) => [`${r.period}/${r.feature}`, Number(r.count)]));
  }

  test("T6 the same batch sent 3 times, then 3 times at once: counted once", async () => {
    clock.set(START);
    const { call, license, code, productId } = await trackableLicense(t());
    const [a, b] = [device(), device()];
    await authorize(t(), { handshakeCode: code.code, deviceId: a, productId });
    const batch = {
      handshakeCode: code.code,
      productId,
      reports: [
        usageReport(a, { scans: 5, images: 2 }, "2030-04-30"),
        usageReport(a, { scans: 1 }, "2030-05-01"),
        usageReport(b, { scans: 3 }, "2030-05-01"),
      ],
    };
    const first = await report(t(), batch);
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.body, {
      accepted: 3,
      duplicates: 0,
      counted: 4,
      rejected: [],
      licenses: [{ licenseId: license.id, quota: "ok" }],
    });
    for (let i = 0; i < 2; i++) {
      const again = await report(t(), batch);
      assert.equal(again.body.accepted, 0);
      assert.equal(again.body.duplicates, 3);
      assert.equal(again.body.counted, 0);
    }
    const concurrent = {
      ...batch,
      reports: [
        usageReport(a, { scans: 10 }, "2030-05-01"),
        usageReport(b, { images: 7 }, "2030-05-01"),
      ],
    };
    const racing = await Promise.all([1, 2, 3].map(() => report(t(), concurrent)));
    assert.deepEqual(racing.map((r) => r.body.accepted).sort(), [0, 0, 2]);
    assert.deepEqual(await totals(license.id), {
      "lifetime/*": 28,
      "lifetime/images": 9,
      "lifetime/scans": 19,
    });

    const byDay = await call("GET", `/v1/licenses/${license.id}/usage?groupBy=day`);
    assert.deepEqual(byDay.body.data, [
      { key: "2030-04-30", count: 7 },
      { key: "2030-05-01", count: 21 },
    ]);
    const byFeature = await call(
      "GET",
      `/v1/licenses/${license.id}/usage?groupBy=feature&from=2030-05-01`,
    );
    assert.deepEqual(byFeature.body.data, [
      { key: "images", count: 7 },
      { key: "scans", count: 14 },
    ]);
    const byDevice = await call(
      "GET",
      `/v1/licenses/${license.id}/usage?groupBy=device&feature=scans`,
    );
    assert.deepEqual(
      byDevice.body.data,
      [
        { key: a, count: 16 },
        { key: b, count: 3 },
      ].sort((x, y) => (x.key < y.key ? -1 : 1)),
    );
  });

  test("T8 quota 100 with a 10% grace: alerts at 80/90/100 once each, grace, then refused", async () => {
    clock.set(START);
    const { call, license, code, productId } = await trackableLicense(t(), {
      rules: { maxUses: 100, overage: { strategy: "percent", allowance: 10 } },
    });
    const deviceId = device();
    const credential = { handshakeCode: code.code, productId };
    assert.equal((await authorize(t(), { ...credential, deviceId })).body.quota, "ok");
    const send = (scans: number) =>
      report(t(), { ...credential, reports: [usageReport(deviceId, { scans })] });

    assert.equal((await send(85)).body.licenses[0].quota, "ok");
    assert.deepEqual(
      (await alerts(license.id)).map((a) => a.threshold),
      [80],
    );
    await send(10);
    const full = await send(10);
    assert.equal(full.body.licenses[0].quota, "grace");
    // Each event names its alert (GET /v1/usage-alerts/{id}).
    const events = await alerts(license.id);
    const listed = await call("GET", "/v1/usage-alerts", undefined, {
      query: { licenseId: license.id },
    });
    assert.deepEqual(
      events.map((a) => a.alertId),
      listed.body.data.map((a: { id: string }) => a.id),
    );
    assert.deepEqual(
      events.map(({ alertId: _id, ...rest }) => rest),
      [
        { metric: "uses", threshold: 80, period: "lifetime", used: 85, limit: 100 },
        { metric: "uses", threshold: 90, period: "lifetime", used: 95, limit: 100 },
        { metric: "uses", threshold: 100, period: "lifetime", used: 105, limit: 100 },
      ],
    );
    const grace = await authorize(t(), { ...credential, deviceId });
    assert.equal(grace.body.valid, true);
    assert.equal(grace.body.quota, "grace");

    // 115 ≥ 110: used up with its grace. This report counts; the next is refused.
    const last = usageReport(deviceId, { scans: 10 });
    const exhausting = await report(t(), { ...credential, reports: [last] });
    assert.equal(exhausting.body.licenses[0].quota, "exhausted");
    // Its retry (the answer was lost) is still a duplicate, not a refusal: the device purges it.
    const retry = await report(t(), { ...credential, reports: [last] });
    assert.deepEqual([retry.body.duplicates, retry.body.rejected], [1, []]);
    const refused = await send(1);
    assert.equal(refused.status, 200);
    assert.equal(refused.body.accepted, 0);
    assert.equal(refused.body.rejected[0].code, "QUOTA_EXCEEDED");
    assert.equal((await totals(license.id))["lifetime/*"], 115);
    const locked = await authorize(t(), { ...credential, deviceId });
    assert.equal(locked.body.valid, false);
    assert.equal(locked.body.code, "QUOTA_EXCEEDED");
    assert.equal((await alerts(license.id)).length, 3, "each alert once");

    const quota = await call("GET", `/v1/licenses/${license.id}/quota`);
    assert.deepEqual(quota.body.data.quotas, [
      { metric: "uses", used: 115, limit: 100, most: 110, stage: "exhausted" },
    ]);
    // Quota extension (T11): the same device works again, no change on its side.
    await call("PATCH", `/v1/licenses/${license.id}`, { overrides: { maxUses: 1000 } });
    assert.equal((await authorize(t(), { ...credential, deviceId })).body.valid, true);
  });

  test("T8/T11 a quota extension re-arms the alerts: the new limit's thresholds fire once each, also for lifetime", async () => {
    clock.set(START);
    const { call, license, code, productId } = await trackableLicense(t(), {
      rules: { maxUses: 100, overage: { strategy: "percent", allowance: 10 } },
    });
    const deviceId = device();
    const credential = { handshakeCode: code.code, productId };
    await authorize(t(), { ...credential, deviceId });
    const send = (scans: number) =>
      report(t(), { ...credential, reports: [usageReport(deviceId, { scans })] });
    for (const scans of [80, 10, 10]) await send(scans);
    const extended = await call("PATCH", `/v1/licenses/${license.id}`, {
      overrides: { maxUses: 200 },
    });
    assert.equal(extended.status, 200, extended.text);
    // Later than the change (stamped after the license's last one, past START): the alerts
    // after it sort after it.
    clock.advance(1000);
    const last = usageReport(deviceId, { scans: 20 });
    for (const scans of [64, 30]) await send(scans);
    await report(t(), { ...credential, reports: [last] });
    // A retry of the last report counts nothing and alerts nothing again.
    assert.equal((await report(t(), { ...credential, reports: [last] })).body.duplicates, 1);

    const expected = [
      { metric: "uses", threshold: 80, period: "lifetime", used: 80, limit: 100 },
      { metric: "uses", threshold: 90, period: "lifetime", used: 90, limit: 100 },
      { metric: "uses", threshold: 100, period: "lifetime", used: 100, limit: 100 },
      { metric: "uses", threshold: 80, period: "lifetime", used: 164, limit: 200 },
      { metric: "uses", threshold: 90, period: "lifetime", used: 194, limit: 200 },
      { metric: "uses", threshold: 100, period: "lifetime", used: 214, limit: 200 },
    ];
    assert.deepEqual(
      (await alerts(license.id)).map(({ alertId: _id, ...rest }) => rest),
      expected,
    );
    const listed = await call("GET", "/v1/usage-alerts", undefined, {
      query: { licenseId: license.id },
    });
    assert.deepEqual(
      listed.body.data.map((a: Record<string, unknown>) => [a.threshold, a.used, a.limit]),
      expected.map((a) => [a.threshold, a.used, a.limit]),
    );
  });

  test("T8 the grace stage holds inside one batch: reports count in order up to the limit and its overage, as in separate requests", async () => {
    clock.set(START);
    const rules = { maxUses: 200, overage: { strategy: "percent", allowance: 10 } };
    const batched = await trackableLicense(t(), { rules });
    const split = await trackableLicense(t(), { rules });
    const [one, two] = [device(), device()];
    const credential = (lic: typeof batched) => ({
      handshakeCode: lic.code.code,
      productId: lic.productId,
    });
    await authorize(t(), { ...credential(batched), deviceId: one });
    await authorize(t(), { ...credential(split), deviceId: two });
    // Both at 216 of 200 (most 220): in the grace stage.
    for (const [lic, deviceId] of [
      [batched, one],
      [split, two],
    ] as const) {
      const sent = await report(t(), {
        ...credential(lic),
        reports: [usageReport(deviceId, { pages: 216 })],
      });
      assert.equal(sent.body.licenses[0].quota, "grace");
    }

    const pages = (deviceId: string) =>
      Array.from({ length: 100 }, () => usageReport(deviceId, { pages: 1 }));
    const batch = pages(one);
    const answer = await report(t(), { ...credential(batched), reports: batch });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.accepted, 4);
    assert.equal(answer.body.counted, 4);
    assert.deepEqual(
      answer.body.rejected,
      batch.slice(4).map((r) => ({ reportId: r.reportId, code: "QUOTA_EXCEEDED" })),
      "the first four count, in order; the rest are refused",
    );
    assert.deepEqual(answer.body.licenses, [{ licenseId: batched.license.id, quota: "exhausted" }]);
    assert.equal((await totals(batched.license.id))["lifetime/*"], 220);

    // The same usage in two requests: the same total.
    const halves = pages(two);
    for (const half of [halves.slice(0, 50), halves.slice(50)]) {
      await report(t(), { ...credential(split), reports: half });
    }
    assert.equal((await totals(split.license.id))["lifetime/*"], 220);

    // A retry is decided report by report: the counted ones are duplicates, the others are
    // refused again; once the quota is extended, they count (once).
    const retry = await report(t(), { ...credential(batched), reports: batch });
    assert.deepEqual(
      [retry.body.accepted, retry.body.duplicates, retry.body.rejected.length],
      [0, 4, 96],
    );
    await batched.call("PATCH", `/v1/licenses/${batched.license.id}`, {
      overrides: { maxUses: 1000 },
    });
    const extended = await report(t(), { ...credential(batched), reports: batch });
    assert.deepEqual(
      [extended.body.accepted, extended.body.duplicates, extended.body.rejected],
      [96, 4, []],
    );
    assert.equal((await totals(batched.license.id))["lifetime/*"], 316);
  });

  test("trackable settings: null removes a license's own setting, and the policy's applies again", async () => {
    clock.set(START);
    const { call, license, policy } = await trackableLicense(t());
    const onPolicy = await call("PUT", `/v1/policies/${policy.id}/trackable`, {
      period: "lifetime",
    });
    assert.equal(onPolicy.status, 200, onPolicy.text);
    const set = await call("PUT", `/v1/licenses/${license.id}/trackable`, {
      period: "month",
      inactiveDays: 30,
    });
    assert.deepEqual(set.body.data.own, { period: "month", inactiveDays: 30 });
    assert.equal(set.body.data.effective.period, "month");
    const removed = await call("PUT", `/v1/licenses/${license.id}/trackable`, { period: null });
    assert.equal(removed.status, 200, removed.text);
    assert.deepEqual(removed.body.data.own, { inactiveDays: 30 });
    assert.equal(removed.body.data.effective.period, "lifetime");
    const read = await call("GET", `/v1/licenses/${license.id}/trackable`);
    assert.deepEqual(read.body.data, removed.body.data);
  });

  test("T8 per-feature quota and thresholds set on the license; monthly period: alerts again next month, no roll-over", async () => {
    clock.set(START);
    const { call, license, code, productId } = await trackableLicense(t());
    const put = await call("PUT", `/v1/licenses/${license.id}/trackable`, {
      featureQuotas: { images: 10 },
      alertThresholds: [50],
      period: "month",
    });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.body.data.own, {
      featureQuotas: { images: 10 },
      alertThresholds: [50],
      period: "month",
    });
    assert.equal(put.body.data.effective.deviceModel, "per_device");
    const deviceId = device();
    const credential = { handshakeCode: code.code, productId };
    await authorize(t(), { ...credential, deviceId });
    await report(t(), {
      ...credential,
      reports: [usageReport(deviceId, { images: 6, scans: 1000 })],
    });
    assert.deepEqual(
      (await alerts(license.id)).map((a) => `${a.period}/${a.metric}/${a.threshold}`),
      ["2030-05/uses:images/50"],
    );
    await report(t(), { ...credential, reports: [usageReport(deviceId, { images: 4 })] });
    assert.equal((await authorize(t(), { ...credential, deviceId })).body.code, "QUOTA_EXCEEDED");

    clock.set(new Date("2030-06-02T00:00:00.000Z"));
    assert.equal(
      (await authorize(t(), { ...credential, deviceId })).body.valid,
      true,
      "a new month",
    );
    await report(t(), {
      ...credential,
      reports: [usageReport(deviceId, { images: 5 }, "2030-06-02")],
    });
    assert.deepEqual(
      (await alerts(license.id)).map((a) => `${a.period}/${a.metric}/${a.threshold}`),
      ["2030-05/uses:images/50", "2030-06/uses:images/50"],
    );
  });

  test("T10 a report keeps a concurrent seat alive; a public-trial device reports on its trial", async () => {
    clock.set(START);
    const { call, license, code, productId } = await trackableLicense(t(), {
      rules: { maxMachines: 1 },
      settings: { deviceModel: "concurrent", seatSeconds: 120 },
    });
    const credential = { handshakeCode: code.code, productId };
    const holder = device();
    await authorize(t(), { ...credential, deviceId: holder });
    for (let i = 0; i < 3; i++) {
      clock.advance(100_000);
      await report(t(), { ...credential, reports: [usageReport(holder, { scans: 1 })] });
    }
    assert.equal(
      (await authorize(t(), { ...credential, deviceId: device() })).body.code,
      "DEVICE_LIMIT_EXCEEDED",
    );
    clock.advance(121_000);
    assert.equal((await authorize(t(), { ...credential, deviceId: device() })).body.valid, true);

    const trialPolicy = (
      await call("POST", "/v1/policies", {
        productId,
        name: "trial",
        floating: true,
        maxMachines: null,
      })
    ).body.data;
    await call("PUT", `/v1/products/${productId}/trackable`, {
      publicTrialPolicyId: trialPolicy.id,
    });
    const tryer = device();
    const trial = await authorize(t(), { deviceId: tryer, productId });
    const sent = await report(t(), {
      productId,
      reports: [usageReport(tryer, { scans: 2 }), usageReport(device(), { scans: 9 })],
    });
    assert.equal(sent.body.accepted, 1);
    assert.equal(sent.body.rejected[0].code, "DEVICE_NOT_AUTHORIZED");
    assert.deepEqual(sent.body.licenses, [{ licenseId: trial.body.licenseId, quota: "ok" }]);
    assert.notEqual(trial.body.licenseId, license.id);
  });
});
