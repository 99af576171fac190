// An empty body sent as JSON, as curl sends `curl -X POST -H 'Content-Type: application/json'`:
// over real HTTP, actions whose body is optional run as with `{}`; a body with required members
// still answers 400, now naming them; malformed JSON stays INVALID_JSON. A JSON `null` is no
// object on any operation, and a `__proto__` key is refused saying so.
import assert from "node:assert/strict";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { before, test } from "node:test";
import {
  createLicense,
  createPolicy,
  createProduct,
  DAY,
  oneOfEach,
} from "./licensing-fixtures.js";
import { api, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { tableRows } from "./support/tables.js";

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: checked field by field
  body: any;
  text: string;
}

forEachDatabase("empty JSON bodies over HTTP", (db) => {
  const t = useTestApp(db);
  let port: number;
  let licenseId: string;
  let machineId: string;
  let productId: string;

  before(async () => {
    const call = api(t().app, t().adminToken);
    productId = await createProduct(call, "Product");
    const policy = await createPolicy(call, productId, { model: "timed", durationSeconds: DAY });
    licenseId = (await createLicense(call, policy)).id;
    const machine = await call("POST", "/v1/machines", { licenseId, fingerprint: "device-1" });
    assert.equal(machine.status, 201, machine.text);
    machineId = machine.body.data.id;
    const code = await call("POST", "/v1/handshake-codes", { name: "Default" });
    assert.equal(code.status, 201, code.text);
    await t().app.listen({ port: 0, host: "127.0.0.1" });
    port = (t().app.server.address() as AddressInfo).port;
  });

  /** One request over a socket; `body` is sent verbatim with its exact Content-Length. */
  function send(
    method: string,
    path: string,
    options: { body?: string; contentType?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const body = options.body ?? "";
    const headers: Record<string, string> = {
      authorization: `Bearer ${t().adminToken}`,
      "content-length": String(Buffer.byteLength(body)),
      ...options.headers,
    };
    if (options.contentType !== null) {
      headers["content-type"] = options.contentType ?? "application/json";
    }
    return new Promise((resolve, reject) => {
      const outgoing = request({ host: "127.0.0.1", port, method, path, headers }, (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            body: text === "" ? undefined : JSON.parse(text),
            text,
          }),
        );
      });
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }

  test("actions without a body, or with an optional one, run on an empty JSON body", async () => {
    const license = `/v1/licenses/${licenseId}`;
    const steps: Array<[string, (answer: Answer) => void]> = [
      [`${license}/actions/suspend`, (a) => assert.equal(a.body.data.status, "suspended")],
      [`${license}/actions/reinstate`, (a) => assert.equal(a.body.data.status, "active")],
      [`${license}/actions/renew`, (a) => assert.equal(a.body.data.status, "active")],
      [`${license}/actions/check-in`, (a) => assert.ok(a.body.data.lastCheckInAt)],
      // Optional bodies: as `{}`. Validation without a scope; binding to the default code.
      [`${license}/actions/validate`, (a) => assert.equal(a.body.code, "VALID")],
      [`${license}/actions/bind-handshake-code`, (a) => assert.ok(a.body.data.handshakeCodeId)],
      [
        `${license}/actions/unbind-handshake-code`,
        (a) => assert.equal(a.body.data.handshakeCodeId, null),
      ],
      [
        `/v1/machines/${machineId}/actions/heartbeat`,
        (a) => assert.ok(a.body.data.lastHeartbeatAt),
      ],
      ["/v1/organization/offline-keys/actions/rotate", (a) => assert.ok(a.body.data.sharedKey)],
      // A license file with the default options.
      [
        `${license}/actions/check-out`,
        (a) => assert.match(a.body.data.certificate, /LICENSE FILE/),
      ],
      [`${license}/actions/revoke`, (a) => assert.equal(a.body.data.status, "revoked")],
    ];
    for (const [path, check] of steps) {
      const answer = await send("POST", path);
      assert.equal(answer.status, 200, `POST ${path}: ${answer.text}`);
      check(answer);
    }
    // Whitespace only is empty too, and so is no body with no content type.
    const product = `/v1/products/${productId}`;
    const spaced = await send("PATCH", product, { body: " \r\n\t" });
    assert.equal(spaced.status, 200, spaced.text);
    assert.equal(spaced.body.data.name, "Product");
    const bare = await send("POST", `${license}/actions/validate`, { contentType: null });
    assert.equal(bare.status, 200, bare.text);
  });

  test("a required body is still required: 400 VALIDATION_FAILED naming what is missing", async () => {
    const cases: Array<[string, string[]]> = [
      ["/v1/products", ["body.name"]],
      ["/v1/policies", ["body.productId", "body.name"]],
      [`/v1/licenses/${licenseId}/entitlements`, ["body.entitlementIds"]],
      ["/v1/check", ["body.key"]],
    ];
    for (const [path, missing] of cases) {
      const answer = await send("POST", path, { body: "" });
      assert.equal(answer.status, 400, `POST ${path}: ${answer.text}`);
      assert.equal(answer.body.error.code, "VALIDATION_FAILED");
      assert.deepEqual(
        answer.body.error.details.map((detail: { path: string }) => detail.path),
        missing,
        path,
      );
      for (const field of missing)
        assert.match(answer.body.error.message, new RegExp(`${field} is required`));
    }
  });

  test("license tokens, machine files and proofs run on no body at all, with their defaults", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, productId, { model: "timed", durationSeconds: DAY });
    const license = (await createLicense(call, policy)).id;
    const machine = await call("POST", "/v1/machines", { licenseId: license, fingerprint: "d-2" });
    assert.equal(machine.status, 201, machine.text);
    const machinePath = `/v1/machines/${machine.body.data.id}`;
    for (const contentType of ["application/json", null]) {
      const token = await send("POST", `/v1/licenses/${license}/tokens`, { contentType });
      assert.equal(token.status, 201, token.text);
      assert.equal(token.body.data.expiresAt, null);
      const file = await send("POST", `${machinePath}/actions/check-out`, { contentType });
      assert.equal(file.status, 200, file.text);
      assert.match(file.body.data.certificate, /MACHINE FILE/);
      const proof = await send("POST", `${machinePath}/actions/proof`, { contentType });
      assert.equal(proof.status, 200, proof.text);
      assert.match(proof.body.data.proof, /^proof\//);
    }
  });

  test("malformed JSON and a JSON null stay errors", async () => {
    const path = `/v1/licenses/${licenseId}/actions/validate`;
    const malformed = await send("POST", path, { body: "{" });
    assert.equal(malformed.status, 400, malformed.text);
    assert.equal(malformed.body.error.code, "INVALID_JSON");
    const nulled = await send("POST", path, { body: "null" });
    assert.equal(nulled.status, 400, nulled.text);
    assert.equal(nulled.body.error.code, "VALIDATION_FAILED");
    assert.equal(nulled.body.error.details[0].path, "body");
  });
});

