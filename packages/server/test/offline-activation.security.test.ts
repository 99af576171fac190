// Offline activation's security: a request is served once, an organization's keys reach only
// its own licenses, the keys are for admins, and racing requests respect the device limit.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import {
  deviceRequest,
  encode,
  type OfflineKeys,
  offlineKeys,
  offlineLicense,
  offlineSnapshot,
  postOffline,
  signedHeaders,
} from "./offline-activation-fixtures.js";
import { api, createOrganization, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const ACTIVATE = "/v1/offline/activate";

forEachDatabase("offline activation: replays, isolation, limits", (db) => {
  const t = useTestApp(db);
  let keys: OfflineKeys;
  let other: { adminToken: string; keys: OfflineKeys };

  before(async () => {
    keys = await offlineKeys(api(t().app, t().adminToken));
    const org = await createOrganization(t().services, "Organization B");
    other = { adminToken: org.adminToken, keys: await offlineKeys(api(t().app, org.adminToken)) };
  });

  test("the same request replayed is refused: 409 REQUEST_REPLAYED, nothing written", async () => {
    const license = await offlineLicense(api(t().app, t().adminToken), {
      floating: true,
      maxMachines: 3,
    });
    const request = await deviceRequest(keys, { license_key: license.key }, { hardware_id: "r" });
    const body = encode(request);
    const first = await postOffline(t().app, ACTIVATE, body, { headers: signedHeaders(keys) });
    assert.equal(first.status, 200, first.text);
    const before = await offlineSnapshot(t().store);
    for (const multipart of [false, true]) {
      const replay = await postOffline(t().app, ACTIVATE, body, {
        headers: signedHeaders(keys),
        multipart,
      });
      assert.equal(replay.status, 409, replay.text);
      assert.equal(errorCode(replay), "REQUEST_REPLAYED");
    }
    // The same MAC spelled without its Base64 padding is the same request.
    const unpadded = encode({ ...request, signature: request.signature.replace(/=+$/, "") });
    const respelled = await postOffline(t().app, ACTIVATE, unpadded, {
      headers: signedHeaders(keys),
    });
    assert.equal(respelled.status, 409, respelled.text);
    assert.equal(errorCode(respelled), "REQUEST_REPLAYED");
    assert.deepEqual(await offlineSnapshot(t().store), before);
  });

  test("another organization's api key and shared key cannot activate this one's license", async () => {
    const license = await offlineLicense(api(t().app, t().adminToken));
    const before = await offlineSnapshot(t().store);
    const foreign = await deviceRequest(other.keys, { license_key: license.key });
    const response = await postOffline(t().app, ACTIVATE, encode(foreign), {
      headers: signedHeaders(other.keys),
    });
    assert.equal(response.status, 404, response.text);
    assert.equal(errorCode(response), "LICENSE_NOT_FOUND");
    // Its bearer token with this organization's api key: refused as well.
    const ours = await deviceRequest(keys, { license_key: license.key });
    const crossToken = await postOffline(t().app, ACTIVATE, encode(ours), {
      headers: { authorization: `Bearer ${other.adminToken}`, date: new Date().toUTCString() },
    });
    assert.equal(crossToken.status, 401, crossToken.text);
    assert.equal(errorCode(crossToken), "INVALID_AUTHORIZATION");
    // Mixing: this org's api key in the request, signed with the other's shared key.
    const mixed = await deviceRequest(
      { apiKey: keys.apiKey, sharedKey: other.keys.sharedKey },
      { license_key: license.key },
    );
    const mixedResponse = await postOffline(t().app, ACTIVATE, encode(mixed), {
      headers: signedHeaders(keys),
    });
    assert.equal(mixedResponse.status, 401, mixedResponse.text);
    assert.equal(errorCode(mixedResponse), "INVALID_SIGNATURE");
    assert.deepEqual(await offlineSnapshot(t().store), before);
  });

  test("the offline keys are for admin tokens only; rotation needs one too", async () => {
    const call = api(t().app, t().adminToken);
    const license = await offlineLicense(call);
    const product = await call("POST", "/v1/tokens", {
      kind: "product",
      productId: license.productId,
    });
    assert.equal(product.status, 201, product.text);
    const licenseToken = await call("POST", `/v1/licenses/${license.id}/tokens`, { name: "sdk" });
    assert.equal(licenseToken.status, 201, licenseToken.text);
    for (const token of [product.body.data.token, licenseToken.body.data.token]) {
      const read = await api(t().app, token)("GET", "/v1/organization/offline-keys");
      assert.equal(read.status, 403, read.text);
      const create = await api(t().app, token)("POST", "/v1/organization/offline-keys");
      assert.equal(create.status, 403, create.text);
      const rotate = await api(t().app, token)(
        "POST",
        "/v1/organization/offline-keys/actions/rotate",
      );
      assert.equal(rotate.status, 403, rotate.text);
    }
    assert.equal((await api(t().app, null)("GET", "/v1/organization/offline-keys")).status, 401);
    assert.deepEqual(await offlineKeys(call), keys);
  });

  test("a read-scoped token serves no offline request: 403 TOKEN_READ_ONLY, no machine", async () => {
    const call = api(t().app, t().adminToken);
    const license = await offlineLicense(call);
    const token = await call("POST", "/v1/tokens", { kind: "admin", scope: "read" });
    const refused = await postOffline(
      t().app,
      ACTIVATE,
      encode(await deviceRequest(keys, { license_key: license.key })),
      {
        headers: {
          authorization: `Bearer ${token.body.data.token}`,
          date: new Date().toUTCString(),
        },
      },
    );
    assert.equal(refused.status, 403, refused.text);
    assert.equal(errorCode(refused), "TOKEN_READ_ONLY");
    const machines = await call("GET", `/v1/machines?licenseId=${license.id}`);
    assert.deepEqual(machines.body.data, []);
  });

  test("a product token serves requests for its own product's licenses only", async () => {
    const call = api(t().app, t().adminToken);
    const mine = await offlineLicense(call);
    const theirs = await offlineLicense(call);
    const token = await call("POST", "/v1/tokens", { kind: "product", productId: mine.productId });
    const headers = {
      authorization: `Bearer ${token.body.data.token}`,
      date: new Date().toUTCString(),
    };
    const ok = await postOffline(
      t().app,
      ACTIVATE,
      encode(await deviceRequest(keys, { license_key: mine.key })),
      { headers },
    );
    assert.equal(ok.status, 200, ok.text);
    const refused = await postOffline(
      t().app,
      ACTIVATE,
      encode(await deviceRequest(keys, { license_key: theirs.key })),
      { headers },
    );
    assert.equal(refused.status, 403, refused.text);
  });

  test("racing requests of 8 devices on a license of 3 machines activate exactly 3", async () => {
    const license = await offlineLicense(api(t().app, t().adminToken), {
      floating: true,
      maxMachines: 3,
    });
    const bodies = await Promise.all(
      Array.from({ length: 8 }, async (_, i) =>
        encode(
          await deviceRequest(keys, { license_key: license.key }, { hardware_id: `race-${i}` }),
        ),
      ),
    );
    const responses = await Promise.all(
      bodies.map((body) => postOffline(t().app, ACTIVATE, body, { headers: signedHeaders(keys) })),
    );
    const statuses = responses.map((response) => response.status).sort();
    assert.deepEqual(statuses, [200, 200, 200, 422, 422, 422, 422, 422]);
    const machines = await t()
      .store.db.selectFrom("machines")
      .select("id")
      .where("license_id", "=", license.id)
      .execute();
    assert.equal(machines.length, 3);
  });
});
