import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { isPlainKey, KEY_SCHEMES, parsePublicKey, verifyLicenseKey } from "@keyward/formats";
import {
  createLicense,
  createPolicy,
  createProduct,
  createUser,
  DAY,
} from "./licensing-fixtures.js";
import {
  type Api,
  api,
  createOrganization,
  listAll,
  manualClock,
  useTestApp,
} from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const LICENSE_ID = /^lic_[0-9a-hjkmnp-tv-z]{26}$/;

/** The organization's current public key of `algorithm`, as clients verify keys with it. */
async function signingKey(call: Api, algorithm: "ed25519" | "rsa") {
  const keys = (await call("GET", "/v1/signing-keys")).body.data as Array<{
    algorithm: string;
    publicKey: string;
  }>;
  return parsePublicKey(keys.find((key) => key.algorithm === algorithm)!.publicKey);
}
const START = new Date("2030-01-02T03:04:05.678Z");

forEachDatabase("licenses: happy paths", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  test("a perpetual plain-key license: 201 with its key, GET returns the same", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const userId = await createUser(call, "seat-holder@acme.example");
    const created = await call("POST", "/v1/licenses", {
      productId: policy.productId,
      policyId: policy.id,
      name: "ACME seat",
      userId,
      metadata: { order: 42 },
    });
    assert.equal(created.status, 201, created.text);
    const license = created.body.data;
    assert.match(license.id, LICENSE_ID);
    assert.ok(isPlainKey(license.key), license.key);
    assert.deepEqual(
      { ...license, id: "x", key: "k" },
      {
        id: "x",
        productId: policy.productId,
        policyId: policy.id,
        userId,
        name: "ACME seat",
        key: "k",
        status: "active",
        suspended: false,
        expiresAt: null,
        revokedAt: null,
        uses: 0,
        firstActivatedAt: null,
        firstValidatedAt: null,
        lastCheckInAt: null,
        handshakeCodeId: null,
        overrides: {},
        metadata: { order: 42 },
        createdAt: START.toISOString(),
        updatedAt: START.toISOString(),
      },
    );
    assert.deepEqual((await call("GET", `/v1/licenses/${license.id}`)).body.data, license);
    // Only the key's hash is needed for lookups; it is stored beside the key.
    const row = await t()
      .store.db.selectFrom("licenses")
      .select(["key", "key_hash"])
      .where("id", "=", license.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.key_hash, createHash("sha256").update(license.key).digest("hex"));
  });

  test("a custom plain key is stored verbatim", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const license = await createLicense(call, policy, { key: "CUSTOM-KEY-0001" });
    assert.equal(license.key, "CUSTOM-KEY-0001");
  });

  for (const scheme of KEY_SCHEMES) {
    test(`${scheme}: the key verifies with the organization's public key and embeds the license`, async () => {
      clock.set(START);
      const call = api(t().app, t().adminToken);
      const policy = await createPolicy(call, await createProduct(call), {
        model: "timed",
        durationSeconds: 30 * DAY,
        scheme,
      });
      const license = await createLicense(call, policy);
      const algorithm = scheme === "ED25519_SIGN" ? "ed25519" : "rsa";
      const publicKey = await signingKey(call, algorithm);
      const verified = await verifyLicenseKey(license.key, publicKey, { scheme, now: START });
      assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
      const dataset = JSON.parse(verified.value.dataset);
      const expiry = new Date(START.getTime() + 30 * DAY * 1000).toISOString();
      assert.equal(license.expiresAt, expiry);
      if (scheme === "RSA_2048_JWT_RS256") {
        assert.equal(dataset.sub, license.id);
        assert.equal(dataset.aud, t().organizationId);
        assert.equal(dataset.exp, Math.floor(Date.parse(expiry) / 1000));
      } else if (scheme === "RSA_2048_PKCS1_ENCRYPT") {
        assert.deepEqual(dataset, {
          id: license.id,
          created: START.toISOString(),
          expiry,
          duration: 30 * DAY,
        });
      } else {
        assert.deepEqual(dataset, {
          account: { id: t().organizationId },
          product: { id: policy.productId },
          policy: { id: policy.id, duration: 30 * DAY },
          user: null,
          license: { id: license.id, created: START.toISOString(), expiry },
        });
      }
      // Another organization's key does not verify it.
      const other = await createOrganization(t().services, `other ${scheme}`);
      const otherKeys = await t().services.organizations.publicKeys(other.organizationId);
      const otherKey = parsePublicKey(otherKeys.find((k) => k.algorithm === algorithm)!.publicKey);
      assert.equal(
        (await verifyLicenseKey(license.key, otherKey, { scheme, now: START })).ok,
        false,
      );
    });
  }

  test("a custom dataset template is rendered into a signed key", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), { scheme: "ED25519_SIGN" });
    const license = await createLicense(call, policy, { key: "{{id}}|{{policy}}|{{expiry}}" });
    const publicKey = await signingKey(call, "ed25519");
    const verified = await verifyLicenseKey(license.key, publicKey, { scheme: "ED25519_SIGN" });
    assert.ok(verified.ok);
    assert.equal(verified.value.dataset, `${license.id}|${policy.id}|`);
  });

  test("create asks only for the policy: the product is the policy's, expiresAt may be set", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), {
      model: "timed",
      durationSeconds: 30 * DAY,
      scheme: "ED25519_SIGN",
    });
    const userId = await createUser(call, "expiring@acme.example");
    const created = await call("POST", "/v1/licenses", {
      policyId: policy.id,
      userId,
      expiresAt: "2030-03-01T12:00:00+01:00",
    });
    assert.equal(created.status, 201, created.text);
    const license = created.body.data;
    assert.equal(license.productId, policy.productId);
    // The given expiry, not the policy's 30 days, normalized as every stored date.
    assert.equal(license.expiresAt, "2030-03-01T11:00:00.000Z");
    // The signed key carries that expiry and the user it names.
    const publicKey = await signingKey(call, "ed25519");
    const verified = await verifyLicenseKey(license.key, publicKey, { scheme: "ED25519_SIGN" });
    assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
    const dataset = JSON.parse(verified.value.dataset);
    assert.equal(dataset.license.expiry, "2030-03-01T11:00:00.000Z");
    assert.deepEqual(dataset.user, { id: userId, email: "expiring@acme.example" });
    // null: no expiry, although the policy has a duration; the productId may still be given.
    const unlimited = await createLicense(call, policy, { expiresAt: null });
    assert.equal(unlimited.expiresAt, null);
    assert.equal(unlimited.status, "active");
    // An expiry in the past, as PATCH allows: the license starts expired.
    const expired = await createLicense(call, policy, { expiresAt: "2029-12-31T00:00:00Z" });
    assert.equal(expired.status, "expired");
  });

  test("status follows the pinned clock: active, then expired at the expiry instant", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), {
      model: "timed",
      durationSeconds: DAY,
    });
    const license = await createLicense(call, policy);
    assert.equal(license.status, "active");
    clock.set(new Date(START.getTime() + DAY * 1000 - 1));
    assert.equal((await call("GET", `/v1/licenses/${license.id}`)).body.data.status, "active");
    clock.set(new Date(START.getTime() + DAY * 1000));
    assert.equal((await call("GET", `/v1/licenses/${license.id}`)).body.data.status, "expired");
  });

  test("actions: suspend, reinstate, renew, revoke — with the status after each", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), {
      model: "subscription",
      durationSeconds: 10 * DAY,
    });
    const license = await createLicense(call, policy);
    const act = (action: string) => call("POST", `/v1/licenses/${license.id}/actions/${action}`);

    const suspended = await act("suspend");
    assert.equal(suspended.status, 200, suspended.text);
    assert.equal(suspended.body.data.status, "suspended");
    assert.equal(suspended.body.data.suspended, true);
    assert.equal(
      (await act("suspend")).body.data.status,
      "suspended",
      "suspending twice is a no-op",
    );

    const reinstated = await act("reinstate");
    assert.equal(reinstated.body.data.status, "active");
    assert.equal(reinstated.body.data.suspended, false);

    // Renewing before expiry extends from the expiry.
    clock.set(new Date(START.getTime() + 2 * DAY * 1000));
    const renewed = await act("renew");
    assert.equal(renewed.status, 200);
    assert.equal(
      renewed.body.data.expiresAt,
      new Date(START.getTime() + 20 * DAY * 1000).toISOString(),
    );

    // After expiry, renewing extends from now.
    const later = new Date(START.getTime() + 30 * DAY * 1000);
    clock.set(later);
    assert.equal((await call("GET", `/v1/licenses/${license.id}`)).body.data.status, "expired");
    const revived = await act("renew");
    assert.equal(
      revived.body.data.expiresAt,
      new Date(later.getTime() + 10 * DAY * 1000).toISOString(),
    );
    assert.equal(revived.body.data.status, "active");

    const revokedAt = new Date(later.getTime() + 3600_000);
    clock.set(revokedAt);
    const revoked = await act("revoke");
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.data.status, "revoked");
    assert.equal(revoked.body.data.revokedAt, revokedAt.toISOString());
    for (const action of ["suspend", "reinstate", "renew", "revoke"]) {
      const response = await act(action);
      assert.equal(response.status, 409, action);
      assert.equal(response.body.error.code, "LICENSE_REVOKED");
    }
    assert.equal((await call("GET", `/v1/licenses/${license.id}`)).body.data.status, "revoked");
  });

  test("a change stamped before the last one (its request read the time first) comes 1 ms after it", async () => {
    // Changes to one license commit in their lock's order: one whose request came first may
    // commit second. Its time is then the last change's + 1 ms, so updatedAt never goes back and
    // the events' times follow the order of the states (a webhook receiver keeps the newest).
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const license = await createLicense(call, await createPolicy(call, await createProduct(call)));
    const act = (action: string) => call("POST", `/v1/licenses/${license.id}/actions/${action}`);
    clock.set(new Date(START.getTime() + 60_000));
    const suspended = await act("suspend");
    assert.equal(suspended.body.data.updatedAt, new Date(START.getTime() + 60_000).toISOString());
    // As if this request had read the time a second before the suspension committed.
    clock.set(new Date(START.getTime() + 59_000));
    const revoked = await act("revoke");
    assert.equal(revoked.status, 200, revoked.text);
    const after = new Date(START.getTime() + 60_001).toISOString();
    assert.equal(revoked.body.data.updatedAt, after);
    assert.equal(revoked.body.data.revokedAt, after);
    const events = await call("GET", "/v1/events", undefined, {
      query: { licenseId: license.id, order: "desc", limit: "1" },
    });
    assert.equal(events.body.data[0].type, "license.revoked");
    assert.equal(events.body.data[0].createdAt, after);

    // A use counted with a time read before the last change keeps updatedAt where it is.
    const other = await createLicense(call, await createPolicy(call, await createProduct(call)));
    clock.set(new Date(START.getTime() + 60_000));
    const renamed = await call("PATCH", `/v1/licenses/${other.id}`, { name: "Renamed" });
    clock.set(new Date(START.getTime() + 59_000));
    const used = await call("POST", `/v1/licenses/${other.id}/actions/consume`, { uses: 1 });
    assert.equal(used.status, 200, used.text);
    assert.equal(used.body.data.uses, 1);
    assert.equal(used.body.data.updatedAt, renamed.body.data.updatedAt);
  });

  test("a key from another system (Keygen's signed key) is imported verbatim and validates by its hash", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    // A policy whose new keys Keyward signs; the customers' old keys were signed by Keygen.
    const productId = await createProduct(call);
    const policy = await createPolicy(call, productId, { scheme: "ED25519_SIGN" });
    const keygenKey = readFileSync(
      fileURLToPath(
        new URL(
          "../../formats/test/fixtures/keygen/example-java-cryptographic-license-keys/ed25519_sign.key",
          import.meta.url,
        ),
      ),
      "utf8",
    ).trim();
    const imported = await call("POST", "/v1/licenses", {
      policyId: policy.id,
      importedKey: keygenKey,
      metadata: { keygenId: "0f4e9b1c-keygen-license" },
    });
    assert.equal(imported.status, 201, imported.text);
    assert.equal(imported.body.data.key, keygenKey, "stored verbatim, not wrapped or re-signed");
    const checked = await api(t().app, null)("POST", "/v1/licenses/actions/validate-key", {
      key: keygenKey,
    });
    assert.equal(checked.status, 200, checked.text);
    assert.equal(checked.body.code, "VALID");
    assert.equal(checked.body.license.id, imported.body.data.id);
    // Keyward did not sign it: it moves to a policy of another scheme (a key Keyward signed
    // would not: KEY_SCHEME_MISMATCH), and still validates there.
    const plain = await createPolicy(call, productId);
    const moved = await call("PATCH", `/v1/licenses/${imported.body.data.id}`, {
      policyId: plain.id,
    });
    assert.equal(moved.status, 200, moved.text);
    const signed = await createLicense(call, policy);
    const stuck = await call("PATCH", `/v1/licenses/${signed.id}`, { policyId: plain.id });
    assert.equal(stuck.status, 409, stuck.text);
    assert.equal(stuck.body.error.code, "KEY_SCHEME_MISMATCH");
    // Once only; with `key` too, or of an id's shape: refused.
    for (const [body, status, code] of [
      [{ importedKey: keygenKey }, 409, "KEY_TAKEN"],
      [{ importedKey: "OLD-KEY-123", key: "{{id}}" }, 400, "INVALID_KEY"],
      [{ importedKey: "lic_0123456789abcdefghjkmnpqrs" }, 400, "INVALID_KEY"],
      [{ importedKey: "short" }, 400, "VALIDATION_FAILED"],
    ] as const) {
      const refused = await call("POST", "/v1/licenses", { policyId: policy.id, ...body });
      assert.equal(refused.status, status, refused.text);
      assert.equal(refused.body.error.code, code);
    }
  });

  test("renewing a license of a perpetual policy → 409 LICENSE_NOT_RENEWABLE", async () => {
    const call = api(t().app, t().adminToken);
    const license = await createLicense(call, await createPolicy(call, await createProduct(call)));
    const response = await call("POST", `/v1/licenses/${license.id}/actions/renew`);
    assert.equal(response.status, 409);
    assert.equal(response.body.error.code, "LICENSE_NOT_RENEWABLE");
  });

  test("renewing past 9999-12-31 → 409 LICENSE_NOT_RENEWABLE; the expiry and the counts stay", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const product = await createProduct(call);
    const policy = await createPolicy(call, product, {
      model: "subscription",
      durationSeconds: 365 * DAY,
    });
    const license = await createLicense(call, policy, { expiresAt: "9999-12-31T23:59:59.000Z" });
    const response = await call("POST", `/v1/licenses/${license.id}/actions/renew`);
    assert.equal(response.status, 409);
    assert.equal(response.body.error.code, "LICENSE_NOT_RENEWABLE");
    assert.match(response.body.error.message, /9999-12-31T23:59:59\.999Z/);
    const after = (await call("GET", `/v1/licenses/${license.id}`)).body.data;
    assert.equal(after.expiresAt, "9999-12-31T23:59:59.000Z");
    const expired = await call("GET", `/v1/licenses/counts?productId=${product}`);
    assert.deepEqual([expired.body.data.active, expired.body.data.expired], [1, 0], expired.text);
  });

  test("concurrent renewals each add one duration", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), {
      model: "timed",
      durationSeconds: DAY,
    });
    const license = await createLicense(call, policy);
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => call("POST", `/v1/licenses/${license.id}/actions/renew`)),
    );
    for (const response of responses) assert.equal(response.status, 200, response.text);
    const final = (await call("GET", `/v1/licenses/${license.id}`)).body.data;
    assert.equal(final.expiresAt, new Date(START.getTime() + 5 * DAY * 1000).toISOString());
  });

  test("PATCH changes name, user, metadata, overrides and expiry", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), {
      floating: true,
      maxMachines: 2,
    });
    const license = await createLicense(call, policy);
    const userId = await createUser(call, "patched-in@acme.example");
    const patched = await call("PATCH", `/v1/licenses/${license.id}`, {
      name: "renamed",
      userId,
      metadata: { x: true },
      overrides: { maxMachines: 10, maxUses: 100, offlineGraceSeconds: 30 * DAY },
      expiresAt: "2031-01-01T00:00:00Z",
    });
    assert.equal(patched.status, 200, patched.text);
    const data = patched.body.data;
    assert.equal(data.name, "renamed");
    assert.equal(data.userId, userId);
    assert.deepEqual(data.metadata, { x: true });
    assert.deepEqual(data.overrides, {
      maxMachines: 10,
      maxUses: 100,
      offlineGraceSeconds: 30 * DAY,
    });
    assert.equal(data.expiresAt, "2031-01-01T00:00:00.000Z");
    assert.equal(data.key, license.key);
    clock.set(new Date("2031-01-01T00:00:00.000Z"));
    assert.equal((await call("GET", `/v1/licenses/${license.id}`)).body.data.status, "expired");
    const cleared = await call("PATCH", `/v1/licenses/${license.id}`, {
      expiresAt: null,
      name: null,
    });
    assert.equal(cleared.body.data.status, "active");
    assert.equal(cleared.body.data.name, null);
  });

  test("list filters by product, policy and computed status", async () => {
    clock.set(START);
    const { adminToken } = await createOrganization(t().services, "Listing");
    const call = api(t().app, adminToken);
    const productA = await createProduct(call, "a");
    const productB = await createProduct(call, "b");
    const timed = await createPolicy(call, productA, { model: "timed", durationSeconds: DAY });
    const perpetual = await createPolicy(call, productA);
    const other = await createPolicy(call, productB);
    const expiring = await createLicense(call, timed);
    const suspended = await createLicense(call, perpetual);
    const revoked = await createLicense(call, perpetual);
    const active = await createLicense(call, other);
    await call("POST", `/v1/licenses/${suspended.id}/actions/suspend`);
    await call("POST", `/v1/licenses/${revoked.id}/actions/revoke`);
    clock.set(new Date(START.getTime() + 2 * DAY * 1000));

    const ids = async (query: string) =>
      (await call("GET", `/v1/licenses${query}`)).body.data.map((l: { id: string }) => l.id);
    assert.deepEqual(await ids(""), [expiring.id, suspended.id, revoked.id, active.id]);
    assert.deepEqual(await ids(`?productId=${productA}`), [expiring.id, suspended.id, revoked.id]);
    assert.deepEqual(await ids(`?productId=${productB}`), [active.id]);
    assert.deepEqual(await ids(`?policyId=${perpetual.id}`), [suspended.id, revoked.id]);
    assert.deepEqual(await ids("?status=active"), [active.id]);
    assert.deepEqual(await ids("?status=expired"), [expiring.id]);
    assert.deepEqual(await ids("?status=suspended"), [suspended.id]);
    assert.deepEqual(await ids("?status=revoked"), [revoked.id]);
    assert.deepEqual(await ids(`?status=revoked&productId=${productB}`), []);
    // The computed status in the list agrees with the filter.
    for (const status of ["active", "expired", "suspended", "revoked"]) {
      const listed = (await call("GET", `/v1/licenses?status=${status}`)).body.data;
      for (const license of listed) assert.equal(license.status, status);
    }
    const paged = await call("GET", "/v1/licenses?limit=3");
    assert.equal(paged.body.data.length, 3);
    assert.equal(paged.body.nextCursor, revoked.id);
    assert.equal((await listAll(call, "/v1/licenses")).length, 4);
  });

  test("a product token manages its own product's licenses", async () => {
    const call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const token = await call("POST", "/v1/tokens", { kind: "product", productId });
    const asProduct = api(t().app, token.body.data.token);
    const policy = await createPolicy(asProduct, productId, {
      model: "timed",
      durationSeconds: DAY,
    });
    const license = await createLicense(asProduct, policy);
    assert.equal((await asProduct("GET", `/v1/licenses/${license.id}`)).status, 200);
    assert.equal(
      (await asProduct("PATCH", `/v1/licenses/${license.id}`, { name: "p" })).status,
      200,
    );
    assert.equal((await asProduct("POST", `/v1/licenses/${license.id}/actions/renew`)).status, 200);
    assert.deepEqual(
      (await listAll(asProduct, "/v1/licenses")).map((l) => l.id),
      [license.id],
    );
    assert.equal((await asProduct("DELETE", `/v1/licenses/${license.id}`)).status, 204);
    assert.equal((await call("GET", `/v1/licenses/${license.id}`)).status, 404);
  });
});
