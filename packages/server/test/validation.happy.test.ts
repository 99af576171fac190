import assert from "node:assert/strict";
import { test } from "node:test";
import {
  activate,
  asLicenseKey,
  createEntitlement,
  createLicense,
  createPolicy,
  DAY,
} from "./licensing-fixtures.js";
import { api, errorCode, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const START = new Date("2030-03-01T00:00:00.000Z");

// Every code is produced from facts in test/domain/validation.test.ts; here each code whose
// facts come from the database is produced through the API.
forEachDatabase("validation over HTTP", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });
  const anonymous = () => api(t().app, null);

  async function setUp(rules: Record<string, unknown> = {}, product: Record<string, unknown> = {}) {
    const call = api(t().app, t().adminToken);
    const productResponse = await call("POST", "/v1/products", { name: "P", ...product });
    const policy = await createPolicy(call, productResponse.body.data.id, rules);
    return { call, policy, license: await createLicense(call, policy) };
  }

  async function validate(key: string, scope?: Record<string, unknown>) {
    const response = await anonymous()("POST", "/v1/licenses/actions/validate-key", {
      key,
      ...(scope ? { scope } : {}),
    });
    assert.equal(response.status, 200, response.text);
    return response.body;
  }

  test("VALID with the license and machine; NOT_FOUND for an unknown key", async () => {
    clock.set(START);
    const { license } = await setUp();
    const machine = await activate(t().app, license.key, "fp-1");
    const answer = await validate(license.key, { fingerprint: "fp-1" });
    assert.deepEqual([answer.valid, answer.code], [true, "VALID"]);
    assert.equal(answer.license.id, license.id);
    assert.equal(answer.machine.id, machine.id);
    const unknown = await validate("NO-SUCH-KEY-AT-ALL");
    assert.deepEqual(unknown, {
      valid: false,
      code: "NOT_FOUND",
      detail: "license not found",
      license: null,
      machine: null,
    });
  });

  test("device codes: NO_MACHINE, NO_MACHINES, FINGERPRINT_SCOPE_MISMATCH, TOO_MANY_MACHINES", async () => {
    const nodeLocked = await setUp();
    assert.equal((await validate(nodeLocked.license.key, { fingerprint: "x" })).code, "NO_MACHINE");
    await activate(t().app, nodeLocked.license.key, "fp-a");
    assert.equal(
      (await validate(nodeLocked.license.key, { fingerprint: "fp-b" })).code,
      "FINGERPRINT_SCOPE_MISMATCH",
    );
    const floating = await setUp({ floating: true, maxMachines: 3 });
    assert.equal((await validate(floating.license.key, { fingerprint: "x" })).code, "NO_MACHINES");
    for (const fp of ["1", "2", "3"]) await activate(t().app, floating.license.key, fp);
    // The vendor lowers the limit below what is activated.
    const lowered = await floating.call("PATCH", `/v1/licenses/${floating.license.id}`, {
      overrides: { maxMachines: 2 },
    });
    assert.equal(lowered.status, 200, lowered.text);
    assert.equal((await validate(floating.license.key)).code, "TOO_MANY_MACHINES");
  });

  test("scope codes from the product and policy: platform, app identifier, version, product", async () => {
    const { license } = await setUp(
      { minVersion: "2", maxVersion: "2" },
      { platforms: ["linux"], appIdentifiers: ["com.acme.app"] },
    );
    assert.equal(
      (await validate(license.key, { platform: "windows" })).code,
      "PLATFORM_NOT_ALLOWED",
    );
    assert.equal(
      (await validate(license.key, { appIdentifier: "com.other" })).code,
      "APP_IDENTIFIER_NOT_ALLOWED",
    );
    assert.equal(
      (await validate(license.key, { appVersion: "3.0.1" })).code,
      "VERSION_NOT_ALLOWED",
    );
    assert.equal(
      (await validate(license.key, { productId: "prod_0000000000000000000000000" })).code,
      "PRODUCT_SCOPE_MISMATCH",
    );
    const ok = await validate(license.key, {
      platform: "linux",
      appIdentifier: "com.acme.app",
      appVersion: "2.4",
      productId: license.productId,
    });
    assert.equal(ok.code, "VALID");
  });

  test("ENTITLEMENTS_MISSING until the policy or license grants them", async () => {
    const { call, policy, license } = await setUp();
    const exportId = await createEntitlement(call, `export-${license.id}`);
    const syncId = await createEntitlement(call, `sync-${license.id}`);
    const scope = { entitlements: [`export-${license.id}`, `sync-${license.id}`] };
    assert.equal((await validate(license.key, scope)).code, "ENTITLEMENTS_MISSING");
    await call("POST", `/v1/policies/${policy.id}/entitlements`, { entitlementIds: [exportId] });
    assert.equal((await validate(license.key, scope)).code, "ENTITLEMENTS_MISSING");
    await call("POST", `/v1/licenses/${license.id}/entitlements`, { entitlementIds: [syncId] });
    assert.equal((await validate(license.key, scope)).code, "VALID");
  });

  test("SUSPENDED, LOCKED (revoked), EXPIRED, QUOTA_EXCEEDED", async () => {
    clock.set(START);
    const suspended = await setUp();
    await suspended.call("POST", `/v1/licenses/${suspended.license.id}/actions/suspend`);
    assert.equal((await validate(suspended.license.key)).code, "SUSPENDED");
    const revoked = await setUp();
    await revoked.call("POST", `/v1/licenses/${revoked.license.id}/actions/revoke`);
    assert.equal((await validate(revoked.license.key)).code, "LOCKED");
    const timed = await setUp({ model: "timed", durationSeconds: DAY });
    const quota = await setUp({ maxUses: 10 });
    await t()
      .store.db.updateTable("licenses")
      .set({ uses: 11 })
      .where("id", "=", quota.license.id)
      .execute();
    assert.equal((await validate(quota.license.key)).code, "QUOTA_EXCEEDED");
    clock.advance(DAY * 1000);
    assert.equal((await validate(timed.license.key)).code, "EXPIRED");
  });

  test("OVERDUE until the license checks in; check-in works with the license key", async () => {
    clock.set(START);
    const { license } = await setUp({ checkInIntervalSeconds: 3600 });
    clock.advance(3601 * 1000);
    assert.equal((await validate(license.key)).code, "OVERDUE");
    const checkIn = await asLicenseKey(t().app, license.key)(
      "POST",
      `/v1/licenses/${license.id}/actions/check-in`,
    );
    assert.equal(checkIn.status, 200, checkIn.text);
    assert.equal(checkIn.body.data.lastCheckInAt, clock().toISOString());
    assert.equal((await validate(license.key)).code, "VALID");
  });

  test("HEARTBEAT_NOT_STARTED, then alive, then HEARTBEAT_DEAD", async () => {
    clock.set(START);
    const { license } = await setUp({
      floating: true,
      maxMachines: 2,
      heartbeat: { required: true, durationSeconds: 600, cullStrategy: "keep" },
    });
    const machine = await activate(t().app, license.key, "beater");
    const scope = { fingerprint: "beater" };
    assert.equal((await validate(license.key, scope)).code, "HEARTBEAT_NOT_STARTED");
    const beat = await asLicenseKey(t().app, license.key)(
      "POST",
      `/v1/machines/${machine.id}/actions/heartbeat`,
    );
    assert.equal(beat.status, 200, beat.text);
    assert.equal((await validate(license.key, scope)).code, "VALID");
    clock.advance(601 * 1000);
    assert.equal((await validate(license.key, scope)).code, "HEARTBEAT_DEAD");
    const late = await asLicenseKey(t().app, license.key)(
      "POST",
      `/v1/machines/${machine.id}/actions/heartbeat`,
    );
    assert.equal(late.status, 409);
    assert.equal(errorCode(late), "HEARTBEAT_DEAD");
  });

  test("a first_validation policy starts its clock at the first validation", async () => {
    clock.set(START);
    const { call, license } = await setUp({
      model: "timed",
      durationSeconds: 10 * DAY,
      expirationBasis: "first_validation",
    });
    clock.advance(3 * DAY * 1000);
    await validate(license.key);
    const stored = (await call("GET", `/v1/licenses/${license.id}`)).body.data;
    assert.equal(stored.firstValidatedAt, clock().toISOString());
    assert.equal(stored.expiresAt, new Date(clock().getTime() + 10 * DAY * 1000).toISOString());
  });

  test("validate by id needs a token that reaches the license; bad input is 400", async () => {
    const { call, license } = await setUp();
    const byId = await call("POST", `/v1/licenses/${license.id}/actions/validate`, {
      scope: { fingerprint: "none" },
    });
    assert.equal(byId.status, 200, byId.text);
    assert.equal(byId.body.code, "NO_MACHINE");
    const unauthenticated = await anonymous()(
      "POST",
      `/v1/licenses/${license.id}/actions/validate`,
      {},
    );
    assert.equal(unauthenticated.status, 401);
    for (const body of [{}, { key: 5 }, { key: "k", scope: { bogus: 1 } }, { key: "" }]) {
      const response = await anonymous()("POST", "/v1/licenses/actions/validate-key", body);
      assert.equal(response.status, 400, JSON.stringify(body));
    }
  });

  test("a burst of validations is counted in full", async () => {
    clock.set(START);
    const { call, license } = await setUp();
    await Promise.all(Array.from({ length: 120 }, () => validate(license.key)));
    await t().services.flush();
    const stats = await call("GET", "/v1/stats/validations", undefined, {
      query: { licenseId: license.id, from: "2030-03-01", to: "2030-03-01" },
    });
    assert.deepEqual(stats.body.data, [{ day: "2030-03-01", code: "VALID", count: 120 }]);
  });

  test("a validation records an event when its code changes, not when it repeats", async () => {
    clock.set(START);
    const { call, license } = await setUp();
    await validate(license.key);
    await validate(license.key);
    await validate(license.key, { fingerprint: "nope" });
    await validate(license.key, { fingerprint: "nope" });
    await validate(license.key);
    await t().services.flush();
    const events = await call("GET", "/v1/events", undefined, {
      query: { licenseId: license.id },
    });
    assert.deepEqual(
      events.body.data.map((e: { type: string; data: { code?: string } }) => [e.type, e.data.code]),
      [
        ["license.created", undefined],
        ["license.validation.succeeded", "VALID"],
        ["license.validation.failed", "NO_MACHINE"],
        ["license.validation.succeeded", "VALID"],
      ],
    );
  });
});
