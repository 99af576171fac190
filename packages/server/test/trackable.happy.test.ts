// Trackable licenses, device side (SPEC T2–T4, T9, T11): every resolution row of T2, public and
// private trials, signed answers, bindings, renewal and quota extension keeping the code.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createLicense, createPolicy, DAY } from "./licensing-fixtures.js";
import { api, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import {
  authorize,
  device,
  trackableLicense,
  trackableRows,
  verifiedClaims,
} from "./trackable-fixtures.js";

const START = new Date("2030-05-01T00:00:00.000Z");
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

forEachDatabase("trackable authorization", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  test("T2 org only → the default code's license; a signed lease with the offline period (T9)", async () => {
    clock.set(START);
    const { productId, license, code } = await trackableLicense(t(), {
      rules: { leaseDurationSeconds: 3600, offlineGraceSeconds: 5 * DAY },
    });
    assert.equal(
      (await api(t().app, t().adminToken)("GET", `/v1/handshake-codes/${code.id}`)).body.data
        .isDefault,
      true,
      "the organization's first code is its default",
    );
    const deviceId = device();
    const nonce = "bm9uY2Utb25l";
    const answer = await authorize(t(), {
      organizationId: t().organizationId,
      deviceId,
      productId,
      nonce,
    });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.valid, true);
    assert.equal(answer.body.code, "VALID");
    assert.equal(answer.body.licenseId, license.id);
    assert.equal(answer.body.quota, "ok");
    assert.equal(answer.body.trial, null);
    const { claims, state } = await verifiedClaims(
      t(),
      t().organizationId,
      answer.body.lease,
      clock(),
      {
        fingerprint: deviceId,
        nonce,
      },
    );
    assert.equal(state, "valid");
    assert.equal(claims.lic, license.id);
    assert.equal(claims.org, t().organizationId);
    assert.equal(claims.prod, productId);
    assert.equal(claims.hsc, code.id);
    assert.equal(claims.off, 5 * DAY);
    assert.equal(claims.iat, seconds(START));
    assert.equal(claims.exp, seconds(START) + 3600);
    assert.equal(claims.gr, seconds(START) + 3600 + 5 * DAY);
    assert.match(claims.mach, /^mach_/);
  });

  test("T2 org + code → that code's licenses; code only → the same; a named code is not the default", async () => {
    clock.set(START);
    const first = await trackableLicense(t());
    // A second, non-default code with its own license of the same product.
    const named = await first.call("POST", "/v1/handshake-codes", { name: "kiosks" });
    assert.equal(named.body.data.isDefault, false);
    const second = await createLicense(first.call, first.policy);
    await first.call("POST", `/v1/licenses/${second.id}/actions/bind-handshake-code`, {
      handshakeCodeId: named.body.data.id,
    });
    const deviceId = device();
    const both = await authorize(t(), {
      organizationId: t().organizationId,
      handshakeCode: named.body.data.code,
      deviceId,
      productId: first.productId,
    });
    assert.equal(both.status, 200, both.text);
    assert.equal(both.body.licenseId, second.id);
    const codeOnly = await authorize(t(), {
      handshakeCode: named.body.data.code,
      deviceId,
      productId: first.productId,
    });
    assert.equal(codeOnly.body.licenseId, second.id);
    const claims = (await verifiedClaims(t(), t().organizationId, codeOnly.body.lease, clock()))
      .claims;
    assert.equal(claims.hsc, named.body.data.id);
  });

  test("T2 neither → a 7-day public trial, once per device: the same trial back, then its expiry", async () => {
    clock.set(START);
    const { call, productId } = await trackableLicense(t());
    const trialPolicy = await createPolicy(call, productId, {
      model: "trial",
      durationSeconds: 7 * DAY,
      floating: true,
      maxMachines: null,
    });
    assert.equal(
      (
        await call("PUT", `/v1/products/${productId}/trackable`, {
          publicTrialPolicyId: trialPolicy.id,
        })
      ).status,
      200,
    );
    const deviceId = device();
    const first = await authorize(t(), { deviceId, productId });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.valid, true);
    assert.deepEqual(first.body.trial, {
      kind: "public",
      expiresAt: new Date(START.getTime() + 7 * DAY * 1000).toISOString(),
    });
    const claims = (await verifiedClaims(t(), t().organizationId, first.body.lease, clock()))
      .claims;
    assert.equal(claims.trial, "public");
    assert.equal(claims.hsc, undefined);

    clock.advance(3 * DAY * 1000);
    const again = await authorize(t(), { deviceId, productId });
    assert.equal(again.body.licenseId, first.body.licenseId);
    assert.deepEqual(again.body.trial, first.body.trial);

    // Expired: the same trial, refused with a signed lock; never a fresh one.
    clock.advance(5 * DAY * 1000);
    const expired = await authorize(t(), { deviceId, productId });
    assert.equal(expired.status, 200, expired.text);
    assert.equal(expired.body.valid, false);
    assert.equal(expired.body.code, "LICENSE_EXPIRED");
    assert.equal(expired.body.licenseId, first.body.licenseId);
    const lock = await verifiedClaims(t(), t().organizationId, expired.body.lease, clock());
    assert.equal(lock.state, "locked");

    // Another device gets its own trial.
    const other = await authorize(t(), { deviceId: device(), productId });
    assert.equal(other.body.valid, true);
    assert.notEqual(other.body.licenseId, first.body.licenseId);
  });

  test("T2 neither, for a product without a public trial → 404 TRIAL_NOT_AVAILABLE, nothing written", async () => {
    clock.set(START);
    const { productId } = await trackableLicense(t());
    const before = await trackableRows(t());
    const answer = await authorize(t(), { deviceId: device(), productId });
    assert.equal(answer.status, 404);
    assert.equal(answer.body.error.code, "TRIAL_NOT_AVAILABLE");
    assert.deepEqual(await trackableRows(t()), before);
  });

  test("T3 a 30-day private trial on the default code: created once, reached by organization id", async () => {
    clock.set(START);
    const { call, productId } = await trackableLicense(t());
    const trialPolicy = await createPolicy(call, productId, {
      model: "trial",
      durationSeconds: 30 * DAY,
      floating: true,
      maxMachines: null,
    });
    const created = await call("POST", "/v1/trackable/private-trials", {
      policyId: trialPolicy.id,
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(
      created.body.data.expiresAt,
      new Date(START.getTime() + 30 * DAY * 1000).toISOString(),
    );
    const again = await call("POST", "/v1/trackable/private-trials", { policyId: trialPolicy.id });
    assert.equal(again.status, 200);
    assert.equal(again.body.data.licenseId, created.body.data.licenseId);

    const license = await call("GET", `/v1/licenses/${created.body.data.licenseId}`);
    assert.equal(license.body.data.expiresAt, created.body.data.expiresAt);
    // The trial is the product's license on the default code: the organization id reaches it.
    const deviceId = device();
    const answer = await authorize(t(), {
      organizationId: t().organizationId,
      deviceId,
      productId,
    });
    assert.equal(answer.body.valid, true);
    assert.equal(answer.body.licenseId, created.body.data.licenseId);
    assert.equal(answer.body.trial.kind, "private");
  });

  test("T3 bind: to the default when no code is named, unbind makes the license unreachable", async () => {
    clock.set(START);
    const { call, license, productId, code } = await trackableLicense(t());
    const unbound = await call("POST", `/v1/licenses/${license.id}/actions/unbind-handshake-code`);
    assert.deepEqual(unbound.body.data, { licenseId: license.id, handshakeCodeId: null });
    const refused = await authorize(t(), {
      handshakeCode: code.code,
      deviceId: device(),
      productId,
    });
    assert.equal(refused.status, 404);
    assert.equal(refused.body.error.code, "LICENSE_NOT_FOUND");
    const rebound = await call(
      "POST",
      `/v1/licenses/${license.id}/actions/bind-handshake-code`,
      {},
    );
    assert.equal(rebound.status, 200, rebound.text);
    const defaultCode = (await call("GET", "/v1/handshake-codes")).body.data.find(
      (c: { isDefault: boolean }) => c.isDefault,
    );
    assert.equal(rebound.body.data.handshakeCodeId, defaultCode.id);
  });

  test("T11 renewal and quota extension keep the code: the device's unchanged request works again", async () => {
    clock.set(START);
    const { call, license, productId, code } = await trackableLicense(t(), {
      rules: { model: "timed", durationSeconds: 30 * DAY, maxMachines: 1 },
    });
    const request = { handshakeCode: code.code, deviceId: device(), productId };
    assert.equal((await authorize(t(), request)).body.valid, true);

    clock.advance(31 * DAY * 1000);
    const expired = await authorize(t(), request);
    assert.equal(expired.body.valid, false);
    assert.equal(expired.body.code, "LICENSE_EXPIRED");
    assert.equal((await call("POST", `/v1/licenses/${license.id}/actions/renew`)).status, 200);
    const renewed = await authorize(t(), request);
    assert.equal(renewed.body.valid, true, renewed.text);
    assert.equal(renewed.body.licenseId, license.id);

    // Quota extension: a second device is refused until the license gets another seat.
    const second = { ...request, deviceId: device() };
    assert.equal((await authorize(t(), second)).body.code, "DEVICE_LIMIT_EXCEEDED");
    const patched = await call("PATCH", `/v1/licenses/${license.id}`, {
      overrides: { maxMachines: 2 },
    });
    assert.equal(patched.status, 200, patched.text);
    assert.equal((await authorize(t(), second)).body.valid, true);
    assert.equal((await authorize(t(), request)).body.valid, true);
  });

  test("T11 another license bound to the same code adds quota: a new device takes it", async () => {
    clock.set(START);
    const { call, policy, productId, code } = await trackableLicense(t(), {
      rules: { maxMachines: 1 },
    });
    const first = await authorize(t(), { handshakeCode: code.code, deviceId: device(), productId });
    assert.equal(first.body.valid, true);
    const newcomer = { handshakeCode: code.code, deviceId: device(), productId };
    assert.equal((await authorize(t(), newcomer)).body.code, "DEVICE_LIMIT_EXCEEDED");
    const extra = await createLicense(call, policy);
    await call("POST", `/v1/licenses/${extra.id}/actions/bind-handshake-code`, {
      handshakeCodeId: code.id,
    });
    const admitted = await authorize(t(), newcomer);
    assert.equal(admitted.body.valid, true);
    assert.equal(admitted.body.licenseId, extra.id);
  });
});
