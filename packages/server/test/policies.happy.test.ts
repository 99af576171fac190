import assert from "node:assert/strict";
import { test } from "node:test";
import { createLicense, createPolicy, createProduct, DAY } from "./licensing-fixtures.js";
import { api, createOrganization, listAll, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const POLICY_ID = /^pol_[0-9a-hjkmnp-tv-z]{26}$/;

forEachDatabase("policies: happy paths", (db) => {
  const clock = manualClock(new Date("2030-01-02T03:04:05.678Z"));
  const t = useTestApp(db, { clock });

  test("create fills every rule with its default and GET returns the same policy", async () => {
    const call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const created = await call("POST", "/v1/policies", { productId, name: "Basic" });
    assert.equal(created.status, 201, created.text);
    const policy = created.body.data;
    assert.match(policy.id, POLICY_ID);
    assert.deepEqual(
      { ...policy, id: "x" },
      {
        id: "x",
        productId,
        name: "Basic",
        model: "perpetual",
        durationSeconds: null,
        floating: false,
        maxMachines: 1,
        maxUses: null,
        overage: { strategy: "none", allowance: 0 },
        heartbeat: { required: false, durationSeconds: null, cullStrategy: "deactivate" },
        leaseDurationSeconds: DAY,
        offlineGraceSeconds: 7 * DAY,
        scheme: null,
        expirationStrategy: "restrict",
        expirationBasis: "creation",
        checkInIntervalSeconds: null,
        minVersion: null,
        maxVersion: null,
        metadata: {},
        createdAt: "2030-01-02T03:04:05.678Z",
        updatedAt: "2030-01-02T03:04:05.678Z",
      },
    );
    const fetched = await call("GET", `/v1/policies/${policy.id}`);
    assert.equal(fetched.status, 200);
    assert.deepEqual(fetched.body.data, policy);
  });

  test("every license model, with every rule given, round-trips", async () => {
    const call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const full = {
      model: "subscription",
      durationSeconds: 30 * DAY,
      floating: true,
      maxMachines: 5,
      maxUses: 10_000,
      overage: { strategy: "percent", allowance: 20 },
      heartbeat: { required: true, durationSeconds: 600, cullStrategy: "keep" },
      leaseDurationSeconds: 3600,
      offlineGraceSeconds: 30 * DAY,
      scheme: "ED25519_SIGN",
      expirationStrategy: "maintain",
      expirationBasis: "first_activation",
      checkInIntervalSeconds: 7 * DAY,
      minVersion: "2.0",
      maxVersion: "2",
      metadata: { tier: "pro" },
    };
    const policy = await createPolicy(call, productId, full);
    const { id, createdAt, updatedAt, productId: owner, name, ...rest } = policy;
    assert.equal(owner, productId);
    assert.deepEqual(rest, full);
    for (const rules of [
      { model: "timed", durationSeconds: 365 * DAY },
      { model: "trial", durationSeconds: 14 * DAY },
      { model: "consumption", maxUses: 500, overage: { strategy: "count", allowance: 50 } },
      { model: "perpetual", floating: true },
    ]) {
      const created = await createPolicy(call, productId, rules);
      for (const [key, value] of Object.entries(rules)) assert.deepEqual(created[key], value, key);
    }
  });

  test("list pages, filters by product and shows nothing of other products", async () => {
    const { adminToken } = await createOrganization(t().services, "Listing");
    const call = api(t().app, adminToken);
    const first = await createProduct(call, "first");
    const second = await createProduct(call, "second");
    const a = [
      await createPolicy(call, first),
      await createPolicy(call, first),
      await createPolicy(call, first),
    ];
    const b = await createPolicy(call, second);
    const all = await listAll(call, "/v1/policies");
    assert.deepEqual(
      all.map((p) => p.id),
      [...a.map((p) => p.id), b.id],
    );
    const page = await call("GET", `/v1/policies?productId=${first}&limit=2`);
    assert.equal(page.status, 200);
    assert.deepEqual(
      page.body.data.map((p: { id: string }) => p.id),
      [a[0].id, a[1].id],
    );
    assert.equal(page.body.nextCursor, a[1].id);
    const rest = await call(
      "GET",
      `/v1/policies?productId=${first}&limit=2&cursor=${page.body.nextCursor}`,
    );
    assert.deepEqual(
      rest.body.data.map((p: { id: string }) => p.id),
      [a[2].id],
    );
    assert.equal(rest.body.nextCursor, null);
    const other = await call("GET", `/v1/policies?productId=${second}`);
    assert.deepEqual(
      other.body.data.map((p: { id: string }) => p.id),
      [b.id],
    );
  });

  test("PATCH merges rules, keeps the rest and re-checks the whole", async () => {
    const call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const policy = await createPolicy(call, productId, {
      model: "timed",
      durationSeconds: DAY,
      heartbeat: { required: true, durationSeconds: 300 },
    });
    clock.advance(1000);
    const patched = await call("PATCH", `/v1/policies/${policy.id}`, {
      name: "Renamed",
      durationSeconds: 2 * DAY,
      heartbeat: { cullStrategy: "keep" },
      floating: true,
      metadata: { a: 1 },
    });
    assert.equal(patched.status, 200, patched.text);
    const updated = patched.body.data;
    assert.equal(updated.name, "Renamed");
    assert.equal(updated.durationSeconds, 2 * DAY);
    assert.deepEqual(updated.heartbeat, {
      required: true,
      durationSeconds: 300,
      cullStrategy: "keep",
    });
    assert.equal(updated.floating, true);
    assert.equal(updated.maxMachines, null);
    assert.deepEqual(updated.metadata, { a: 1 });
    assert.equal(updated.createdAt, policy.createdAt);
    assert.notEqual(updated.updatedAt, policy.updatedAt);
    assert.deepEqual((await call("GET", `/v1/policies/${policy.id}`)).body.data, updated);
  });

  test("the scheme may change while no license uses the policy, not after", async () => {
    const call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const policy = await createPolicy(call, productId);
    const changed = await call("PATCH", `/v1/policies/${policy.id}`, { scheme: "ED25519_SIGN" });
    assert.equal(changed.status, 200, changed.text);
    await createLicense(call, policy);
    const refused = await call("PATCH", `/v1/policies/${policy.id}`, {
      scheme: "RSA_2048_PKCS1_SIGN_V2",
    });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, "POLICY_IN_USE");
    assert.equal((await call("GET", `/v1/policies/${policy.id}`)).body.data.scheme, "ED25519_SIGN");
    // Other rules still change.
    const renamed = await call("PATCH", `/v1/policies/${policy.id}`, { name: "still editable" });
    assert.equal(renamed.status, 200);
  });

  test("DELETE removes an unused policy; a policy with licenses answers 409", async () => {
    const call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const unused = await createPolicy(call, productId);
    const deleted = await call("DELETE", `/v1/policies/${unused.id}`);
    assert.equal(deleted.status, 204);
    assert.equal((await call("GET", `/v1/policies/${unused.id}`)).status, 404);

    const used = await createPolicy(call, productId);
    const license = await createLicense(call, used);
    const refused = await call("DELETE", `/v1/policies/${used.id}`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, "POLICY_IN_USE");
    assert.equal((await call("DELETE", `/v1/licenses/${license.id}`)).status, 204);
    assert.equal((await call("DELETE", `/v1/policies/${used.id}`)).status, 204);
  });

  test("a product with policies cannot be deleted (409), and keeps them", async () => {
    const call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const policy = await createPolicy(call, productId);
    const refused = await call("DELETE", `/v1/products/${productId}`);
    assert.equal(refused.status, 409);
    assert.equal((await call("GET", `/v1/policies/${policy.id}`)).status, 200);
  });

  test("a product token manages its own product's policies", async () => {
    const call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const token = await call("POST", "/v1/tokens", { kind: "product", productId });
    const asProduct = api(t().app, token.body.data.token);
    const policy = await createPolicy(asProduct, productId, {
      model: "trial",
      durationSeconds: 7 * DAY,
    });
    assert.equal((await asProduct("GET", `/v1/policies/${policy.id}`)).status, 200);
    assert.equal(
      (await asProduct("PATCH", `/v1/policies/${policy.id}`, { name: "x" })).status,
      200,
    );
    const listed = await listAll(asProduct, "/v1/policies");
    assert.deepEqual(
      listed.map((p) => p.id),
      [policy.id],
    );
    assert.equal((await asProduct("DELETE", `/v1/policies/${policy.id}`)).status, 204);
  });
});
