// CORS (SPEC X9): every route a device may call — those that take no credential header, and
// those a license key (`Authorization: License <key>`) may call — answers preflights and
// requests from any origin (or the configured ones) and exposes the headers the SDK reads; every
// other route sends no CORS header at all unless admin origins are configured. Which routes a
// license key may call is found out here by calling every operation of the API with one, and
// held to what the OpenAPI document declares (the `license` scheme in its security). Plain
// HTTP here; the browser tests are in packages/sdk/test/browser.happy.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { FastifyInstance } from "fastify";
import {
  asLicenseKey,
  createLicense,
  createPolicy,
  createProduct,
  oneOfEach,
} from "./licensing-fixtures.js";
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

/** A browser's preflight: what a page's fetch with a license key or token sends first. */
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

interface Operation {
  method: string;
  /** As the OpenAPI document writes it: /v1/machines/{id}. */
  path: string;
  /** `security: []`: the operation takes no Authorization header. */
  public: boolean;
  /** Its security lists the `license` scheme: it takes `Authorization: License <key>`. */
  licenseKey: boolean;
  /** The document's example request body, if the operation takes one. */
  example: unknown;
}

/** Every operation of the OpenAPI document. */
async function operations(app: FastifyInstance): Promise<Operation[]> {
  const response = await api(app, null)("GET", "/v1/openapi.json");
  assert.equal(response.status, 200);
  const paths = response.body.paths as Record<
    string,
    Record<string, { security?: object[]; requestBody?: { content?: Record<string, unknown> } }>
  >;
  const declared = response.body.security as object[];
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      public: Array.isArray(operation.security) && operation.security.length === 0,
      licenseKey: (operation.security ?? declared).some((scheme) => "license" in scheme),
      example: (operation.requestBody?.content?.["application/json"] as { example?: unknown })
        ?.example,
    })),
  );
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

