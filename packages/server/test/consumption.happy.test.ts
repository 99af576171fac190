// Consumption licenses (SPEC L5): uses counted against maxUses with the policy's overage, one
// atomic UPDATE per call, so 50 racing consumers never pass the limit.
import assert from "node:assert/strict";
import { test } from "node:test";
import { offlineLicense } from "./offline-activation-fixtures.js";
import { api, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("consumption licenses: uses against the quota", (db) => {
  const t = useTestApp(db);

  const consume = (token: string, id: string, uses: number, headers?: Record<string, string>) =>
    api(t().app, token)("POST", `/v1/licenses/${id}/actions/consume`, { uses }, { headers });

  test("uses add up to maxUses plus the overage, then 422 USAGE_LIMIT_EXCEEDED", async () => {
    const license = await offlineLicense(api(t().app, t().adminToken), {
      model: "consumption",
      maxUses: 10,
      overage: { strategy: "count", allowance: 2 },
    });
    const first = await consume(t().adminToken, license.id, 7);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.data.uses, 7);
    assert.deepEqual(first.body.usage, { uses: 7, maxUses: 10, allowedUses: 12 });
    const overage = await consume(t().adminToken, license.id, 5);
    assert.equal(overage.status, 200, overage.text);
    assert.equal(overage.body.usage.uses, 12);
    const over = await consume(t().adminToken, license.id, 1);
    assert.equal(over.status, 422, over.text);
    assert.equal(errorCode(over), "USAGE_LIMIT_EXCEEDED");
    const events = await api(t().app, t().adminToken)(
      "GET",
      `/v1/events?licenseId=${license.id}&type=license.consumed`,
    );
    assert.equal(events.status, 200, events.text);
    assert.equal(events.body.data.length, 2);
  });

  test("the license holder consumes with its key; a retried report with an Idempotency-Key counts once", async () => {
    const license = await offlineLicense(api(t().app, t().adminToken), {
      model: "consumption",
      maxUses: 100,
    });
    const holder = (uses: number, key: string) =>
      t().app.inject({
        method: "POST",
        url: `/v1/licenses/${license.id}/actions/consume`,
        headers: {
          authorization: `License ${license.key}`,
          "content-type": "application/json",
          "idempotency-key": key,
        },
        payload: JSON.stringify({ uses }),
      });
    const report = await holder(30, "offline-report-1");
    assert.equal(report.statusCode, 200, report.body);
    const retry = await holder(30, "offline-report-1");
    assert.equal(retry.statusCode, 200, retry.body);
    const next = await holder(5, "offline-report-2");
    assert.equal(JSON.parse(next.body).data.uses, 35);
  });

  test("50 racing consumers on a quota of 20 take exactly 20 uses", async () => {
    const license = await offlineLicense(api(t().app, t().adminToken), {
      model: "consumption",
      maxUses: 20,
    });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => consume(t().adminToken, license.id, 1)),
    );
    const statuses = responses.map((response) => response.status);
    assert.equal(statuses.filter((status) => status === 200).length, 20, statuses.join(","));
    assert.equal(statuses.filter((status) => status === 422).length, 30, statuses.join(","));
    const row = await t()
      .store.db.selectFrom("licenses")
      .select("uses")
      .where("id", "=", license.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.uses, 20);
  });

  test("a policy without maxUses counts without a limit", async () => {
    const license = await offlineLicense(api(t().app, t().adminToken));
    const response = await consume(t().adminToken, license.id, 1_000_000);
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.body.usage, { uses: 1_000_000, maxUses: null, allowedUses: null });
  });
});
