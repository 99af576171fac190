// An empty body sent as JSON, as curl sends `curl -X POST -H 'Content-Type: application/json'`:
// over real HTTP, actions whose body is optional run as with `{}`; a body with required members
// still answers 400, now naming them; malformed JSON stays INVALID_JSON.
import assert from "node:assert/strict";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { before, test } from "node:test";
import { createLicense, createPolicy, createProduct, DAY } from "./licensing-fixtures.js";
import { api, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

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
