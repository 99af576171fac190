import assert from "node:assert/strict";
import { test } from "node:test";
import { createLicense, createPolicy } from "./licensing-fixtures.js";
import { api, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const START = new Date("2030-03-01T00:00:00.000Z");
const HOUR = 60 * 60_000;

// An answer at an expiry boundary: the services' clock moves an hour at every read, so any
// second read of it (by a presenter) lands after the license's expiry. The status shown must
// be the one at the decision's time, agreeing with the answer's code.
forEachDatabase("the presenter uses the decision's time", (db) => {
  let now = START.getTime();
  let ticking = false;
  let reads = 0;
  const clock = () => {
    const current = new Date(now);
    if (ticking) {
      reads += 1;
      now += HOUR;
    }
    return current;
  };
  const t = useTestApp(db, { clock });

  test("a license valid at the decision shows active, though the clock has passed its expiry", async () => {
    const call = api(t().app, t().adminToken);
    const product = await call("POST", "/v1/products", { name: "P" });
    const policy = await createPolicy(call, product.body.data.id);
    const license = await createLicense(call, policy);
    const expiresAt = new Date(now + HOUR / 2).toISOString();
    const patched = await call("PATCH", `/v1/licenses/${license.id}`, { expiresAt });
    assert.equal(patched.status, 200, patched.text);

    ticking = true;
    const answer = await api(t().app, null)("POST", "/v1/licenses/actions/validate-key", {
      key: license.key,
    });
    ticking = false;
    assert.equal(answer.status, 200, answer.text);
    // The decision read it; any later read (a presenter's) would see the license expired.
    assert.ok(reads >= 1, "the decision did not read the services' clock");
    assert.deepEqual([answer.body.valid, answer.body.code], [true, "VALID"]);
    assert.equal(answer.body.license.expiresAt, expiresAt);
    assert.equal(answer.body.license.status, "active");
  });
});
