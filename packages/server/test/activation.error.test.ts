import assert from "node:assert/strict";
import { test } from "node:test";
import {
  asLicenseKey,
  createLicense,
  createPolicy,
  createProduct,
  DAY,
} from "./licensing-fixtures.js";
import { machineRows } from "./machine-fixtures.js";
import { api, createOrganization, errorCode, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("activation: bad input and refusals", (db) => {
  const clock = manualClock(new Date("2030-01-02T00:00:00.000Z"));
  const t = useTestApp(db, { clock });

  async function license(rules: Record<string, unknown> = {}) {
    const call = api(t().app, t().adminToken);
    return createLicense(call, await createPolicy(call, await createProduct(call), rules));
  }

  test("malformed bodies are 400 and write nothing", async () => {
    const { key } = await license();
    const holder = asLicenseKey(t().app, key);
    const before = await machineRows(t().store);
    for (const [body, raw] of [
      [{}, undefined],
      [{ fingerprint: "" }, undefined],
      [{ fingerprint: 7 }, undefined],
      [{ fingerprint: "x".repeat(256) }, undefined],
      [{ fingerprint: "a", unknown: 1 }, undefined],
      [{ fingerprint: "a", variables: "not an object" }, undefined],
      [undefined, "{not json"],
    ] as const) {
      const response = await holder("POST", "/v1/machines", body, raw ? { raw } : {});
      assert.equal(response.status, 400, `${JSON.stringify(body ?? raw)}: ${response.text}`);
      assert.ok(errorCode(response), response.text);
    }
    assert.deepEqual(await machineRows(t().store), before);
  });

  test("an unknown key is 401; a license token names no other license", async () => {
    const response = await asLicenseKey(t().app, "NOT-A-REAL-KEY-123")("POST", "/v1/machines", {
      fingerprint: "a",
    });
    assert.equal(response.status, 401);
    const mine = await license();
    const other = await license();
    const crossed = await asLicenseKey(t().app, mine.key)("POST", "/v1/machines", {
      licenseId: other.id,
      fingerprint: "a",
    });
    assert.equal(crossed.status, 404);
    assert.equal(errorCode(crossed), "LICENSE_NOT_FOUND");
    const admin = await api(t().app, t().adminToken)("POST", "/v1/machines", { fingerprint: "a" });
    assert.equal(admin.status, 400);
    assert.equal(errorCode(admin), "LICENSE_REQUIRED");
  });

  test("another organization's license is unknown (404 as for a missing id)", async () => {
    const mine = await license();
    const other = await createOrganization(t().services, "Other");
    const asOther = api(t().app, other.adminToken);
    const before = await machineRows(t().store);
    const foreign = await asOther("POST", "/v1/machines", { licenseId: mine.id, fingerprint: "a" });
    const missing = await asOther("POST", "/v1/machines", {
      licenseId: "lic_00000000000000000000000000",
      fingerprint: "a",
    });
    assert.equal(foreign.status, 404);
    assert.equal(missing.status, 404);
    assert.equal(errorCode(foreign), errorCode(missing));
    assert.deepEqual(await machineRows(t().store), before);
  });

  test("suspended, revoked and expired licenses take no machines", async () => {
    const call = api(t().app, t().adminToken);
    const suspended = await license();
    await call("POST", `/v1/licenses/${suspended.id}/actions/suspend`);
    const revoked = await license();
    await call("POST", `/v1/licenses/${revoked.id}/actions/revoke`);
    const expired = await license({ model: "timed", durationSeconds: DAY });
    const allowed = await license({
      model: "timed",
      durationSeconds: DAY,
      expirationStrategy: "allow",
    });
    clock.advance(2 * DAY * 1000);
    for (const [item, code] of [
      [suspended, "LICENSE_SUSPENDED"],
      [revoked, "LICENSE_REVOKED"],
      [expired, "LICENSE_EXPIRED"],
    ] as const) {
      const response = await asLicenseKey(t().app, item.key)("POST", "/v1/machines", {
        fingerprint: "a",
      });
      assert.equal(response.status, 409, response.text);
      assert.equal(errorCode(response), code);
    }
    const response = await asLicenseKey(t().app, allowed.key)("POST", "/v1/machines", {
      fingerprint: "a",
    });
    assert.equal(response.status, 201, "expiration strategy allow keeps activating");
  });

  test("a device its product does not allow (platform, app identifier) takes no seat (R1)", async () => {
    const call = api(t().app, t().adminToken);
    const product = await call("POST", "/v1/products", {
      name: "Linux app",
      platforms: ["linux"],
      appIdentifiers: ["com.acme.app"],
    });
    assert.equal(product.status, 201, product.text);
    const policy = await createPolicy(call, product.body.data.id, {
      floating: true,
      maxMachines: 5,
    });
    const holder = asLicenseKey(t().app, (await createLicense(call, policy)).key);
    const before = await machineRows(t().store);
    for (const [fields, code] of [
      [{ platform: "windows" }, "PLATFORM_NOT_ALLOWED"],
      [{ platform: "linux", appIdentifier: "com.evil" }, "APP_IDENTIFIER_NOT_ALLOWED"],
    ] as const) {
      const refused = await holder("POST", "/v1/machines", { fingerprint: "dev-1", ...fields });
      assert.equal(refused.status, 403, refused.text);
      assert.equal(errorCode(refused), code);
    }
    assert.deepEqual(await machineRows(t().store), before, "nothing written");
    // Listed values, and values the device does not send, are not refused.
    for (const [fingerprint, fields] of [
      ["dev-2", { platform: "linux", appIdentifier: "com.acme.app" }],
      ["dev-3", {}],
    ] as const) {
      const ok = await holder("POST", "/v1/machines", { fingerprint, ...fields });
      assert.equal(ok.status, 201, ok.text);
    }
  });

  test("an activation naming another product takes no seat: 422 LICENSE_PRODUCT_MISMATCH", async () => {
    const call = api(t().app, t().adminToken);
    const [mine, other] = [await createProduct(call), await createProduct(call)];
    const license = await createLicense(call, await createPolicy(call, mine));
    const holder = asLicenseKey(t().app, license.key);
    const before = await machineRows(t().store);
    const refused = await holder("POST", "/v1/machines", {
      fingerprint: "dev-1",
      productId: other,
    });
    assert.equal(refused.status, 422, refused.text);
    assert.equal(errorCode(refused), "LICENSE_PRODUCT_MISMATCH");
    assert.deepEqual(await machineRows(t().store), before, "nothing written");
    const ok = await holder("POST", "/v1/machines", { fingerprint: "dev-1", productId: mine });
    assert.equal(ok.status, 201, ok.text);
  });

  test("a product token cannot activate on another product's license", async () => {
    const call = api(t().app, t().adminToken);
    const mine = await license();
    const otherProduct = await createProduct(call, "Other");
    const token = await call("POST", "/v1/tokens", { kind: "product", productId: otherProduct });
    const response = await api(t().app, token.body.data.token)("POST", "/v1/machines", {
      licenseId: mine.id,
      fingerprint: "a",
    });
    assert.equal(response.status, 403);
  });
});
