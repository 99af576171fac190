// Usage reports with bad input (SPEC T6): a clear 4xx and nothing written.
import assert from "node:assert/strict";
import { test } from "node:test";
import { manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import {
  authorize,
  device,
  report,
  trackableLicense,
  trackableRows,
  usageReport,
} from "./trackable-fixtures.js";

const START = new Date("2030-05-01T12:00:00.000Z");

forEachDatabase("usage reports: bad input", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  test("malformed batches → 400, nothing written", async () => {
    const { code, productId } = await trackableLicense(t());
    const deviceId = device();
    await authorize(t(), { handshakeCode: code.code, deviceId, productId });
    const good = usageReport(deviceId, { scans: 1 });
    const credential = { handshakeCode: code.code, productId };
    const before = await trackableRows(t());
    const bad: Array<[string, Record<string, unknown>, string]> = [
      ["no reports", { ...credential, reports: [] }, "VALIDATION_FAILED"],
      ["unknown member", { ...credential, reports: [good], extra: 1 }, "VALIDATION_FAILED"],
      [
        "unknown report member",
        { ...credential, reports: [{ ...good, user: "x" }] },
        "VALIDATION_FAILED",
      ],
      [
        "negative count",
        { ...credential, reports: [{ ...good, counters: { scans: -1 } }] },
        "VALIDATION_FAILED",
      ],
      [
        "fractional count",
        { ...credential, reports: [{ ...good, counters: { scans: 1.5 } }] },
        "VALIDATION_FAILED",
      ],
      [
        "feature *",
        { ...credential, reports: [{ ...good, counters: { "*": 1 } }] },
        "VALIDATION_FAILED",
      ],
      [
        "not a date",
        { ...credential, reports: [{ ...good, periodStart: "yesterday" }] },
        "VALIDATION_FAILED",
      ],
      [
        "period backwards",
        {
          ...credential,
          reports: [
            good,
            { ...usageReport(deviceId, { scans: 1 }), periodEnd: "2030-04-01T00:00:00.000Z" },
          ],
        },
        "INVALID_REPORT",
      ],
      [
        "too many reports",
        {
          ...credential,
          reports: Array.from({ length: 1001 }, () => usageReport(deviceId, { scans: 1 })),
        },
        "VALIDATION_FAILED",
      ],
      ["no product", { handshakeCode: code.code, reports: [good] }, "VALIDATION_FAILED"],
    ];
    for (const [what, body, expected] of bad) {
      const answer = await report(t(), body);
      assert.equal(answer.status, 400, `${what}: ${answer.text}`);
      assert.equal(answer.body.error.code, expected, what);
    }
    assert.deepEqual(await trackableRows(t()), before);
  });

  test("one report id twice in a batch: counted once", async () => {
    const { license, code, productId } = await trackableLicense(t());
    const deviceId = device();
    await authorize(t(), { handshakeCode: code.code, deviceId, productId });
    const one = usageReport(deviceId, { scans: 4 });
    const answer = await report(t(), {
      handshakeCode: code.code,
      productId,
      reports: [one, { ...one, counters: { scans: 400 } }],
    });
    assert.equal(answer.body.accepted, 1);
    assert.equal(answer.body.duplicates, 1);
    const total = await t()
      .store.db.selectFrom("usage_totals")
      .select("count")
      .where("license_id", "=", license.id)
      .where("feature", "=", "*")
      .executeTakeFirstOrThrow();
    assert.equal(Number(total.count), 4);
  });

  test("usage reads: unknown groupBy or dates → 400", async () => {
    const { call, license } = await trackableLicense(t());
    for (const query of ["?groupBy=week", "?groupBy=day&from=May", "?groupBy=day&junk=1"]) {
      const answer = await call("GET", `/v1/licenses/${license.id}/usage${query}`);
      assert.equal(answer.status, 400, `${query}: ${answer.text}`);
    }
    // As the stats routes: a range that ends before it starts is a mistake, not "no usage".
    const backwards = await call(
      "GET",
      `/v1/licenses/${license.id}/usage?from=2026-12-31&to=2026-01-01`,
    );
    assert.equal(backwards.status, 400, backwards.text);
    assert.equal(backwards.body.error.code, "INVALID_DATE_RANGE");
    const settings = await call("PUT", `/v1/licenses/${license.id}/trackable`, {
      deviceModel: "per_seat",
    });
    assert.equal(settings.status, 400);
    const thresholds = await call("PUT", `/v1/licenses/${license.id}/trackable`, {
      alertThresholds: [80, 80],
    });
    assert.equal(thresholds.status, 400);
  });
});
