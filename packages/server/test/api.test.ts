import assert from "node:assert/strict";
import { test } from "node:test";
import { api, createTestApp, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("health, OpenAPI and unknown routes", (db) => {
  const t = useTestApp(db);

  test("GET /v1/health and /v1/ready answer 200 without a token", async () => {
    const health = await api(t().app, null)("GET", "/v1/health");
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { status: "ok" });
    const ready = await api(t().app, null)("GET", "/v1/ready");
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { status: "ready" });
    // A bad token does not matter to public routes.
    assert.equal(
      (await api(t().app, "kw_admin_nonsense_nonsense")("GET", "/v1/health")).status,
      200,
    );
  });

  test("GET /v1/ready answers 503 DATABASE_UNAVAILABLE once the database is gone", async () => {
    const own = await createTestApp(db);
    try {
      assert.equal((await api(own.app, null)("GET", "/v1/ready")).status, 200);
      await own.store.close();
      const ready = await api(own.app, null)("GET", "/v1/ready");
      assert.equal(ready.status, 503);
      assert.equal(errorCode(ready), "DATABASE_UNAVAILABLE");
      // When to ask again: an outage of PostgreSQL or a SQLite write lock lasts seconds.
      assert.equal(ready.headers["retry-after"], "2");
      // Liveness does not depend on the database.
      assert.equal((await api(own.app, null)("GET", "/v1/health")).status, 200);
      // Requests that need the database fail as 500 with the error body, not a leak: a closed
      // store is a fault of the server itself. Outages: database-faults.error.test.ts.
      const failed = await api(own.app, own.adminToken)("GET", "/v1/products");
      assert.equal(failed.status, 500);
      assert.equal(errorCode(failed), "INTERNAL_ERROR");
      assert.equal(failed.body.error.message, "internal error");
    } finally {
      await own.close();
    }
  });

  test("GET /v1/openapi.json: OpenAPI 3.1 with every resource and method", async () => {
    const response = await api(t().app, null)("GET", "/v1/openapi.json");
    assert.equal(response.status, 200);
    assert.match(String(response.headers["content-type"]), /^application\/json/);
    const document = response.body;
    assert.match(document.openapi, /^3\.1\.\d+$/);
    assert.equal(document.info.title, "Keyward API");
    assert.equal(document.info.version, "0.0.0-test");
    assert.deepEqual(document.components.securitySchemes.bearer, {
      type: "http",
      scheme: "bearer",
    });
    const methods = Object.fromEntries(
      Object.entries(document.paths as Record<string, Record<string, unknown>>).map(
        ([path, operations]) => [path, Object.keys(operations).sort()],
      ),
    );
    // At least these (later resources add their own paths).
    const expected: Record<string, string[]> = {
      "/v1/health": ["get"],
      "/v1/ready": ["get"],
      "/v1/organization": ["get", "patch"],
      "/v1/signing-keys": ["get", "post"],
      "/v1/signing-keys/actions/rotate": ["post"],
      "/v1/signing-keys/{id}/actions/activate": ["post"],
      "/v1/signing-keys/{id}/actions/retire": ["post"],
      "/v1/tokens": ["get", "post"],
      "/v1/tokens/{id}": ["delete", "get"],
      "/v1/products": ["get", "post"],
      "/v1/products/{id}": ["delete", "get", "patch"],
    };
    for (const [path, operations] of Object.entries(expected)) {
      assert.deepEqual(methods[path], operations, path);
    }
    // Hidden routes stay hidden.
    assert.equal(methods["/v1/openapi.json"], undefined);
    assert.equal(methods["/v1/docs"], undefined);
    const create = document.paths["/v1/products"].post;
    assert.ok(create.requestBody.content["application/json"].schema.properties.name);
    assert.ok(create.responses["201"]);
    assert.ok(create.responses["409"]);
    assert.ok(document.paths["/v1/tokens"].post.responses["201"]);
  });

  test("unknown routes and methods: 404 ROUTE_NOT_FOUND as JSON, with or without a token", async () => {
    for (const token of [null, t().adminToken, "kw_admin_unknown_unknown_unknown"]) {
      for (const [method, url] of [
        ["GET", "/"],
        ["GET", "/v1"],
        ["GET", "/v1/nope"],
        ["GET", "/v2/products"],
        ["POST", "/v1/health"],
        ["PUT", "/v1/products"],
        ["DELETE", "/v1/products"],
        ["GET", "/v1/products/abc/extra"],
      ] as const) {
        const response = await api(t().app, token)(method, url);
        const label = `${method} ${url} (${token ? "token" : "no token"})`;
        assert.equal(response.status, 404, label);
        assert.match(String(response.headers["content-type"]), /^application\/json/, label);
        assert.equal(errorCode(response), "ROUTE_NOT_FOUND", label);
        // Neither the method nor the path is quoted back (protocol.error.test.ts).
        assert.equal(
          response.body.error.message,
          "no route for this method and path (the API is described at /v1/docs)",
        );
      }
    }
  });

  test("every error carries a fresh request id", async () => {
    const first = await api(t().app, null)("GET", "/v1/products");
    const second = await api(t().app, null)("GET", "/v1/products");
    assert.equal(first.status, 401);
    assert.match(first.body.error.requestId, /^req_[0-9a-f]{32}$/);
    assert.notEqual(first.body.error.requestId, second.body.error.requestId);
  });
});
