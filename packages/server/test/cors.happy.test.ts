// CORS (SPEC X9): the routes the SDK calls answer preflights and requests from any origin (or the
// configured ones) and expose the headers the SDK reads; every other route sends no CORS header
// at all unless admin origins are configured. Plain HTTP here; the browser test is in
// packages/sdk/test/browser.happy.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { FastifyInstance } from "fastify";
import { CLIENT_ROUTES } from "../src/http/cors.js";
import { asLicenseKey, createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import { api, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const ORIGIN = "https://app.example";

type Headers = Record<string, string | string[] | number | undefined>;

/** The Access-Control-* headers of a response. */
function corsHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => name.startsWith("access-control-"))
      .map(([name, value]) => [name, String(value)]),
  );
}

function preflight(app: FastifyInstance, url: string, method: string, origin = ORIGIN) {
  return app.inject({
    method: "OPTIONS",
    url,
    headers: {
      origin,
      "access-control-request-method": method,
      "access-control-request-headers": "authorization, content-type",
    },
  });
}

/** A concrete URL for a route pattern (any id will do for a preflight). */
const concrete = (pattern: string) =>
  pattern.replace(/:[A-Za-z]+|\{[A-Za-z]+\}/g, "id_01m84cp2y929bjrzt348fmrx3m");

/** Every operation of the OpenAPI document, as [METHOD, /v1/path/{id}]. */
async function operations(app: FastifyInstance): Promise<Array<[string, string]>> {
  const response = await api(app, null)("GET", "/v1/openapi.json");
  assert.equal(response.status, 200);
  const paths = response.body.paths as Record<string, Record<string, unknown>>;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method): [string, string] => [method.toUpperCase(), path]),
  );
}

const isClientRoute = (method: string, openApiPath: string) =>
  CLIENT_ROUTES.some(
    ([m, url]) => m === method && url.replace(/:([A-Za-z]+)/g, "{$1}") === openApiPath,
  );

