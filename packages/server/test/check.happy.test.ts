// The compact check (SPEC R2–R5): small request, small answer, a lease the SDK verifies with
// @keyward/formats.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePublicKey, verifyLease } from "@keyward/formats";
import fc from "fast-check";
import { activate, createLicense, createPolicy, createProduct, DAY } from "./licensing-fixtures.js";
import { api, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const START = new Date("2030-05-01T00:00:00.000Z");
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

forEachDatabase("compact check", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  async function activeEd25519Id(): Promise<string> {
    const keys = await api(t().app, null)(
      "GET",
      `/v1/organizations/${t().organizationId}/signing-keys`,
    );
    return keys.body.data.find(
      (k: { algorithm: string; state: string }) =>
        k.algorithm === "ed25519" && k.state === "active",
    ).id;
  }

  async function ed25519Key() {
    const keys = await api(t().app, null)(
      "GET",
      `/v1/organizations/${t().organizationId}/signing-keys`,
    );
    const key = keys.body.data.find((k: { algorithm: string }) => k.algorithm === "ed25519");
    return parsePublicKey(key.publicKey);
  }

  async function setUp(rules: Record<string, unknown> = {}) {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), {
      leaseDurationSeconds: 3600,
      offlineGraceSeconds: 3 * DAY,
      ...rules,
    });
    return { call, license: await createLicense(call, policy) };
  }

  async function check(body: Record<string, unknown>) {
    const raw = JSON.stringify(body);
    const response = await api(t().app, null)("POST", "/v1/check", undefined, { raw });
    assert.equal(response.status, 200, response.text);
    return { request: raw, response };
  }

  test("a valid device gets a signed lease for the policy's lease and grace; sizes fit R5", async () => {
    clock.set(START);
    const { license } = await setUp();
    const fingerprint = "4f1c2a7e-8d3b-4b8e-9a0c-2f6d1e5b7c90";
    const machine = await activate(t().app, license.key, fingerprint);
    const nonce = "Zm9vYmFyYmF6cXV4";
    const { request, response } = await check({
      key: license.key,
      fingerprint,
      app: "com.acme.app",
      version: "2.1.0",
      platform: "linux",
      nonce,
    });
    assert.ok(Buffer.byteLength(request) <= 200, `request ${Buffer.byteLength(request)} bytes`);
    // "About 500 bytes" (R5): this answer is a large one (36-character fingerprint, nonce,
    // machine) and names its signing key (`kid`, 30 characters: ~50 bytes of the lease, X7).
    assert.ok(Buffer.byteLength(response.text) <= 560, `answer ${response.text.length} bytes`);
    assert.equal(response.body.valid, true);
    const verified = await verifyLease(response.body.lease, await ed25519Key(), {
      algorithm: "ed25519",
      now: clock(),
      fingerprint,
      nonce,
    });
    assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
    assert.deepEqual(verified.value.claims, {
      v: 1,
      lic: license.id,
      prod: license.productId,
      mach: machine.id,
      fp: fingerprint,
      ok: true,
      code: "VALID",
      iat: seconds(START),
      exp: seconds(START) + 3600,
      gr: seconds(START) + 3600 + 3 * DAY,
      n: nonce,
      kid: await activeEd25519Id(),
    });
    assert.equal(verified.value.state, "valid");
  });

  test("refusals are signed locks: suspended, revoked, unknown device", async () => {
    const { call, license } = await setUp();
    await activate(t().app, license.key, "fp");
    const key = await ed25519Key();
    const locked = async (code: string, body: Record<string, unknown>) => {
      const { response } = await check({ key: license.key, ...body });
      assert.deepEqual([response.body.valid, response.body.code], [false, code]);
      const verified = await verifyLease(response.body.lease, key, {
        algorithm: "ed25519",
        now: clock(),
      });
      assert.ok(verified.ok);
      assert.equal(verified.value.state, "locked");
    };
    await locked("FINGERPRINT_SCOPE_MISMATCH", { fingerprint: "someone-else" });
    await call("POST", `/v1/licenses/${license.id}/actions/suspend`);
    await locked("SUSPENDED", { fingerprint: "fp" });
    await call("POST", `/v1/licenses/${license.id}/actions/revoke`);
    await locked("LOCKED", { fingerprint: "fp" });
  });

  test("an unknown key gets NOT_FOUND without a lease", async () => {
    const { response } = await check({ key: "UNKNOWN-KEY-0000" });
    assert.deepEqual(response.body, { valid: false, code: "NOT_FOUND" });
  });

  test("the lease never outlives the license under restrict; heartbeats and check-ins bound it too", async () => {
    clock.set(START);
    const timed = await setUp({ model: "timed", durationSeconds: DAY });
    clock.advance((DAY - 600) * 1000);
    const { response } = await check({ key: timed.license.key });
    const verified = await verifyLease(response.body.lease, await ed25519Key(), {
      algorithm: "ed25519",
      now: clock(),
    });
    assert.ok(verified.ok);
    assert.equal(verified.value.claims.gr, seconds(START) + DAY);

    const floating = await setUp({
      floating: true,
      heartbeat: { required: true, durationSeconds: 300 },
    });
    await activate(t().app, floating.license.key, "container-1");
    const beat = await check({ key: floating.license.key, fingerprint: "container-1" });
    // The check counted as the machine's heartbeat: it is alive, for one more window.
    assert.equal(beat.response.body.code, "VALID");
    const leased = await verifyLease(beat.response.body.lease, await ed25519Key(), {
      algorithm: "ed25519",
      now: clock(),
    });
    assert.ok(leased.ok);
    assert.equal(leased.value.claims.gr, seconds(clock()) + 300);

    // A license that must check in hourly: the lease ends when the check-in is due, so the
    // device asks then (and learns it is OVERDUE) instead of running a day past it.
    clock.set(START);
    const checkIn = await setUp({ leaseDurationSeconds: DAY, checkInIntervalSeconds: 3600 });
    clock.advance(600 * 1000);
    const due = await check({ key: checkIn.license.key });
    const bounded = await verifyLease(due.response.body.lease, await ed25519Key(), {
      algorithm: "ed25519",
      now: clock(),
    });
    assert.ok(bounded.ok);
    assert.deepEqual(
      [bounded.value.claims.exp, bounded.value.claims.gr],
      [seconds(START) + 3600, seconds(START) + 3600],
    );
  });

  test("bad input is 400 and the lease cannot be bent (fast-check over extra fields)", async () => {
    const call = api(t().app, null);
    for (const raw of [
      "{}",
      '{"key":""}',
      '{"key":"k","nonce":"short"}',
      '{"key":"k","nonce":"has spaces in it"}',
      '{"key":"k","fingerprint":""}',
      "[]",
      "not json",
    ]) {
      const response = await call("POST", "/v1/check", undefined, { raw });
      assert.equal(response.status, 400, `${raw}: ${response.text}`);
    }
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ minLength: 1, maxLength: 12 })
          .filter((name) => !/^(key|fingerprint|app|version|platform|nonce)$/.test(name)),
        async (name) => {
          const response = await call("POST", "/v1/check", { key: "K", [name]: "x" });
          assert.equal(response.status, 400);
        },
      ),
      { numRuns: 25 },
    );
  });
});
