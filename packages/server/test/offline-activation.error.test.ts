// Every error case of seed 003 (SPEC L7), plus the checks Keyward adds: each answers HTTP ≥ 400
// with its own JSON error code and writes nothing.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { offlineSignatureSync } from "@keyward/formats/node";
import {
  deviceRequest,
  encode,
  encodeRaw,
  type OfflineKeys,
  offlineKeys,
  offlineLicense,
  offlineSnapshot,
  type PostOptions,
  postOffline,
  signedHeaders,
} from "./offline-activation-fixtures.js";
import { api, errorCode, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const ACTIVATE = "/v1/offline/activate";
const DEACTIVATE = "/v1/offline/deactivate";

forEachDatabase("offline activation: seed 003 error cases", (db) => {
  const clock = manualClock();
  const t = useTestApp(db, { clock });
  let keys: OfflineKeys;
  let license: { id: string; key: string };

  before(async () => {
    const call = api(t().app, t().adminToken);
    keys = await offlineKeys(call);
    license = await offlineLicense(call);
  });

  /** Posts, and asserts the status and code and that nothing was written. */
  async function refused(
    body: string | undefined,
    status: number,
    code: string,
    options: PostOptions = {},
    url = ACTIVATE,
  ) {
    const before = await offlineSnapshot(t().store);
    const response = await postOffline(t().app, url, body, {
      headers: signedHeaders(keys, clock()),
      ...options,
    });
    assert.equal(response.status, status, response.text);
    assert.equal(errorCode(response), code);
    assert.deepEqual(await offlineSnapshot(t().store), before);
    return response;
  }

  /** A request JSON with every field, signed: tests remove or change fields from it. */
  function fields(): Record<string, unknown> {
    const date = clock().toUTCString();
    const base = {
      license_key: license.key,
      hardware_id: "hw-error",
      api_key: keys.apiKey,
      date,
    };
    return {
      ...base,
      signature: offlineSignatureSync({
        sharedKey: keys.sharedKey,
        date,
        identity: license.key,
        hardwareId: "hw-error",
        apiKey: keys.apiKey,
      }),
    };
  }

  function without(field: string): string {
    const request = fields();
    delete request[field];
    return encodeRaw(request);
  }

  test("missing Authorization header: 400 MISSING_HEADERS", async () => {
    const { date } = signedHeaders(keys, clock());
    await refused(encodeRaw(fields()), 400, "MISSING_HEADERS", { headers: { date } });
  });

  test("missing Date header: 400 MISSING_HEADERS (before the body is looked at)", async () => {
    const { authorization } = signedHeaders(keys, clock());
    await refused("not base64 !", 400, "MISSING_HEADERS", { headers: { authorization } });
  });

  test("no request body at all: 400 REQUEST_BODY_MISSING", async () => {
    await refused(undefined, 400, "REQUEST_BODY_MISSING");
    await refused("", 400, "REQUEST_BODY_MISSING");
    await refused(" \n", 400, "REQUEST_BODY_MISSING");
  });

  test("multipart body without any part: 400 REQUEST_BODY_MISSING (no file found)", async () => {
    await refused(undefined, 400, "REQUEST_BODY_MISSING", { multipart: [] });
  });

  test("multipart body whose file is empty: 400 REQUEST_BODY_MISSING", async () => {
    await refused("", 400, "REQUEST_BODY_MISSING", { multipart: true });
  });

  test("multipart body without the `file` field: 400 FILE_MISSING", async () => {
    await refused(undefined, 400, "FILE_MISSING", {
      multipart: [{ name: "request", filename: "a.req", content: encodeRaw(fields()) }],
    });
  });

  test("a malformed multipart body: 400 VALIDATION_FAILED saying so, on both endpoints", async () => {
    const file = 'Content-Disposition: form-data; name="file"; filename="a.req"\r\n\r\n';
    const malformed = [
      // No boundary in the Content-Type.
      { type: "multipart/form-data", body: "abc" },
      { type: "multipart/form-data; charset=utf-8", body: "abc" },
      // A valid boundary, the body cut short inside the file part.
      { type: "multipart/form-data; boundary=xx", body: `--xx\r\n${file}AAAA` },
      // A boundary longer than busboy searches for.
      { type: `multipart/form-data; boundary=${"b".repeat(300)}`, body: "abc" },
      // A whole `file` part, then a field cut short.
      {
        type: "multipart/form-data; boundary=xx",
        body: `--xx\r\n${file}AAAA\r\n--xx\r\nContent-Disposition: form-data; name="file"\r\n\r\nBB`,
      },
    ];
    for (const url of [ACTIVATE, DEACTIVATE]) {
      for (const { type, body } of malformed) {
        const response = await refused(body, 400, "VALIDATION_FAILED", { contentType: type }, url);
        const { message, details } = response.body.error;
        assert.match(message, /multipart/, `${url} ${type} ${JSON.stringify(body)}`);
        assert.equal(details[0].path, "body");
      }
    }
  });

  test("body that is not base64: 400 INVALID_BASE64", async () => {
    await refused("this is %%% not base64", 400, "INVALID_BASE64");
    await refused("YQ===", 400, "INVALID_BASE64");
  });

  test("base64 of something that is not a JSON object: 400 INVALID_REQUEST_DATA", async () => {
    await refused(Buffer.from("hello").toString("base64"), 400, "INVALID_REQUEST_DATA");
    await refused(encodeRaw([1, 2]), 400, "INVALID_REQUEST_DATA");
  });

  test("license_key (or username) missing: 400 LICENSE_KEY_MISSING", async () => {
    await refused(without("license_key"), 400, "LICENSE_KEY_MISSING");
  });

  test("hardware_id missing: 400 HARDWARE_ID_MISSING", async () => {
    await refused(without("hardware_id"), 400, "HARDWARE_ID_MISSING");
    await refused(encodeRaw({ ...fields(), hardware_id: "" }), 400, "HARDWARE_ID_MISSING");
  });

  test("the date data missing: 400 DATE_MISSING", async () => {
    await refused(without("date"), 400, "DATE_MISSING");
  });

  test("api_key missing: 400 API_KEY_MISSING", async () => {
    await refused(without("api_key"), 400, "API_KEY_MISSING");
  });

  test("signature missing: 400 SIGNATURE_MISSING; a field of the wrong type: 400 INVALID_FIELD", async () => {
    await refused(without("signature"), 400, "SIGNATURE_MISSING");
    await refused(encodeRaw({ ...fields(), variables: { cpu: 8 } }), 400, "INVALID_FIELD");
    await refused(encodeRaw({ ...fields(), hardware_id: "h".repeat(256) }), 400, "INVALID_FIELD");
  });

  test("a request the device signed with another key: 401 INVALID_SIGNATURE", async () => {
    const forged = await deviceRequest(
      { apiKey: keys.apiKey, sharedKey: "not-the-shared-key" },
      { license_key: license.key },
      { date: clock().toUTCString() },
    );
    await refused(encode(forged), 401, "INVALID_SIGNATURE");
    const tampered = await deviceRequest(keys, { license_key: license.key });
    await refused(encode({ ...tampered, hardware_id: "hw-other" }), 401, "INVALID_SIGNATURE");
  });

  test("an unknown api_key: 401 INVALID_API_KEY", async () => {
    const other = { apiKey: "00000000-0000-4000-8000-000000000000", sharedKey: keys.sharedKey };
    const request = await deviceRequest(other, { license_key: license.key });
    await refused(encode(request), 401, "INVALID_API_KEY");
  });

  test("an Authorization header not signed with the shared key: 401 INVALID_AUTHORIZATION", async () => {
    const request = encode(await deviceRequest(keys, { license_key: license.key }));
    const wrong = signedHeaders({ apiKey: keys.apiKey, sharedKey: "wrong" }, clock());
    await refused(request, 401, "INVALID_AUTHORIZATION", { headers: wrong });
    const otherApiKey = signedHeaders(
      { apiKey: "someone-else", sharedKey: keys.sharedKey },
      clock(),
    );
    await refused(request, 401, "INVALID_AUTHORIZATION", { headers: otherApiKey });
    await refused(request, 401, "INVALID_AUTHORIZATION", {
      headers: {
        date: clock().toUTCString(),
        authorization: "Bearer kw_admin_not-a-real-token-at-all",
      },
    });
  });

  test("a Date header outside the window: 401 STALE_DATE; unreadable: 400 INVALID_DATE_HEADER", async () => {
    const request = encode(await deviceRequest(keys, { license_key: license.key }));
    const old = new Date(clock().getTime() - 11 * 60_000);
    await refused(request, 401, "STALE_DATE", { headers: signedHeaders(keys, old) });
    const future = new Date(clock().getTime() + 11 * 60_000);
    await refused(request, 401, "STALE_DATE", { headers: signedHeaders(keys, future) });
    const headers = signedHeaders(keys, "yesterday");
    await refused(request, 400, "INVALID_DATE_HEADER", { headers });
  });

  test("an unknown license key: 404 LICENSE_NOT_FOUND", async () => {
    const request = await deviceRequest(keys, { license_key: "NO-SUCH-KEY" });
    await refused(encode(request), 404, "LICENSE_NOT_FOUND");
  });

  test("an inactive license: 409 LICENSE_SUSPENDED / LICENSE_REVOKED", async () => {
    const call = api(t().app, t().adminToken);
    const suspended = await offlineLicense(call);
    assert.equal((await call("POST", `/v1/licenses/${suspended.id}/actions/suspend`)).status, 200);
    const request = await deviceRequest(keys, { license_key: suspended.key });
    await refused(encode(request), 409, "LICENSE_SUSPENDED");
    const revoked = await offlineLicense(call);
    assert.equal((await call("POST", `/v1/licenses/${revoked.id}/actions/revoke`)).status, 200);
    await refused(
      encode(await deviceRequest(keys, { license_key: revoked.key })),
      409,
      "LICENSE_REVOKED",
    );
  });

  test("the device limit reached: 422 MACHINE_LIMIT_EXCEEDED", async () => {
    const call = api(t().app, t().adminToken);
    const nodeLocked = await offlineLicense(call);
    const first = await deviceRequest(keys, { license_key: nodeLocked.key }, { hardware_id: "a" });
    const ok = await postOffline(t().app, ACTIVATE, encode(first), {
      headers: signedHeaders(keys, clock()),
    });
    assert.equal(ok.status, 200, ok.text);
    const second = await deviceRequest(keys, { license_key: nodeLocked.key }, { hardware_id: "b" });
    await refused(encode(second), 422, "MACHINE_LIMIT_EXCEEDED");
  });

  test("a deactivation request sent to the activation endpoint: 400 WRONG_REQUEST_KIND", async () => {
    const request = await deviceRequest(
      keys,
      { license_key: license.key },
      { request: "deactivation" },
    );
    await refused(encode(request), 400, "WRONG_REQUEST_KIND");
  });
});
