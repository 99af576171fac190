// GET /v1/events in either order: newest first (order=desc) pages back through the same events
// oldest first lists, each once, filtered or not, and only the caller's organization's.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import { type Api, api, createOrganization, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

interface Event {
  id: string;
  type: string;
  licenseId: string | null;
}

/** Every page of /v1/events under `query`, `limit` at a time: each page's ids, in order. */
async function pages(call: Api, query: Record<string, string>, limit: number) {
  const found: Event[][] = [];
  let cursor: string | null = null;
  do {
    const response = await call("GET", "/v1/events", undefined, {
      query: { ...query, limit: String(limit), ...(cursor ? { cursor } : {}) },
    });
    assert.equal(response.status, 200, response.text);
    found.push(response.body.data);
    cursor = response.body.nextCursor;
    assert.ok(found.length < 100, "nextCursor never became null");
  } while (cursor !== null);
  return found;
}

const ids = (events: Event[]) => events.map((event) => event.id);

forEachDatabase("events: newest first", (db) => {
  const t = useTestApp(db);
  let call: Api;
  let licenseIds: string[];

  before(async () => {
    // Events of another organization, interleaved with these: never in this one's lists.
    const other = await createOrganization(t().services, "Other");
    const asOther = api(t().app, other.adminToken);
    const otherPolicy = await createPolicy(asOther, await createProduct(asOther));
    call = api(t().app, (await createOrganization(t().services, "Events")).adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    licenseIds = [];
    for (let i = 0; i < 4; i++) {
      const license = await createLicense(call, policy);
      licenseIds.push(license.id);
      await createLicense(asOther, otherPolicy);
      for (const action of ["suspend", "reinstate"]) {
        const response = await call("POST", `/v1/licenses/${license.id}/actions/${action}`);
        assert.equal(response.status, 200, response.text);
      }
    }
  });

  test("order=desc pages through every event once, newest first", async () => {
    const oldestFirst = (await pages(call, {}, 100)).flat();
    assert.equal(oldestFirst.length, 12);
    assert.ok(oldestFirst.every((event) => licenseIds.includes(event.licenseId ?? "")));
    const ascending = ids(oldestFirst);
    assert.deepEqual(ascending, [...ascending].sort());
    // Pages of 5 from the newest: 5, 5 and the last 2; the cursor of each page leads to the next.
    const newest = await pages(call, { order: "desc" }, 5);
    assert.deepEqual(
      newest.map((page) => page.length),
      [5, 5, 2],
    );
    assert.deepEqual(ids(newest.flat()), [...ascending].reverse());
    // The default is oldest first, as order=asc says.
    assert.deepEqual(ids((await pages(call, { order: "asc" }, 5)).flat()), ascending);
  });

  test("order=desc with filters: a license's events, and one type's", async () => {
    const [, licenseId] = licenseIds;
    const ofLicense = ids((await pages(call, { licenseId: licenseId! }, 100)).flat());
    assert.equal(ofLicense.length, 3);
    const newest = await pages(call, { licenseId: licenseId!, order: "desc" }, 2);
    assert.deepEqual(ids(newest.flat()), [...ofLicense].reverse());
    assert.deepEqual(
      newest.flat().map((event) => event.type),
      ["license.reinstated", "license.suspended", "license.created"],
    );
    const suspended = await pages(call, { type: "license.suspended", order: "desc" }, 3);
    assert.deepEqual(
      suspended.flat().map((event) => event.licenseId),
      [...licenseIds].reverse(),
    );
  });

  test("an order other than asc or desc → 400 naming query.order", async () => {
    const response = await call("GET", "/v1/events", undefined, { query: { order: "newest" } });
    assert.equal(response.status, 400, response.text);
    assert.equal(errorCode(response), "VALIDATION_FAILED");
    assert.equal(response.body.error.details[0].path, "query.order");
  });
});
