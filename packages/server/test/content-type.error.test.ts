// A body whose Content-Type the route does not take answers 415 UNSUPPORTED_MEDIA_TYPE before any
// handler runs, text/plain included: Fastify parses text/plain into a string by default, and a
// browser sends it cross-origin without a preflight (a "simple" request). Only the offline
// activation routes take any type (their request file is text).
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { createLicense, createPolicy, createProduct, DAY } from "./licensing-fixtures.js";
import { type ApiResponse, api, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { tableRows } from "./support/tables.js";

const TEXT_TYPES = [
  "text/plain",
  "text/plain; charset=utf-8",
  "text/plain;charset=UTF-8",
  "Text/Plain; charset=iso-8859-1",
];

function assertUnsupported(response: ApiResponse, label: string) {
  assert.equal(response.status, 415, `${label}: ${response.text}`);
  assert.equal(errorCode(response), "UNSUPPORTED_MEDIA_TYPE", label);
  assert.match(String(response.headers["content-type"]), /^application\/json/, label);
  assert.deepEqual(Object.keys(response.body.error).sort(), ["code", "message", "requestId"]);
  // The message quotes none of the request (neither its type nor its body).
  assert.doesNotMatch(response.body.error.message, /text\/plain|device-1|Sent as text/i, label);
}

forEachDatabase("a text/plain body: 415 UNSUPPORTED_MEDIA_TYPE", (db) => {
  const t = useTestApp(db);
  let key: string;
  let productId: string;

  before(async () => {
    const call = api(t().app, t().adminToken);
    productId = await createProduct(call, "Product");
    const policy = await createPolicy(call, productId, {
      model: "timed",
      durationSeconds: DAY,
      floating: true,
      maxMachines: 5,
    });
    key = (await createLicense(call, policy)).key;
  });

  test("client route POST /v1/check: 415 for every text/plain, nothing written", async () => {
    const call = api(t().app, null);
    const before = await tableRows(t());
    // A body that, sent as JSON, is a valid check (it would count a validation).
    const raw = JSON.stringify({ key, fingerprint: "device-1" });
    for (const type of TEXT_TYPES) {
      const response = await call("POST", "/v1/check", undefined, {
        raw,
        headers: { "content-type": type },
      });
      assertUnsupported(response, `POST /v1/check ${type}`);
    }
    // A form-like body, as in the QA report, and an empty one.
    for (const body of ["a=b", ""]) {
      const response = await call("POST", "/v1/check", undefined, {
        raw: body,
        headers: { "content-type": "text/plain" },
      });
      assertUnsupported(response, `POST /v1/check ${JSON.stringify(body)}`);
    }
    assert.deepEqual(await tableRows(t()), before, "a refused check wrote something");
  });

  test("admin routes POST and PATCH /v1/products: 415 for every text/plain, nothing written", async () => {
    const call = api(t().app, t().adminToken);
    const before = await tableRows(t());
    for (const type of TEXT_TYPES) {
      const headers = { "content-type": type };
      const raw = JSON.stringify({ name: "Sent as text" });
      assertUnsupported(
        await call("POST", "/v1/products", undefined, { raw, headers }),
        `POST /v1/products ${type}`,
      );
      assertUnsupported(
        await call("PATCH", `/v1/products/${productId}`, undefined, { raw, headers }),
        `PATCH /v1/products ${type}`,
      );
    }
    assert.deepEqual(await tableRows(t()), before, "a refused request wrote something");
    // The same body as JSON is taken: the refusal is the type's alone.
    const created = await call("POST", "/v1/products", { name: "Sent as JSON" });
    assert.equal(created.status, 201, created.text);
  });

  test("the offline activation routes still read a text/plain request file", async () => {
    const response = await api(t().app, null)("POST", "/v1/offline/activate", undefined, {
      raw: "not base64 at all!",
      headers: { "content-type": "text/plain" },
    });
    // Taken (no 415) and refused for what it lacks: its signed headers.
    assert.equal(response.status, 400, response.text);
    assert.equal(errorCode(response), "MISSING_HEADERS");
  });
});
