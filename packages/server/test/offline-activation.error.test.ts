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
  /** Seats for many devices: a request wrongly accepted would activate, not hit the limit. */
  let floating: { id: string; key: string };

  before(async () => {
    const call = api(t().app, t().adminToken);
    keys = await offlineKeys(call);
    license = await offlineLicense(call);
    floating = await offlineLicense(call, { floating: true, maxMachines: 100 });
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

  let devices = 0;
  /** A request that would activate a new device on `floating`, but for what a test does to it. */
  async function validRequest(fields: Record<string, unknown> = {}): Promise<string> {
    devices += 1;
    return encode(
      await deviceRequest(
        keys,
        { license_key: floating.key },
        { hardware_id: `hw-valid-${devices}`, date: clock().toUTCString(), ...fields },
      ),
    );
  }

  const BOUNDARY = "kw-boundary";
  const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
  /** One part; `filename` makes it a file part, without one it is a text field. */
  function part(name: string, content: string, filename?: string): string {
    const file = filename === undefined ? "" : `; filename="${filename}"`;
    return (
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${file}\r\n\r\n` +
      `${content}\r\n`
    );
  }
  const END = `--${BOUNDARY}--\r\n`;

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

  test("multipart over its limits: 413 BODY_TOO_LARGE saying which limit; up to them, served", async () => {
    for (const url of [ACTIVATE, DEACTIVATE]) {
      const overPart = [
        // The `file` part as a file over 64 KB.
        part("file", "A".repeat(64 * 1024 + 1), "a.req") + END,
        // The `file` part as a text field: a valid request, then newlines (ignored in Base64)
        // past 64 KB. Cut at 64 KB, it was served.
        part("file", `${await validRequest()}${"\n".repeat(100_000)}`) + END,
        // A 1.2 MB body: a valid `file`, then another part over the limit.
        part("file", await validRequest(), "a.req") + part("notes", "B".repeat(1_200_000)) + END,
      ];
      const overCount = [
        // 40 text fields after a valid `file`.
        part("file", await validRequest()) +
          Array.from({ length: 40 }, (_, i) => part(`field${i}`, "x")).join("") +
          END,
        // 17 file parts, the first a valid `file`.
        part("file", await validRequest(), "a.req") +
          Array.from({ length: 16 }, (_, i) => part(`extra${i}`, "x", `${i}.txt`)).join("") +
          END,
      ];
      for (const [bodies, said] of [
        [overPart, /part of the multipart body is over 64 KB/],
        [overCount, /more than 16 parts/],
      ] as const) {
        for (const body of bodies) {
          const response = await refused(
            body,
            413,
            "BODY_TOO_LARGE",
            { contentType: MULTIPART },
            url,
          );
          assert.match(response.body.error.message, said);
        }
      }
      // The raw body's limit is the offline routes' own 64 KB, not KEYWARD_BODY_LIMIT.
      const raw = `${await validRequest()}${"\n".repeat(64 * 1024)}`;
      const response = await refused(raw, 413, "BODY_TOO_LARGE", {}, url);
      assert.equal(response.body.error.message, "the request body is over 64 KB");
    }
    // Up to the limits: 16 parts, a `file` of exactly 64 KB.
    const sixteen =
      part("file", await validRequest(), "a.req") +
      Array.from({ length: 15 }, (_, i) => part(`field${i}`, "x")).join("") +
      END;
    const response = await postOffline(t().app, ACTIVATE, sixteen, {
      headers: signedHeaders(keys, clock()),
      contentType: MULTIPART,
    });
    assert.equal(response.status, 200, response.text);
    const request = await validRequest();
    const padded = `${request}${"\n".repeat(64 * 1024 - request.length)}`;
    const full = await postOffline(t().app, ACTIVATE, part("file", padded) + END, {
      headers: signedHeaders(keys, clock()),
      contentType: MULTIPART,
    });
    assert.equal(full.status, 200, full.text);
  });

  test("a multipart body that ends inside any part: 400 VALIDATION_FAILED, though `file` was whole", async () => {
    const cutFile = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="x"; filename="b"\r\n\r\nBB`;
    const cutField = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="x"\r\n\r\nBB`;
    const bodies = [
      part("file", await validRequest(), "a.req") + cutFile,
      part("file", await validRequest()) + cutFile,
      part("file", await validRequest()) + cutField,
      // The `file` text field itself, its closing boundary missing.
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"\r\n\r\n${await validRequest()}`,
    ];
    for (const url of [ACTIVATE, DEACTIVATE]) {
      for (const body of bodies) {
        const response = await refused(
          body,
          400,
          "VALIDATION_FAILED",
          { contentType: MULTIPART },
          url,
        );
        assert.match(response.body.error.message, /ends inside a part/);
        assert.equal(response.body.error.details[0].path, "body");
      }
    }
  });

  test("a multipart part named after an Object.prototype property: 400 VALIDATION_FAILED", async () => {
    for (const name of ["__proto__", "constructor", "toString"]) {
      for (const filename of [undefined, "a.req"]) {
        const body = part("file", await validRequest(), "a.req") + part(name, "x", filename) + END;
        const response = await refused(body, 400, "VALIDATION_FAILED", { contentType: MULTIPART });
        assert.match(response.body.error.message, /Object\.prototype/);
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

  test("INVALID_FIELD names a variable JSON-quoted and cut short, not its raw name", async () => {
    const name = `seat\r\n${"x".repeat(5000)}`;
    const response = await refused(
      encodeRaw({ ...fields(), variables: { [name]: 8 } }),
      400,
      "INVALID_FIELD",
    );
    const quoted = JSON.stringify(`${name.slice(0, 64)}…`);
    assert.equal(response.body.error.message, `variables[${quoted}] must be a string`);
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

  test("a Date header other than an IMF-fixdate: 400 INVALID_DATE_HEADER, though signed and current", async () => {
    const now = clock();
    const fixdate = now.toUTCString(); // "Mon, 07 Dec 2026 12:00:00 GMT"
    const [weekday, day, month, year, time] = fixdate.split(/,? /);
    const otherDay = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][(now.getUTCDay() + 1) % 7];
    const fullDay = now.toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" });
    const dates = [
      now.toISOString(), // ISO 8601
      fixdate.replace("GMT", "+0000"), // RFC 2822
      fixdate.replace("GMT", "UTC"),
      fixdate.replace("GMT", "gmt"),
      fixdate.replace(`${weekday}, `, ""), // no weekday
      fixdate.replace(weekday!, otherDay!), // another day's weekday
      `${weekday},  ${day} ${month} ${year} ${time} GMT`, // two spaces
      `${weekday}, 0${day} ${month} ${year} ${time} GMT`, // a day of 3 digits
      `${weekday} ${month} ${String(Number(day)).padStart(2)} ${time} ${year}`, // asctime
      `${fullDay}, ${day}-${month}-${year!.slice(2)} ${time} GMT`, // RFC 850
      `${fixdate}, ${fixdate}`, // two Date headers, joined
      String(Math.floor(now.getTime() / 1000)),
    ];
    // Real dates only, whatever their distance from the clock (was 401 STALE_DATE: rolled over).
    dates.push("Mon, 30 Feb 2026 10:00:00 GMT", "Tue, 31 Nov 2026 10:00:00 GMT");
    dates.push("Mon, 07 Dec 2026 24:00:00 GMT", "Mon, 07 Dec 2026 12:00:60 GMT");
    const body = await validRequest();
    for (const url of [ACTIVATE, DEACTIVATE]) {
      for (const date of dates) {
        const response = await refused(
          body,
          400,
          "INVALID_DATE_HEADER",
          {
            headers: signedHeaders(keys, date),
          },
          url,
        );
        assert.match(response.body.error.message, /IMF-fixdate/, date);
      }
    }
    // The same request with the IMF-fixdate is served.
    const served = await postOffline(t().app, ACTIVATE, body, {
      headers: signedHeaders(keys, now),
    });
    assert.equal(served.status, 200, served.text);
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
    const response = await refused(encode(request), 400, "WRONG_REQUEST_KIND");
    assert.equal(
      response.body.error.message,
      'request is "deactivation": send it to /v1/offline/deactivate',
    );
    const activation = await validRequest({ request: "activation" });
    const back = await refused(activation, 400, "WRONG_REQUEST_KIND", {}, DEACTIVATE);
    assert.equal(
      back.body.error.message,
      'request is "activation": send it to /v1/offline/activate',
    );
  });

  test("a `request` that is no known kind: 400 WRONG_REQUEST_KIND naming the kinds, not the value", async () => {
    const kinds = ["zzz", "", "Activation", "x".repeat(300), "line\nbreak", "deactivation "];
    for (const url of [ACTIVATE, DEACTIVATE]) {
      for (const kind of kinds) {
        const response = await refused(
          await validRequest({ request: kind }),
          400,
          "WRONG_REQUEST_KIND",
          {},
          url,
        );
        assert.equal(
          response.body.error.message,
          'request is not a known kind: it must be "activation" or "deactivation", or be left out',
          JSON.stringify(kind),
        );
      }
    }
  });
});
