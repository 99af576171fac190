// The server's /admin route (packages/server/src/http/dashboard.ts) over a stand-in build: cache
// headers, the Content Security Policy, gzip, the dashboard's own routes, missing files and a
// missing build. The real build in a real browser: browser.happy.test.ts.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../server/src/http/app.js";
import { DASHBOARD_CSP } from "../../server/src/http/dashboard.js";
import { createServices } from "../../server/src/services/index.js";
import { migrateToLatest } from "../../server/src/store/migrate.js";
import { databases, type TestStore } from "../../server/test/support/databases.js";

const INDEX = '<!doctype html><script type="module" src="/admin/assets/index-abc123.js"></script>';
const SCRIPT = `console.log(${JSON.stringify("x".repeat(4000))});`;

describe("/admin: the dashboard's files as the server serves them", () => {
  let dir: string;
  let testStore: TestStore;
  const apps: FastifyInstance[] = [];

  async function app(dashboard: false | { dir: string }): Promise<FastifyInstance> {
    const services = createServices({ store: testStore.store, secret: "s".repeat(40) });
    const built = await buildApp({
      services,
      version: "0.0.0-test",
      logger: false,
      dashboard,
    });
    apps.push(built);
    return built;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "keyward-dashboard-"));
    await mkdir(join(dir, "assets"));
    await writeFile(join(dir, "index.html"), INDEX);
    await writeFile(join(dir, "assets", "index-abc123.js"), SCRIPT);
    await writeFile(join(dir, "assets", "index-def456.css"), "body{margin:0}");
    testStore = await databases()[0]!.open();
    await migrateToLatest(testStore.store.db);
  });

  after(async () => {
    for (const built of apps) await built.close();
    await testStore?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("index.html: no-cache, strict CSP; the dashboard's routes answer it too", async () => {
    const server = await app({ dir });
    for (const url of ["/admin", "/admin/", "/admin/licenses/lic_123", "/admin/tokens"]) {
      const response = await server.inject({ url });
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.body, INDEX, url);
      assert.equal(response.headers["content-type"], "text/html; charset=utf-8");
      assert.equal(response.headers["cache-control"], "no-cache");
      assert.equal(response.headers["content-security-policy"], DASHBOARD_CSP);
      assert.equal(response.headers["x-content-type-options"], "nosniff");
    }
    assert.match(DASHBOARD_CSP, /^default-src 'self'; script-src 'self'; style-src 'self';/);
    assert.doesNotMatch(DASHBOARD_CSP, /unsafe|https?:|\*/);
    // Revalidation by ETag.
    const first = await server.inject({ url: "/admin" });
    const again = await server.inject({
      url: "/admin",
      headers: { "if-none-match": String(first.headers.etag) },
    });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, "");
  });

  test("hashed assets: cached for a year, immutable; gzip when asked", async () => {
    const server = await app({ dir });
    const plain = await server.inject({ url: "/admin/assets/index-abc123.js" });
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.body, SCRIPT);
    assert.equal(plain.headers["content-type"], "text/javascript; charset=utf-8");
    assert.equal(plain.headers["cache-control"], "public, max-age=31536000, immutable");
    assert.equal(plain.headers["content-encoding"], undefined);
    const gzipped = await server.inject({
      url: "/admin/assets/index-abc123.js",
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    assert.equal(gzipped.headers["content-encoding"], "gzip");
    assert.equal(gzipped.headers.vary, "accept-encoding");
    assert.ok(gzipped.rawPayload.length < SCRIPT.length / 10);
    assert.equal(gunzipSync(gzipped.rawPayload).toString(), SCRIPT);
    const css = await server.inject({ url: "/admin/assets/index-def456.css" });
    assert.equal(css.headers["content-type"], "text/css; charset=utf-8");
  });

  test("a missing file is a 404 error body, never the page; ../ leads nowhere", async () => {
    const server = await app({ dir });
    for (const url of [
      "/admin/assets/index-old999.js",
      "/admin/favicon.ico",
      "/admin/../package.json",
      "/admin/assets/..%2f..%2findex.html",
      "/admin/%2e%2e/%2e%2e/package.json",
    ]) {
      const response = await server.inject({ url });
      assert.notEqual(response.statusCode, 200, url);
      assert.doesNotMatch(response.body, /<!doctype|"name"/, url);
      assert.match(response.json().error.code, /_NOT_FOUND$/, url);
    }
  });

  test("no build: 503 saying how to build; the API still answers", async () => {
    const server = await app({ dir: join(dir, "missing") });
    for (const url of ["/admin", "/admin/licenses"]) {
      const response = await server.inject({ url });
      assert.equal(response.statusCode, 503);
      const { error } = response.json();
      assert.equal(error.code, "DASHBOARD_NOT_BUILT");
      assert.match(error.message, /npm run build -w @keyward\/dashboard/);
      assert.match(error.requestId, /^req_/);
    }
    assert.equal((await server.inject({ url: "/v1/health" })).statusCode, 200);
  });

  test("turned off (KEYWARD_DASHBOARD=false): /admin is no route at all", async () => {
    const server = await app(false);
    const response = await server.inject({ url: "/admin" });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, "ROUTE_NOT_FOUND");
  });
});
