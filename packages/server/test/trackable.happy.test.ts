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
  report,
  trackableLicense,
  trackableRows,
  usageReport,
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
    assert.equal(claims.iat, seconds(START));
    assert.equal(claims.exp, seconds(START) + 3600);
    assert.equal(claims.gr, seconds(START) + 3600 + 5 * DAY);
    assert.equal(claims.off, claims.gr - claims.iat, "T9: offline from the authorization");
    assert.match(claims.mach, /^mach_/);
  });

  test("T9 the offline period runs from the authorization: off = gr − iat, lease and grace together at most 365 days", async () => {
    clock.set(START);
    const { call, policy, productId, code } = await trackableLicense(t(), {
      rules: { leaseDurationSeconds: DAY, offlineGraceSeconds: 3 * DAY },
    });
    const request = { handshakeCode: code.code, deviceId: device(), productId };
    const claimsOf = async (answer: { body: { lease: string } }) =>
      (await verifiedClaims(t(), t().organizationId, answer.body.lease, clock())).claims;
    const granted = await claimsOf(await authorize(t(), request));
    assert.deepEqual(
      [granted.exp - granted.iat, granted.gr - granted.iat, granted.off],
      [DAY, 4 * DAY, 4 * DAY],
    );

    // A policy whose lease and grace add up to more than 365 days is refused…
    const tooLong = await call("POST", "/v1/policies", {
      productId,
      name: "too long",
      leaseDurationSeconds: 365 * DAY,
      offlineGraceSeconds: 365 * DAY,
    });
    assert.equal(tooLong.status, 400, tooLong.text);
    assert.match(tooLong.text, /offlineGraceSeconds/);
    // …and one stored before that rule still grants no more than 365 days offline.
    const db = t().store.db;
    const stored = await db
      .selectFrom("policies")
      .select("rules")
      .where("id", "=", policy.id)
      .executeTakeFirstOrThrow();
    const legacy = {
      ...JSON.parse(stored.rules),
      leaseDurationSeconds: 365 * DAY,
      offlineGraceSeconds: 365 * DAY,
    };
    await db
      .updateTable("policies")
      .set({ rules: JSON.stringify(legacy) })
      .where("id", "=", policy.id)
      .execute();
    const capped = await claimsOf(await authorize(t(), request));
    assert.deepEqual(
      [capped.exp - capped.iat, capped.gr - capped.iat, capped.off],
      [365 * DAY, 365 * DAY, 365 * DAY],
    );

    // A check-in interval does not cut a trackable lease: its devices cannot check in.
    const interval = await trackableLicense(t(), {
      rules: {
        leaseDurationSeconds: DAY,
        offlineGraceSeconds: 3 * DAY,
        checkInIntervalSeconds: DAY,
      },
    });
    const unchecked = await claimsOf(
      await authorize(t(), {
        handshakeCode: interval.code.code,
        deviceId: device(),
        productId: interval.productId,
      }),
    );
    assert.deepEqual([unchecked.exp - unchecked.iat, unchecked.off], [DAY, 4 * DAY]);
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

  test("T8/T10 devices: the overage puts the license in its grace stage, and the device limit's thresholds alert", async () => {
    clock.set(START);
    const { call, license, productId, code } = await trackableLicense(t(), {
      rules: { maxMachines: 5, overage: { strategy: "count", allowance: 1 } },
    });
    const credential = { handshakeCode: code.code, productId };
    const devices = Array.from({ length: 7 }, () => device());
    const quotas: unknown[] = [];
    for (const deviceId of devices) {
      const answer = await authorize(t(), { ...credential, deviceId });
      assert.equal(answer.status, 200, answer.text);
      quotas.push(answer.body.valid ? answer.body.quota : answer.body.code);
    }
    assert.deepEqual(quotas, ["ok", "ok", "ok", "ok", "ok", "grace", "DEVICE_LIMIT_EXCEEDED"]);
    const sixth = await authorize(t(), { ...credential, deviceId: devices[5]! });
    const claims = (await verifiedClaims(t(), t().organizationId, sixth.body.lease, clock()))
      .claims;
    assert.equal(claims.q, "grace", "the signed stage says so too");
    // A device holding a seat is in the license's grace stage as well, and so are its reports.
    assert.equal(
      (await authorize(t(), { ...credential, deviceId: devices[0]! })).body.quota,
      "grace",
    );
    const sent = await report(t(), {
      ...credential,
      reports: [usageReport(devices[0]!, { scans: 1 })],
    });
    assert.deepEqual(sent.body.licenses, [{ licenseId: license.id, quota: "grace" }]);

    const quota = await call("GET", `/v1/licenses/${license.id}/quota`);
    assert.equal(quota.body.data.stage, "grace");
    assert.deepEqual(quota.body.data.devices, {
      model: "per_device",
      inUse: 6,
      limit: 5,
      most: 6,
      stage: "grace",
    });
    const events = await call("GET", "/v1/events", undefined, {
      query: { type: "usage.alert", licenseId: license.id },
    });
    assert.deepEqual(
      events.body.data.map(
        ({ data: { alertId: _id, ...rest } }: { data: Record<string, unknown> }) => rest,
      ),
      [
        { metric: "devices", threshold: 80, period: "lifetime", used: 4, limit: 5 },
        { metric: "devices", threshold: 90, period: "lifetime", used: 5, limit: 5 },
        { metric: "devices", threshold: 100, period: "lifetime", used: 5, limit: 5 },
      ],
    );
    const alerts = await call("GET", "/v1/usage-alerts", undefined, {
      query: { licenseId: license.id },
    });
    assert.deepEqual(
      alerts.body.data.map((a: Record<string, unknown>) => [a.metric, a.threshold, a.state]),
      [
        ["devices", 80, "open"],
        ["devices", 90, "open"],
        ["devices", 100, "open"],
      ],
    );
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
