// 400 VALIDATION_FAILED says what is wrong: every problem at once (the first 20), each with the
// field's full path, the name of an unknown or missing property, and the allowed values of an
// enum — in `error.details` and in the one-line `error.message`. Admin and client routes.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { LICENSE_STATUSES } from "../src/domain/license-status.js";
import { LICENSE_MODELS, OVERAGE_STRATEGIES } from "../src/domain/policy.js";
import { createLicense, createPolicy, createProduct, DAY } from "./licensing-fixtures.js";
import { type ApiResponse, api, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { tableRows } from "./support/tables.js";

interface Detail {
  path: string;
  message: string;
  allowedValues?: unknown[];
}

/** The details of a VALIDATION_FAILED answer, after checking that the message says each. */
function details(response: ApiResponse): Detail[] {
  assert.equal(response.status, 400, response.text);
  assert.equal(errorCode(response), "VALIDATION_FAILED", response.text);
  const list: Detail[] = response.body.error.details;
  assert.ok(Array.isArray(list) && list.length > 0, response.text);
  for (const detail of list) {
    assert.ok(
      response.body.error.message.includes(`${detail.path} ${detail.message}`),
      `message lists ${detail.path}: ${response.body.error.message}`,
    );
  }
  return list;
}

function byPath(list: Detail[]): Record<string, Detail> {
  return Object.fromEntries(list.map((detail) => [detail.path, detail]));
}

forEachDatabase("validation errors name every problem", (db) => {
  const t = useTestApp(db);
  let licenseId: string;

  before(async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), {
      model: "timed",
      durationSeconds: DAY,
    });
    licenseId = (await createLicense(call, policy)).id;
  });

  test("admin: unknown properties by name, wrong types, all in one answer", async () => {
    const call = api(t().app, t().adminToken);
    const before = await tableRows(t());
    const found = byPath(
      details(await call("POST", "/v1/products", { name: 7, colour: "red", sizes: [] })),
    );
    assert.deepEqual(Object.keys(found).sort(), ["body.colour", "body.name", "body.sizes"]);
    assert.match(found["body.colour"]!.message, /unknown property/);
    assert.equal(found["body.name"]!.message, "must be string");
    assert.deepEqual(await tableRows(t()), before);
  });

  test("admin: nested paths and the allowed values of every enum", async () => {
    const call = api(t().app, t().adminToken);
    const policy = byPath(
      details(
        await call("POST", "/v1/policies", {
          productId: "prod_x",
          name: "P",
          model: "forever",
          overage: { strategy: "lots", allowance: 1 },
          heartbeat: { required: true, extra: 1 },
        }),
      ),
    );
    assert.deepEqual(policy["body.model"]?.allowedValues, [...LICENSE_MODELS]);
    assert.match(policy["body.model"]!.message, /^must be one of "perpetual", "timed"/);
    assert.deepEqual(policy["body.overage.strategy"]?.allowedValues, [...OVERAGE_STRATEGIES]);
    assert.match(policy["body.heartbeat.extra"]!.message, /unknown property/);

    const license = byPath(
      details(
        await call("PATCH", `/v1/licenses/${licenseId}`, {
          overrides: { maxMachines: "3", maxMachinez: 3 },
        }),
      ),
    );
    assert.deepEqual(Object.keys(license).sort(), [
      "body.overrides.maxMachines",
      "body.overrides.maxMachinez",
    ]);
    assert.equal(license["body.overrides.maxMachines"]!.message, "must be integer or null");
  });

  test("admin: a union of constants is one problem with its values, not one per constant", async () => {
    const call = api(t().app, t().adminToken);
    const list = details(await call("POST", "/v1/tokens", { kind: "root", name: "x" }));
    assert.deepEqual(list, [
      {
        path: "body.kind",
        message: 'must be one of "admin", "product"',
        allowedValues: ["admin", "product"],
      },
    ]);
  });

  test("admin: query strings and path parameters", async () => {
    const call = api(t().app, t().adminToken);
    const query = byPath(details(await call("GET", "/v1/licenses?status=gone&limit=0&colour=red")));
    assert.deepEqual(Object.keys(query).sort(), ["query.colour", "query.limit", "query.status"]);
    assert.deepEqual(query["query.status"]?.allowedValues, [...LICENSE_STATUSES]);
    const params = details(await call("GET", `/v1/products/${"p".repeat(65)}`));
    assert.deepEqual(
      params.map((detail) => detail.path),
      ["params.id"],
    );
  });

  test("client: /v1/check and validate-key, without a token", async () => {
    const anonymous = api(t().app, null);
    const check = byPath(
      details(await anonymous("POST", "/v1/check", { key: "", nonce: "short", app: 3, v: "1" })),
    );
    assert.deepEqual(Object.keys(check).sort(), ["body.app", "body.key", "body.nonce", "body.v"]);
    const validate = byPath(
      details(
        await anonymous("POST", "/v1/licenses/actions/validate-key", {
          key: "K",
          scope: { fingerprint: "", platfrom: "linux" },
        }),
      ),
    );
    assert.deepEqual(Object.keys(validate).sort(), [
      "body.scope.fingerprint",
      "body.scope.platfrom",
    ]);
  });

  test("a value failing a pattern is told what it may contain, not the regex", async () => {
    const call = api(t().app, t().adminToken);
    const before = await tableRows(t());
    const product = byPath(details(await call("POST", "/v1/products", { name: "P", code: "a b" })));
    assert.equal(
      product["body.code"]!.message,
      "must contain only letters, digits, '.', '_' and '-'",
    );
    const check = byPath(
      details(await api(t().app, null)("POST", "/v1/check", { key: "K", nonce: "12345678+" })),
    );
    assert.match(check["body.nonce"]!.message, /only letters, digits, - and _/);
    const stats = byPath(details(await call("GET", "/v1/stats/validations?from=7-12-2026")));
    assert.equal(stats["query.from"]!.message, "must be a date written YYYY-MM-DD");
    assert.deepEqual(await tableRows(t()), before);
  });

  test("client: array items by index, odd property names quoted", async () => {
    const anonymous = api(t().app, null);
    const report = (fields: Record<string, unknown>) => ({
      reportId: "r1",
      deviceId: "device-0001",
      periodStart: "2024-01-01T00:00:00Z",
      periodEnd: "2024-01-02T00:00:00Z",
      counters: {},
      ...fields,
    });
    const found = byPath(
      details(
        await anonymous("POST", "/v1/trackable/usage", {
          productId: "prod_x",
          reports: [report({ counters: { "bad key": 1 } }), report({ deviceId: "short" })],
        }),
      ),
    );
    assert.deepEqual(Object.keys(found).sort(), [
      'body.reports[0].counters["bad key"]',
      "body.reports[1].deviceId",
    ]);
  });

  test("at most 20 problems are listed; the message says how many more there are", async () => {
    const call = api(t().app, t().adminToken);
    const body: Record<string, unknown> = { name: "P" };
    for (let index = 0; index < 30; index++) body[`extra${index}`] = index;
    const response = await call("POST", "/v1/products", body);
    const list = details(response);
    assert.equal(list.length, 20);
    assert.deepEqual(
      list.map((detail) => detail.path),
      Array.from({ length: 20 }, (_, index) => `body.extra${index}`),
    );
    assert.match(response.body.error.message, /; and 10 more problems$/);
  });

  test("an input of more than 1000 values reports its first problem only", async () => {
    const anonymous = api(t().app, null);
    // Every report lacks its five required members. 3 reports: all 15 are named.
    const few = details(
      await anonymous("POST", "/v1/trackable/usage", { productId: "p", reports: [{}, {}, {}] }),
    );
    assert.equal(few.length, 15);
    // 1000 reports (1003 values): validating them all again could report 5000 problems, and
    // an attacker's megabyte of `{}` millions; the first problem is named.
    const reports = Array.from({ length: 1000 }, () => ({}));
    const many = details(
      await anonymous("POST", "/v1/trackable/usage", { productId: "p", reports }),
    );
    assert.equal(many.length, 1);
    assert.match(many[0]!.path, /^body\.reports\[0\]\.[a-zA-Z]+$/);
  });

  test("the OpenAPI document describes the details", async () => {
    const document = (await api(t().app, null)("GET", "/v1/openapi.json")).body;
    const bodies = Object.values(document.components.schemas) as Array<{
      properties?: { error?: { properties?: Record<string, { items?: { properties?: object } }> } };
    }>;
    const error = bodies.find((schema) => schema.properties?.error)?.properties?.error;
    assert.ok(error, "an error schema among the components");
    assert.deepEqual(Object.keys(error.properties?.details?.items?.properties ?? {}), [
      "path",
      "message",
      "allowedValues",
    ]);
  });
});