forEachDatabase("CORS by default: client routes open, admin routes closed", (db) => {
  const t = useTestApp(db);

  test("exactly the routes a license key may call, or that take no credential, are open", async () => {
    const call = api(t().app, t().adminToken);
    // A license and one of everything around it; the license's key calls every operation.
    const ids = await oneOfEach(call);
    const license = await call("GET", `/v1/licenses/${ids.licenses}`);
    const asKey = asLicenseKey(t().app, license.body.data.key);
    // The document's examples name ids by their prefix (`pol_01jf…`): these fixtures instead.
    const real = Object.fromEntries(
      Object.values(ids).map((id) => [id.slice(0, id.indexOf("_")), id]),
    );
    const withIds = (example: unknown) =>
      example === undefined
        ? undefined
        : JSON.parse(
            JSON.stringify(example).replace(
              /\b([a-z]+)_01jf3k8q2w7x9r5t6v4m2n8p0c\b/g,
              (id, prefix: string) => real[prefix] ?? id,
            ),
          );
    // /v1/<collection>/{id}: that collection's fixture (the license's own machine, …).
    const url = (path: string) =>
      path.replace(/\{id\}/g, () => ids[path.split("/")[2]!] ?? ids.licenses!);

    const all = await operations(t().app);
    assert.ok(all.length > 80, `${all.length} operations`);
    // Deletions last: the key may delete its machine, which later calls use.
    const ordered = [
      ...all.filter((op) => op.method !== "DELETE"),
      ...all.filter((op) => op.method === "DELETE"),
    ];
    const keyCallable: string[] = [];
    for (const op of ordered) {
      const name = `${op.method} ${op.path}`;
      let open = op.public;
      if (!op.public) {
        const answer = await asKey(op.method as "GET", url(op.path), withIds(op.example));
        open = answer.status < 300;
        // 403 (a vendor's route) or 404 (another license's resource): refused to the key.
        // Anything else says nothing about the key's reach: the example body needs fixing.
        assert.ok(
          open || answer.status === 403 || answer.status === 404,
          `${name} with a license key: ${answer.status} ${answer.text}`,
        );
        if (open) keyCallable.push(name);
      }
      const response = await preflight(
        t().app,
        concrete(op.path),
        op.method,
        "https://any.example",
      );
      const headers = corsHeaders(response.headers);
      if (!open) {
        assert.equal(response.statusCode, 404, `${name}: a vendor's route, closed`);
        assert.deepEqual(headers, {}, name);
        continue;
      }
      assert.equal(response.statusCode, 204, `${name}: ${response.body}`);
      assert.equal(headers["access-control-allow-origin"], "*", name);
      assert.ok(headers["access-control-allow-methods"]?.split(", ").includes(op.method), name);
      assert.match(headers["access-control-allow-headers"] ?? "", /authorization/);
      assert.match(headers["access-control-allow-headers"] ?? "", /content-type/);
      assert.match(headers["access-control-allow-headers"] ?? "", /keyward-accept-signature/);
      assert.equal(headers["access-control-max-age"], "600");
      assert.equal(headers["access-control-allow-credentials"], undefined, "no cookies");
    }
    // What the key could do is what the document says it may: the `license` scheme.
    assert.deepEqual(
      keyCallable.sort(byName),
      all
        .filter((op) => op.licenseKey)
        .map((op) => `${op.method} ${op.path}`)
        .sort(byName),
    );
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

    // What else a license key does from a page: check in, read its license, check a file out.
    for (const [method, url] of [
      ["POST", `/v1/licenses/${license.id}/actions/check-in`],
      ["GET", `/v1/licenses/${license.id}`],
      ["POST", `/v1/licenses/${license.id}/actions/check-out`],
      ["GET", "/v1/tokens/current"],
    ] as const) {
      const answer = await asDevice(method, url, undefined, { headers: origin });
      assert.equal(answer.status, 200, `${method} ${url}: ${answer.text}`);
      assert.equal(corsHeaders(answer.headers)["access-control-allow-origin"], "*", url);
    }
    // The same routes refuse another license's key, readably (404, as unknown to it).
    const other = await createLicense(call, policy);
    const refusedCheckIn = await asLicenseKey(t().app, other.key)(
      "POST",
      `/v1/licenses/${license.id}/actions/check-in`,
      undefined,
      { headers: origin },
    );
    assert.equal(refusedCheckIn.status, 404);
    assert.equal(corsHeaders(refusedCheckIn.headers)["access-control-allow-origin"], "*");
  });

  test("a preflight is matched as the router matches: a static segment before an id", async () => {
    // GET /v1/machines/{id} is open to license keys; /v1/machines/counts (static) is not, nor
    // PATCH of a machine (the vendor's).
    const open = await preflight(t().app, "/v1/machines/mach_1", "GET");
    assert.equal(open.statusCode, 204);
    assert.deepEqual(
      corsHeaders(open.headers)["access-control-allow-methods"]?.split(", ").sort(byName),
      ["DELETE", "GET", "HEAD"],
    );
    for (const [method, url] of [
      ["GET", "/v1/machines/counts"],
      ["PATCH", "/v1/machines/mach_1"],
      ["GET", "/v1/tokens/tok_1"],
      ["GET", "/v1/machines/"],
    ] as const) {
      const response = await preflight(t().app, url, method);
      assert.equal(response.statusCode, 404, `${method} ${url}`);
      assert.deepEqual(corsHeaders(response.headers), {}, `${method} ${url}`);
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
    // The license-key routes follow the client origins too.
    for (const [url, method] of [
      ["/v1/licenses/lic_1/actions/check-in", "POST"],
      ["/v1/machines/mach_1/actions/proof", "POST"],
      ["/v1/tokens/current", "GET"],
    ] as const) {
      const listed = await preflight(t().app, url, method);
      assert.equal(corsHeaders(listed.headers)["access-control-allow-origin"], ORIGIN, url);
      const asAdmin = await preflight(t().app, url, method, "https://admin.example");
      assert.equal(corsHeaders(asAdmin.headers)["access-control-allow-origin"], undefined, url);
    }
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
    // A vendor's method on a path license keys use: the admin origins, not the client ones.
    const patch = await preflight(t().app, "/v1/machines/mach_1", "PATCH", "https://admin.example");
    assert.equal(
      corsHeaders(patch.headers)["access-control-allow-origin"],
      "https://admin.example",
    );
    const patchFromApp = await preflight(t().app, "/v1/machines/mach_1", "PATCH");
    assert.equal(corsHeaders(patchFromApp.headers)["access-control-allow-origin"], undefined);
  });
});