forEachDatabase("a JSON null body, and prototype keys", (db) => {
  const t = useTestApp(db);
  const ids: Record<string, string> = {};

  before(async () => {
    Object.assign(ids, await oneOfEach(api(t().app, t().adminToken)));
  });

  test("null is no object on any operation that takes a JSON body: 400 VALIDATION_FAILED, nothing written", async () => {
    const call = api(t().app, t().adminToken);
    const document = (await call("GET", "/v1/openapi.json")).body as {
      paths: Record<string, Record<string, { requestBody?: { content: object } }>>;
    };
    const before = await tableRows(t());
    const walked: string[] = [];
    for (const [template, methods] of Object.entries(document.paths)) {
      const collection = /^\/v1\/([a-z-]+)\//.exec(template)?.[1] ?? "";
      const path = template.replace(/\{[^}]+\}/g, () => ids[collection] ?? "x_1");
      for (const [method, operation] of Object.entries(methods)) {
        if (!operation.requestBody || !("application/json" in operation.requestBody.content)) {
          continue;
        }
        const verb = method.toUpperCase() as "POST" | "PATCH" | "PUT" | "DELETE";
        const label = `${verb} ${template}`;
        walked.push(label);
        const response = await call(verb, path, undefined, { raw: "null" });
        assert.equal(response.status, 400, `${label}: ${response.text}`);
        assert.equal(errorCode(response), "VALIDATION_FAILED", label);
        assert.deepEqual(
          response.body.error.details,
          [{ path: "body", message: "must be object" }],
          label,
        );
      }
    }
    // The four that took null for {} are among them, and most of the API.
    for (const operation of [
      "POST /v1/licenses/{id}/tokens",
      "POST /v1/licenses/{id}/actions/check-out",
      "POST /v1/machines/{id}/actions/check-out",
      "POST /v1/machines/{id}/actions/proof",
    ]) {
      assert.ok(walked.includes(operation), `${operation} walked`);
    }
    assert.ok(walked.length >= 35, `only ${walked.length} operations`);
    assert.deepEqual(await tableRows(t()), before, "a refused request wrote something");
  });

  test("a __proto__ or constructor.prototype key: 400 INVALID_JSON saying so, nothing written", async () => {
    const call = api(t().app, t().adminToken);
    const before = await tableRows(t());
    const message =
      "the body may not have a `__proto__` or `constructor.prototype` key (at any depth)";
    for (const raw of [
      '{"name":"P","__proto__":{"admin":true}}',
      '{"name":"P","metadata":{"a":[{"__proto__":{}}]}}',
      '{"name":"P","\\u005f_proto__":{}}',
      '{"name":"P","constructor":{"prototype":{"admin":true}}}',
      '\ufeff{"name":"P","__proto__":{}}',
    ]) {
      const response = await call("POST", "/v1/products", undefined, { raw });
      assert.equal(response.status, 400, `${raw}: ${response.text}`);
      assert.equal(errorCode(response), "INVALID_JSON", raw);
      assert.equal(response.body.error.message, message, raw);
    }
    // Malformed JSON is still said to be so, a `constructor` without `prototype` is data.
    const malformed = await call("POST", "/v1/products", undefined, { raw: '{"__proto__":' });
    assert.equal(malformed.body.error.message, "the body is not valid JSON");
    assert.deepEqual(await tableRows(t()), before);
    const kept = await call("POST", "/v1/products", {
      name: "P",
      metadata: { constructor: "x", proto: { prototype: 1 } },
    });
    assert.equal(kept.status, 201, kept.text);
    assert.deepEqual(kept.body.data.metadata, { constructor: "x", proto: { prototype: 1 } });
  });
});

forEachDatabase("the OpenAPI document says which bodies may be left out", (db) => {
  const t = useTestApp(db);

  test("requestBody.required only where the schema has required members", async () => {
    const document = (await api(t().app, null)("GET", "/v1/openapi.json")).body;
    const required = (path: string, method: string) =>
      document.paths[path][method].requestBody.required;
    assert.equal(required("/v1/licenses/{id}/actions/bind-handshake-code", "post"), false);
    assert.equal(required("/v1/licenses/{id}/actions/validate", "post"), false);
    assert.equal(required("/v1/products/{id}", "patch"), false);
    assert.equal(required("/v1/products", "post"), true);
    assert.equal(required("/v1/check", "post"), true);
    assert.equal(document.paths["/v1/licenses/{id}/actions/suspend"].post.requestBody, undefined);
  });
});