forEachDatabase("CORS by default: client routes open, admin routes closed", (db) => {
  const t = useTestApp(db);

  test("every client route exists and answers a preflight from any origin", async () => {
    for (const [method, url] of CLIENT_ROUTES) {
      assert.ok(t().app.hasRoute({ method: method as "GET", url }), `${method} ${url} is a route`);
      const response = await preflight(t().app, concrete(url), method, "https://any.example");
      assert.equal(response.statusCode, 204, `${method} ${url}: ${response.body}`);
      const headers = corsHeaders(response.headers);
      assert.equal(headers["access-control-allow-origin"], "*", `${method} ${url}`);
      assert.ok(headers["access-control-allow-methods"]?.split(", ").includes(method));
      assert.match(headers["access-control-allow-headers"] ?? "", /authorization/);
      assert.match(headers["access-control-allow-headers"] ?? "", /content-type/);
      assert.match(headers["access-control-allow-headers"] ?? "", /keyward-accept-signature/);
      assert.equal(headers["access-control-max-age"], "600");
      assert.equal(headers["access-control-allow-credentials"], undefined, "no cookies");
    }
  });

  test("client requests, errors included, carry the headers the SDK reads", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const license = await createLicense(call, policy);
    const asDevice = asLicenseKey(t().app, license.key);
    const origin = { origin: ORIGIN };

    const activated = await asDevice(
      "POST",
      "/v1/machines",
      { fingerprint: "web-1" },
      { headers: origin },
    );
    assert.equal(activated.status, 201, activated.text);
    const check = await api(t().app, null)(
      "POST",
      "/v1/check",
      { key: license.key, fingerprint: "web-1", nonce: "browser-nonce-1" },
      { headers: { ...origin, "keyward-accept-signature": 'algorithm="ed25519"' } },
    );
    assert.equal(check.status, 200, check.text);
    assert.ok(check.headers["keyward-signature"], "signed");
    const headers = corsHeaders(check.headers);
    assert.equal(headers["access-control-allow-origin"], "*");
    const exposed = headers["access-control-expose-headers"]?.split(", ") ?? [];
    for (const name of ["date", "digest", "keyward-signature", "retry-after"]) {
      assert.ok(exposed.includes(name), `${name} exposed: ${exposed}`);
    }

    // Without an Origin (the SDK in Node, curl) there is nothing to add.
    const fromNode = await api(t().app, null)("POST", "/v1/check", { key: license.key });
    assert.equal(fromNode.status, 200);
    assert.deepEqual(corsHeaders(fromNode.headers), {});

    // A refusal the browser must be able to read (and show) gets the headers too.
    const refused = await asDevice(
      "POST",
      "/v1/machines",
      { fingerprint: "web-2" },
      { headers: origin },
    );
    assert.equal(refused.status, 422);
    assert.equal(errorCode(refused), "MACHINE_LIMIT_EXCEEDED");
    assert.equal(corsHeaders(refused.headers)["access-control-allow-origin"], "*");
    const invalid = await api(t().app, null)("POST", "/v1/check", { key: 1 }, { headers: origin });
    assert.equal(invalid.status, 400);
    assert.equal(corsHeaders(invalid.headers)["access-control-allow-origin"], "*");

    const deactivated = await asDevice(
      "DELETE",
      `/v1/machines/${activated.body.data.id}`,
      undefined,
      {
        headers: origin,
      },
    );
    assert.equal(deactivated.status, 204);
    assert.equal(corsHeaders(deactivated.headers)["access-control-allow-origin"], "*");
  });

  test("every other route of the API sends no CORS header: preflights are 404", async () => {
    const admin = (await operations(t().app)).filter(
      ([method, path]) => !isClientRoute(method, path),
    );
    assert.ok(admin.length > 50, `${admin.length} admin operations`);
    for (const [method, path] of admin) {
      const response = await preflight(t().app, concrete(path), method);
      assert.equal(response.statusCode, 404, `${method} ${path}`);
      assert.deepEqual(corsHeaders(response.headers), {}, `${method} ${path}`);
    }
    // Admin methods on a client path (PATCH, GET of /v1/machines/:id) are admin routes.
    for (const method of ["PATCH", "GET"]) {
      const response = await preflight(t().app, "/v1/machines/mach_1", method);
      assert.equal(response.statusCode, 404);
      assert.deepEqual(corsHeaders(response.headers), {});
    }
    const listed = await api(t().app, t().adminToken)("GET", "/v1/products", undefined, {
      headers: { origin: ORIGIN },
    });
    assert.equal(listed.status, 200);
    assert.deepEqual(corsHeaders(listed.headers), {});
  });

  test("an OPTIONS request that is no preflight is 404 in the standard error body", async () => {
    for (const headers of [{}, { origin: ORIGIN }, { "access-control-request-method": "POST" }]) {
      const response = await t().app.inject({ method: "OPTIONS", url: "/v1/check", headers });
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.code, "ROUTE_NOT_FOUND");
      assert.deepEqual(corsHeaders(response.headers), {});
    }
    // A method the route does not have is no client route either.
    const put = await preflight(t().app, "/v1/check", "PUT");
    assert.equal(put.statusCode, 404);
    assert.deepEqual(corsHeaders(put.headers), {});
  });
});

forEachDatabase("CORS configured: listed origins only, admin routes opened", (db) => {
  const t = useTestApp(db, {
    cors: { clientOrigins: [ORIGIN], adminOrigins: ["https://admin.example"] },
  });

  test("client routes answer the listed origin, not others", async () => {
    const allowed = await preflight(t().app, "/v1/check", "POST");
    assert.equal(allowed.statusCode, 204);
    assert.equal(corsHeaders(allowed.headers)["access-control-allow-origin"], ORIGIN);
    assert.match(String(allowed.headers.vary), /origin/i);
    const other = await preflight(t().app, "/v1/check", "POST", "https://evil.example");
    assert.equal(corsHeaders(other.headers)["access-control-allow-origin"], undefined);
    const admin = await preflight(t().app, "/v1/check", "POST", "https://admin.example");
    assert.equal(corsHeaders(admin.headers)["access-control-allow-origin"], undefined);
  });

  test("admin routes answer the admin origins, with every method", async () => {
    const response = await preflight(
      t().app,
      "/v1/products/prod_1",
      "PATCH",
      "https://admin.example",
    );
    assert.equal(response.statusCode, 204);
    const headers = corsHeaders(response.headers);
    assert.equal(headers["access-control-allow-origin"], "https://admin.example");
    assert.ok(headers["access-control-allow-methods"]?.split(", ").includes("PATCH"));
    const listed = await api(t().app, t().adminToken)("GET", "/v1/products", undefined, {
      headers: { origin: "https://admin.example" },
    });
    assert.equal(
      corsHeaders(listed.headers)["access-control-allow-origin"],
      "https://admin.example",
    );
    const client = await preflight(t().app, "/v1/products", "POST");
    assert.equal(corsHeaders(client.headers)["access-control-allow-origin"], undefined);
  });
});
