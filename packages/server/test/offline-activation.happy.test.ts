// Offline activation (SPEC L1–L6, seed 003): a device's request file in, a response the device
// verifies with its shared key out — as raw text or multipart, as JSON or a response file — and
// offline deactivation freeing the seat.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { verifyActivationResponse } from "@keyward/formats";
import {
  deviceRequest,
  encode,
  type OfflineKeys,
  offlineKeys,
  offlineLicense,
  postOffline,
  signedHeaders,
} from "./offline-activation-fixtures.js";
import { api, createOrganization, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const ACTIVATE = "/v1/offline/activate";
const DEACTIVATE = "/v1/offline/deactivate";

forEachDatabase("offline activation: request file in, signed response out", (db) => {
  const t = useTestApp(db);
  let keys: OfflineKeys;

  before(async () => {
    keys = await offlineKeys(api(t().app, t().adminToken));
  });

  test("the raw Base64 body activates the device; the response verifies offline", async () => {
    const call = api(t().app, t().adminToken);
    const entitlement = await call("POST", "/v1/entitlements", { code: "export", name: "Export" });
    assert.equal(entitlement.status, 201, entitlement.text);
    const license = await offlineLicense(call, { model: "timed", durationSeconds: 30 * 86_400 });
    const attach = await call("POST", `/v1/licenses/${license.id}/entitlements`, {
      entitlementIds: [entitlement.body.data.id],
    });
    assert.ok(attach.status < 300, attach.text);
    const request = await deviceRequest(
      keys,
      { license_key: license.key },
      { hardware_id: "hw-raw", hostname: "lab-pc", os_ver: "Windows 11", variables: { seat: "3" } },
    );
    const response = await postOffline(t().app, ACTIVATE, encode(request), {
      headers: signedHeaders(keys),
    });
    assert.equal(response.status, 200, response.text);
    const body = response.body;
    assert.equal(body.license_id, license.id);
    assert.equal(body.license_key, license.key);
    assert.equal(body.license_type, "time-limited");
    assert.equal(body.is_trial, false);
    assert.equal(body.license_active, true);
    assert.equal(body.is_expired, false);
    assert.match(body.validity_period, /^\d{4}-\d\d-\d\dT/);
    assert.equal(body.max_activations, 1);
    assert.equal(body.times_activated, 1);
    assert.deepEqual(body.product_features, [{ code: "export" }]);
    assert.equal(body.product_details.product_id, license.productId);
    assert.equal(body.product_details.authorization_method, "license_key");
    assert.equal(body.user, null);
    assert.equal(body.hardware_id, "hw-raw");
    assert.deepEqual(body.variables, { seat: "3" });

    const verified = await verifyActivationResponse(body, {
      sharedKey: keys.sharedKey,
      licenseKey: license.key,
      hardwareId: "hw-raw",
      apiKey: keys.apiKey,
      maxAgeSeconds: 60,
    });
    assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
    // Bound to the device: another hardware id does not verify.
    const otherDevice = await verifyActivationResponse(body, {
      sharedKey: keys.sharedKey,
      licenseKey: license.key,
      hardwareId: "hw-other",
      apiKey: keys.apiKey,
    });
    assert.equal(otherDevice.ok, false);

    const machine = await call("GET", `/v1/machines/${body.device_id}`);
    assert.equal(machine.status, 200, machine.text);
    assert.equal(machine.body.data.fingerprint, "hw-raw");
    assert.equal(machine.body.data.name, "lab-pc");
    assert.equal(machine.body.data.osVersion, "Windows 11");
    assert.deepEqual(machine.body.data.variables, { seat: "3" });
  });

  test("the request as the `file` field of multipart/form-data", async () => {
    const license = await offlineLicense(api(t().app, t().adminToken), { model: "perpetual" });
    const request = await deviceRequest(
      keys,
      { license_key: license.key },
      { hardware_id: "hw-mp" },
    );
    const response = await postOffline(t().app, ACTIVATE, `${encode(request)}\n`, {
      headers: signedHeaders(keys),
      multipart: true,
    });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.license_type, "perpetual");
    assert.equal(response.body.validity_period, null);
    assert.equal(response.body.hardware_id, "hw-mp");
  });

  test("the raw body is the request whatever its content type, or without one", async () => {
    const license = await offlineLicense(api(t().app, t().adminToken), {
      floating: true,
      maxMachines: 3,
    });
    for (const [contentType, hardwareId] of [
      ["application/json", "hw-json"],
      ["application/octet-stream", "hw-octets"],
      [null, "hw-none"],
    ] as const) {
      const request = await deviceRequest(
        keys,
        { license_key: license.key },
        { hardware_id: hardwareId },
      );
      const response = await postOffline(t().app, ACTIVATE, encode(request), {
        headers: signedHeaders(keys),
        contentType,
      });
      assert.equal(response.status, 200, `${contentType}: ${response.text}`);
      assert.equal(response.body.hardware_id, hardwareId);
    }
  });

  test("?format=file and Accept: application/octet-stream give a response file that verifies", async () => {
    const license = await offlineLicense(api(t().app, t().adminToken), {
      floating: true,
      maxMachines: 5,
    });
    for (const [options, hardwareId] of [
      [{ query: { format: "file" } }, "hw-file-1"],
      [{ headers: { accept: "application/octet-stream" } }, "hw-file-2"],
    ] as const) {
      const request = await deviceRequest(
        keys,
        { license_key: license.key },
        { hardware_id: hardwareId },
      );
      const response = await postOffline(t().app, ACTIVATE, encode(request), {
        ...options,
        headers: { ...signedHeaders(keys), ...("headers" in options ? options.headers : {}) },
      });
      assert.equal(response.status, 200, response.text);
      assert.match(String(response.headers["content-type"]), /^application\/octet-stream/);
      assert.match(String(response.headers["content-disposition"]), /^attachment; filename=/);
      const verified = await verifyActivationResponse(response.text, {
        sharedKey: keys.sharedKey,
        licenseKey: license.key,
        hardwareId,
        apiKey: keys.apiKey,
      });
      assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
      assert.equal(verified.value.response.max_activations, 5);
    }
  });

  test("a vendor's bearer token serves as the Authorization header", async () => {
    const license = await offlineLicense(api(t().app, t().adminToken));
    const request = await deviceRequest(
      keys,
      { license_key: license.key },
      { hardware_id: "hw-bearer" },
    );
    const response = await postOffline(t().app, ACTIVATE, encode(request), {
      headers: { authorization: `Bearer ${t().adminToken}`, date: new Date().toUTCString() },
    });
    assert.equal(response.status, 200, response.text);
  });

  test("a device activated again (new request) gets its machine back; the seat is not doubled", async () => {
    const license = await offlineLicense(api(t().app, t().adminToken));
    // Two requests of one device differ by their date (whole seconds): a second apart here.
    const send = async (secondsAgo: number) => {
      const date = new Date(Date.now() - secondsAgo * 1000).toUTCString();
      const request = await deviceRequest(
        keys,
        { license_key: license.key },
        { hardware_id: "hw-again", date },
      );
      return postOffline(t().app, ACTIVATE, encode(request), { headers: signedHeaders(keys) });
    };
    const first = await send(1);
    const second = await send(0);
    assert.equal(first.status, 200, first.text);
    assert.equal(second.status, 200, second.text);
    assert.equal(second.body.device_id, first.body.device_id);
    assert.equal(second.body.times_activated, 1);
  });

  test("a consumption license reports its quota and overage", async () => {
    const license = await offlineLicense(api(t().app, t().adminToken), {
      model: "consumption",
      maxUses: 100,
      overage: { strategy: "percent", allowance: 10 },
    });
    const request = await deviceRequest(
      keys,
      { license_key: license.key },
      { hardware_id: "hw-c" },
    );
    const response = await postOffline(t().app, ACTIVATE, encode(request), {
      headers: signedHeaders(keys),
    });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.license_type, "consumption");
    assert.equal(response.body.max_consumptions, 100);
    assert.equal(response.body.total_consumptions, 0);
    assert.equal(response.body.allow_overages, true);
    assert.equal(response.body.max_overages, 10);
  });

  test("offline deactivation frees the seat for another device", async () => {
    const call = api(t().app, t().adminToken);
    const license = await offlineLicense(call);
    // Activation requests dated a minute back: the deactivation request (dated now) is another.
    const date = new Date(Date.now() - 60_000).toUTCString();
    const activate = async (hardwareId: string) =>
      postOffline(
        t().app,
        ACTIVATE,
        encode(
          await deviceRequest(
            keys,
            { license_key: license.key },
            { hardware_id: hardwareId, date },
          ),
        ),
        { headers: signedHeaders(keys) },
      );
    const first = await activate("hw-old");
    assert.equal(first.status, 200, first.text);
    const blocked = await activate("hw-new");
    assert.equal(blocked.status, 422, blocked.text);

    const deactivation = await deviceRequest(
      keys,
      { license_key: license.key },
      { hardware_id: "hw-old", request: "deactivation" },
    );
    const freed = await postOffline(t().app, DEACTIVATE, encode(deactivation), {
      headers: signedHeaders(keys),
    });
    assert.equal(freed.status, 200, freed.text);
    assert.deepEqual(freed.body, {
      license_id: license.id,
      hardware_id: "hw-old",
      deactivated: true,
    });
    assert.equal((await call("GET", `/v1/machines/${first.body.device_id}`)).status, 404);

    const again = await postOffline(t().app, DEACTIVATE, encode(deactivation), {
      headers: signedHeaders(keys),
    });
    assert.equal(again.status, 409, again.text);
    assert.equal(errorCode(again), "REQUEST_REPLAYED");
    const unknown = await deviceRequest(
      keys,
      { license_key: license.key },
      { hardware_id: "hw-never", request: "deactivation" },
    );
    const missing = await postOffline(t().app, DEACTIVATE, encode(unknown), {
      headers: signedHeaders(keys),
    });
    assert.equal(missing.status, 404, missing.text);
    assert.equal(errorCode(missing), "DEVICE_NOT_FOUND");

    const second = await activate("hw-new");
    assert.equal(second.status, 200, second.text);
  });

  test("the offline keys: created once, shown to admins, sealed at rest, rotated on demand", async () => {
    const call = api(t().app, t().adminToken);
    const read = await call("GET", "/v1/organization/offline-keys");
    assert.equal(read.status, 200, read.text);
    assert.deepEqual({ apiKey: read.body.data.apiKey, sharedKey: read.body.data.sharedKey }, keys);
    assert.deepEqual(await offlineKeys(call), keys);
    const fresh = api(t().app, (await createOrganization(t().services, "Fresh")).adminToken);
    const none = await fresh("GET", "/v1/organization/offline-keys");
    assert.equal(none.status, 200, none.text);
    assert.equal(none.body.data, null);
    const created = await fresh("POST", "/v1/organization/offline-keys");
    assert.equal(created.status, 201, created.text);
    assert.notEqual(created.body.data.apiKey, keys.apiKey);
    const existing = await fresh("POST", "/v1/organization/offline-keys");
    assert.equal(existing.status, 200, existing.text);
    assert.deepEqual(existing.body.data, created.body.data);
    assert.match(keys.sharedKey, /^[A-Za-z0-9_-]{43}$/);
    const row = await t()
      .store.db.selectFrom("offline_keys")
      .selectAll()
      .where("organization_id", "=", t().organizationId)
      .executeTakeFirstOrThrow();
    assert.ok(!row.shared_key_encrypted.includes(keys.sharedKey));
    assert.match(row.shared_key_encrypted, /^v1\./);

    const rotated = await call("POST", "/v1/organization/offline-keys/actions/rotate");
    assert.equal(rotated.status, 200, rotated.text);
    assert.notEqual(rotated.body.data.apiKey, keys.apiKey);
    assert.notEqual(rotated.body.data.sharedKey, keys.sharedKey);
    const license = await offlineLicense(call);
    const old = await deviceRequest(keys, { license_key: license.key });
    const refused = await postOffline(t().app, ACTIVATE, encode(old), {
      headers: signedHeaders(keys),
    });
    assert.equal(refused.status, 401, refused.text);
    assert.equal(errorCode(refused), "INVALID_API_KEY");
    keys = rotated.body.data;
    const renewed = await deviceRequest(keys, { license_key: license.key });
    const ok = await postOffline(t().app, ACTIVATE, encode(renewed), {
      headers: signedHeaders(keys),
    });
    assert.equal(ok.status, 200, ok.text);

    // With an overlap, apps shipped with the replaced keys go on activating, answered with the
    // key they hold; the keys' answer says until when.
    const overlap = await call("POST", "/v1/organization/offline-keys/actions/rotate", {
      keepPreviousSeconds: 600,
    });
    assert.equal(overlap.status, 200, overlap.text);
    assert.equal(overlap.body.data.previous.apiKey, keys.apiKey);
    assert.ok(Date.parse(overlap.body.data.previous.validUntil) > Date.now() + 590_000);
    const another = await offlineLicense(call);
    const shipped = await deviceRequest(
      keys,
      { license_key: another.key },
      { hardware_id: "hw-overlap" },
    );
    const served = await postOffline(t().app, ACTIVATE, encode(shipped), {
      headers: signedHeaders(keys),
    });
    assert.equal(served.status, 200, served.text);
    const verified = await verifyActivationResponse(served.body, {
      sharedKey: keys.sharedKey,
      licenseKey: another.key,
      hardwareId: "hw-overlap",
      apiKey: keys.apiKey,
    });
    assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
    const tooLong = await call("POST", "/v1/organization/offline-keys/actions/rotate", {
      keepPreviousSeconds: 366 * 86_400,
    });
    assert.equal(tooLong.status, 400, tooLong.text);
    assert.equal((await offlineKeys(call)).apiKey, overlap.body.data.apiKey, "nothing changed");
    keys = overlap.body.data;
  });
});
