// Input no route schema states is refused like input a schema refuses, on both databases:
// - a number JSON cannot carry exactly (a literal past the double range, `1e309`, which parsed
//   to Infinity and was stored as null; an integer past ±(2^53−1), `9007199254740993`, which
//   was rounded to ...992) in any body, free-form metadata and machine variables included:
//   400 VALIDATION_FAILED naming the field, nothing written;
// - on the operations that declare no body or no query (actions, DELETEs, gets by id), a JSON
//   `null` body, an unknown member, an unknown query parameter, NUL in any of them: 400
//   VALIDATION_FAILED naming it, nothing done. The requests are generated from the OpenAPI
//   document, so a new route is walked without a change here. `{}` and no body still run.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { activate, createLicense, createPolicy, oneOfEach } from "./licensing-fixtures.js";
import { type ApiResponse, api, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { type OpenApiDocument, resolver, sample } from "./support/openapi-samples.js";
import { tableRows } from "./support/tables.js";

/** 400 VALIDATION_FAILED with a detail for `field` (whose message matches `message`). */
function assertRefused(response: ApiResponse, field: string, label: string, message?: RegExp) {
  assert.equal(response.status, 400, `${label}: ${response.text}`);
  assert.equal(errorCode(response), "VALIDATION_FAILED", label);
  const details: Array<{ path: string; message: string }> = response.body.error.details ?? [];
  const found = details.filter((detail) => detail.path === field);
  assert.ok(found.length > 0, `${label}: no detail for ${field} in ${response.text}`);
  if (message) {
    assert.ok(
      found.some((detail) => message.test(detail.message)),
      `${label}: ${response.text}`,
    );
  }
  assert.ok(response.body.error.message.includes(field), `${label}: ${response.text}`);
}

const NOT_FINITE = /^must be a finite number/;
const NOT_EXACT =
  /^must be a number JSON keeps exactly: a whole number from -9007199254740991 to 9007199254740991/;

forEachDatabase("input the routes do not declare, and numbers JSON cannot keep", (db) => {
  const t = useTestApp(db);
  const ids: Record<string, string> = {};

  before(async () => {
    Object.assign(ids, {
      organizations: t().organizationId,
      ...(await oneOfEach(api(t().app, t().adminToken))),
    });
  });

  test("a number past the double range or an inexact integer, in metadata, variables or a typed field: 400 naming it, nothing written", async () => {
    const call = api(t().app, t().adminToken);
    const rows = await tableRows(t());
    const raw = (body: string) => ({ raw: body });
    const cases: Array<[string, string, string, string, RegExp]> = [
      // The audit's request, as raw JSON (JSON.stringify cannot write these literals).
      [
        "POST",
        "/v1/products",
        '{"name":"x","metadata":{"big":1e309}}',
        "body.metadata.big",
        NOT_FINITE,
      ],
      [
        "POST",
        "/v1/products",
        '{"name":"x","metadata":{"small":-1e309}}',
        "body.metadata.small",
        NOT_FINITE,
      ],
      [
        "POST",
        "/v1/products",
        '{"name":"x","metadata":{"unsafe":9007199254740993}}',
        "body.metadata.unsafe",
        NOT_EXACT,
      ],
      [
        "POST",
        "/v1/products",
        '{"name":"x","metadata":{"a":[{"b":-9007199254740993}]}}',
        "body.metadata.a[0].b",
        NOT_EXACT,
      ],
      // 2^53 itself is where neighbours start to share a double; a fraction that rounds to a
      // whole number past it is no fraction any more; an exponent is a literal like another.
      [
        "POST",
        "/v1/products",
        '{"name":"x","metadata":{"n":9007199254740992}}',
        "body.metadata.n",
        NOT_EXACT,
      ],
      [
        "POST",
        "/v1/products",
        '{"name":"x","metadata":{"n":9007199254740993.5}}',
        "body.metadata.n",
        NOT_EXACT,
      ],
      ["POST", "/v1/products", '{"name":"x","metadata":{"n":1e20}}', "body.metadata.n", NOT_EXACT],
      [
        "PATCH",
        `/v1/products/${ids.products}`,
        '{"metadata":{"big":1e400}}',
        "body.metadata.big",
        NOT_FINITE,
      ],
      [
        "PATCH",
        `/v1/licenses/${ids.licenses}`,
        '{"metadata":{"id":12345678901234567890}}',
        "body.metadata.id",
        NOT_EXACT,
      ],
      [
        "PATCH",
        `/v1/machines/${ids.machines}`,
        '{"variables":{"big":1e309}}',
        "body.variables.big",
        NOT_FINITE,
      ],
      [
        "PATCH",
        `/v1/machines/${ids.machines}`,
        '{"variables":{"n":9007199254740993}}',
        "body.variables.n",
        NOT_EXACT,
      ],
      [
        "POST",
        "/v1/machines",
        `{"licenseId":"${ids.licenses}","fingerprint":"d-9","variables":{"n":-1e309}}`,
        "body.variables.n",
        NOT_FINITE,
      ],
      // A typed field says the same as its own bounds.
      [
        "PATCH",
        `/v1/policies/${ids.policies}`,
        '{"maxMachines":1e309}',
        "body.maxMachines",
        NOT_FINITE,
      ],
    ];
    for (const [method, path, body, field, message] of cases) {
      const response = await call(method as "POST" | "PATCH", path, undefined, raw(body));
      assertRefused(response, field, `${method} ${path} ${body}`, message);
    }
    assert.deepEqual(await tableRows(t()), rows, "a refused request wrote something");

    // Numbers JSON carries exactly are kept as sent, on both databases.
    const kept = {
      fraction: 0.1,
      half: -12.5,
      tiny: 1e-7,
      max: 9007199254740991,
      min: -9007199254740991,
      zero: 0,
      list: [1, 2.25, -3],
    };
    const created = await call("POST", "/v1/products", { name: "Numbers", metadata: kept });
    assert.equal(created.status, 201, created.text);
    const read = await call("GET", `/v1/products/${created.body.data.id}`);
    assert.deepEqual(read.body.data.metadata, kept);
    const machine = await call("PATCH", `/v1/machines/${ids.machines}`, { variables: kept });
    assert.equal(machine.status, 200, machine.text);
    const readMachine = await call("GET", `/v1/machines/${ids.machines}`);
    assert.deepEqual(readMachine.body.data.variables, kept);
  });

  test("the audit's requests: a null body, an unknown member with NUL, an unknown query parameter are refused and change nothing", async () => {
    const call = api(t().app, t().adminToken);
    const license = `/v1/licenses/${ids.licenses}`;
    const rows = await tableRows(t());
    const suspend = await call("POST", `${license}/actions/suspend`, undefined, { raw: "null" });
    assert.equal(suspend.status, 400, suspend.text);
    assert.equal(errorCode(suspend), "VALIDATION_FAILED");
    assert.deepEqual(suspend.body.error.details, [{ path: "body", message: "must be object" }]);
    const reinstate = await call("POST", `${license}/actions/reinstate`, { unknown: "a\u0000b" });
    assertRefused(reinstate, "body.unknown", "reinstate", /unknown property/);
    assertRefused(reinstate, "body.unknown", "reinstate", /NUL/);
    const read = await call("GET", `${license}?anything=%00`);
    assertRefused(read, "query.anything", "get", /unknown property/);
    assertRefused(read, "query.anything", "get", /NUL/);
    // A query parameter without NUL is unknown all the same, as on the routes that declare theirs.
    const plain = await call("GET", `${license}?anything=1`);
    assertRefused(plain, "query.anything", "get ?anything=1", /unknown property/);
    const list = await call("GET", "/v1/licenses?anything=1");
    assertRefused(list, "query.anything", "list ?anything=1", /unknown property/);
    assert.deepEqual(await tableRows(t()), rows, "a refused request wrote something");
    assert.equal((await call("GET", license)).body.data.status, "active");
  });

  test("every operation of the OpenAPI document: a null body, an unknown member, an unknown query parameter (with NUL): 400 naming it, nothing written", async (context) => {
    const call = api(t().app, t().adminToken);
    const document: OpenApiDocument = (await call("GET", "/v1/openapi.json")).body;
    const resolve = resolver(document);
    const rows = await tableRows(t());
    const walked = new Set<string>();
    let requests = 0;
    for (const [template, methods] of Object.entries(document.paths)) {
      const collection = /^\/v1\/([a-z-]+)\//.exec(template)?.[1] ?? "";
      const path = template.replace(/\{[^}]+\}/g, () =>
        encodeURIComponent(ids[collection] ?? "x_1"),
      );
      // Offline activation reads its body itself: Base64 text of any type, or multipart.
      const ownBody = template.startsWith("/v1/offline/");
      for (const [method, operation] of Object.entries(methods)) {
        const verb = method.toUpperCase() as "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
        const label = `${verb} ${template}`;
        walked.add(label);
        requests++;
        // An unknown query parameter holding NUL: named, on every operation.
        // (With a body its schema takes: the query is validated after the body.)
        const schema = operation.requestBody?.content["application/json"]?.schema;
        const body = schema ? sample(schema, resolve) : undefined;
        assertRefused(
          await call(verb, `${path}?anything=a%00b`, body),
          "query.anything",
          `${label} query`,
          /NUL/,
        );
        if (verb === "GET" || ownBody) continue;
        requests += 2;
        const nulled = await call(verb, path, undefined, { raw: "null" });
        assertRefused(nulled, "body", `${label} null`);
        if (operation.requestBody) continue;
        // No body in the document: `{}` at most, nothing else.
        const member = await call(verb, path, { unknown: "a\u0000b" });
        assertRefused(member, "body.unknown", `${label} member`, /unknown property/);
        assertRefused(member, "body.unknown", `${label} member`, /NUL/);
      }
    }
    context.diagnostic(`${walked.size} operations, ${requests} requests`);
    for (const operation of [
      "POST /v1/licenses/{id}/actions/suspend",
      "POST /v1/licenses/{id}/actions/reinstate",
      "POST /v1/licenses/{id}/actions/renew",
      "POST /v1/licenses/{id}/actions/revoke",
      "POST /v1/licenses/{id}/actions/check-in",
      "POST /v1/licenses/{id}/actions/unbind-handshake-code",
      "POST /v1/machines/{id}/actions/heartbeat",
      "POST /v1/organization/offline-keys",
      "POST /v1/signing-keys/{id}/actions/activate",
      "POST /v1/signing-keys/{id}/actions/retire",
      "POST /v1/webhook-endpoints/{id}/actions/rotate-secret",
      "DELETE /v1/tokens/{id}",
      "DELETE /v1/entitlements/{id}",
      "GET /v1/licenses/{id}",
      "GET /v1/organization",
      "POST /v1/offline/deactivate",
    ]) {
      assert.ok(walked.has(operation), `${operation} walked`);
    }
    assert.ok(walked.size >= 90, `only ${walked.size} operations`);
    assert.deepEqual(await tableRows(t()), rows, "a refused request wrote something");
  });

  test("the probes ignore parameters a monitor adds (a cache buster), and still refuse NUL", async () => {
    const call = api(t().app, t().adminToken);
    for (const path of ["/v1/health", "/v1/ready"]) {
      const probe = await call("GET", `${path}?_=1765000000000`);
      assert.equal(probe.status, 200, `${path}: ${probe.text}`);
      assertRefused(await call("GET", `${path}?_=a%00b`), "query._", path, /NUL/);
    }
  });

  test("actions and deletes still run on no body, an empty one and {}, as the clients send them", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, ids.products!, {
      model: "timed",
      durationSeconds: 86_400,
    });
    const license = await createLicense(call, policy);
    const path = `/v1/licenses/${license.id}/actions`;
    // The SDK's and the dashboard's calls: no body, no content type.
    const none = await call("POST", `${path}/suspend`);
    assert.equal(none.status, 200, none.text);
    assert.equal(none.body.data.status, "suspended");
    // `{}`, and an empty body sent as JSON (curl).
    const empty = await call("POST", `${path}/reinstate`, {});
    assert.equal(empty.status, 200, empty.text);
    assert.equal(empty.body.data.status, "active");
    const blank = await call("POST", `${path}/check-in`, undefined, { raw: "" });
    assert.equal(blank.status, 200, blank.text);
    // The SDK's heartbeat, with the license key as credential.
    const machine = (await activate(t().app, license.key, "device-kept")).id;
    const heartbeat = await t().app.inject({
      method: "POST",
      url: `/v1/machines/${machine}/actions/heartbeat`,
      headers: { authorization: `License ${license.key}` },
    });
    assert.equal(heartbeat.statusCode, 200, heartbeat.body);
    const token = await call("POST", "/v1/tokens", { kind: "admin", name: "Gone" });
    assert.equal(token.status, 201, token.text);
    const revoked = await call("DELETE", `/v1/tokens/${token.body.data.id}`, {});
    assert.equal(revoked.status, 200, revoked.text);
    assert.ok(revoked.body.data.revokedAt);
    // Pages and documents outside the API's operations take any query, as before.
    const documentQuery = await api(t().app, null)("GET", "/v1/openapi.json?v=2");
    assert.equal(documentQuery.status, 200);
  });
});
