// Actions that change nothing record nothing: no event (so no webhook delivery) and no audit
// entry, by the one rule recordAudit applies (services/audit.ts, changesNothing), and no write
// (updatedAt stays); the answer is still 200 with the license. Also: a license key taken answers 409 KEY_TAKEN, a race of two
// creates with one key included; attaching an attached entitlement writes no audit entry.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import {
  createEntitlement,
  createLicense,
  createPolicy,
  createProduct,
} from "./licensing-fixtures.js";
import { type Api, api, createOrganization, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("no-op actions, taken keys", (db) => {
  const t = useTestApp(db, { webhooks: { allowPrivate: true } });
  let call: Api;
  let policy: { id: string; productId: string };

  beforeEach(async () => {
    // An organization per test, with an endpoint that takes every event type (nothing is sent:
    // the worker does not run here; the outbox rows are what is counted).
    call = api(t().app, (await createOrganization(t().services, "No-op")).adminToken);
    const endpoint = await call("POST", "/v1/webhook-endpoints", {
      url: "http://127.0.0.1:9/hook",
    });
    assert.equal(endpoint.status, 201, endpoint.text);
    policy = await createPolicy(call, await createProduct(call));
  });

  /** The license's events of `type`, its audit entries of that action, its deliveries of it. */
  async function recorded(licenseId: string, type: string) {
    const events = await call("GET", "/v1/events", undefined, { query: { licenseId, type } });
    assert.equal(events.status, 200, events.text);
    const audit = await call("GET", "/v1/audit-log", undefined, {
      query: { resourceType: "license", resourceId: licenseId },
    });
    assert.equal(audit.status, 200, audit.text);
    const eventIds = events.body.data.map((event: { id: string }) => event.id);
    const deliveries =
      eventIds.length === 0
        ? []
        : await t()
            .store.db.selectFrom("webhook_deliveries")
            .select(["id", "event_id"])
            .where("event_id", "in", eventIds)
            .execute();
    return {
      events: eventIds.length,
      audit: audit.body.data.filter((entry: { action: string }) => entry.action === type).length,
      deliveries: deliveries.length,
    };
  }

  async function action(licenseId: string, name: string) {
    const response = await call("POST", `/v1/licenses/${licenseId}/actions/${name}`);
    assert.equal(response.status, 200, response.text);
    return response.body.data;
  }

  test("suspending twice: one event, one webhook delivery, one audit entry", async () => {
    const license = await createLicense(call, policy);
    const suspended = await action(license.id, "suspend");
    assert.equal(suspended.status, "suspended");
    const again = await action(license.id, "suspend");
    assert.equal(again.status, "suspended");
    // Nothing was written: a sync by updatedAt sees no change.
    assert.equal(again.updatedAt, suspended.updatedAt);
    assert.deepEqual(await recorded(license.id, "license.suspended"), {
      events: 1,
      audit: 1,
      deliveries: 1,
    });
  });

  test("reinstating an active license records nothing", async () => {
    const license = await createLicense(call, policy);
    assert.equal((await action(license.id, "reinstate")).status, "active");
    assert.deepEqual(await recorded(license.id, "license.reinstated"), {
      events: 0,
      audit: 0,
      deliveries: 0,
    });
    // A real reinstatement still records its event.
    await action(license.id, "suspend");
    await action(license.id, "reinstate");
    assert.deepEqual(await recorded(license.id, "license.reinstated"), {
      events: 1,
      audit: 1,
      deliveries: 1,
    });
  });

  test("a PATCH repeating the current values records nothing", async () => {
    const license = await createLicense(call, policy, {
      name: "Same",
      metadata: { plan: "pro" },
      expiresAt: "2030-01-01T00:00:00.000Z",
    });
    const response = await call("PATCH", `/v1/licenses/${license.id}`, {
      name: license.name,
      metadata: license.metadata,
      expiresAt: license.expiresAt,
      overrides: license.overrides,
      policyId: license.policyId,
    });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.data.name, "Same");
    assert.equal(response.body.data.updatedAt, license.updatedAt);
    assert.deepEqual(await recorded(license.id, "license.updated"), {
      events: 0,
      audit: 0,
      deliveries: 0,
    });
    // A PATCH that changes something still records it.
    const changed = await call("PATCH", `/v1/licenses/${license.id}`, { name: "Other" });
    assert.equal(changed.status, 200, changed.text);
    assert.deepEqual(await recorded(license.id, "license.updated"), {
      events: 1,
      audit: 1,
      deliveries: 1,
    });
  });

  test("attaching an attached entitlement writes no audit entry; detaching a detached one neither", async () => {
    const license = await createLicense(call, policy);
    const [a, b] = [await createEntitlement(call, "a"), await createEntitlement(call, "b")];
    const path = `/v1/licenses/${license.id}/entitlements`;
    const entries = async (action: string) => {
      const audit = await call("GET", "/v1/audit-log", undefined, {
        query: { resourceType: "license", resourceId: license.id },
      });
      assert.equal(audit.status, 200, audit.text);
      return audit.body.data
        .filter((entry: { action: string }) => entry.action === action)
        .map((entry: { after: unknown; before: unknown }) => entry.after ?? entry.before);
    };
    assert.equal((await call("POST", path, { entitlementIds: [a] })).status, 204);
    assert.equal((await call("POST", path, { entitlementIds: [a] })).status, 204);
    assert.deepEqual(await entries("license.entitlements_attached"), [{ entitlementIds: [a] }]);
    // Attaching one attached and one new: the entry names the new one only.
    assert.equal((await call("POST", path, { entitlementIds: [a, b] })).status, 204);
    assert.deepEqual(await entries("license.entitlements_attached"), [
      { entitlementIds: [a] },
      { entitlementIds: [b] },
    ]);
    assert.equal((await call("DELETE", path, { entitlementIds: [b] })).status, 204);
    assert.equal((await call("DELETE", path, { entitlementIds: [b] })).status, 204);
    assert.deepEqual(await entries("license.entitlements_detached"), [{ entitlementIds: [b] }]);
  });

  test("a key already taken answers 409 KEY_TAKEN, in this organization or another", async () => {
    const key = `TAKEN-${Math.random().toString(36).slice(2)}`;
    await createLicense(call, policy, { key });
    const again = await call("POST", "/v1/licenses", { policyId: policy.id, key });
    assert.equal(again.status, 409, again.text);
    assert.equal(errorCode(again), "KEY_TAKEN");
    // Keys are unique across the server (a key alone names its license when checked).
    const other = api(t().app, (await createOrganization(t().services, "Other")).adminToken);
    const otherPolicy = await createPolicy(other, await createProduct(other));
    const elsewhere = await other("POST", "/v1/licenses", { policyId: otherPolicy.id, key });
    assert.equal(elsewhere.status, 409, elsewhere.text);
    assert.equal(errorCode(elsewhere), "KEY_TAKEN");
    // Nothing of the refused creates was recorded.
    const events = await call("GET", "/v1/events", undefined, {
      query: { type: "license.created" },
    });
    assert.equal(events.body.data.length, 1);
  });

  test("two creates racing with one key: one 201, the other 409 KEY_TAKEN", async () => {
    for (let round = 0; round < 3; round++) {
      const key = `RACE-${round}-${Math.random().toString(36).slice(2)}`;
      const answers = await Promise.all(
        [0, 1].map(() => call("POST", "/v1/licenses", { policyId: policy.id, key })),
      );
      assert.deepEqual(answers.map((answer) => answer.status).sort(), [201, 409]);
      const refused = answers.find((answer) => answer.status === 409)!;
      assert.equal(errorCode(refused), "KEY_TAKEN", refused.text);
    }
  });
});
