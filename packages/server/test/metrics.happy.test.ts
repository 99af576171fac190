// GET /metrics (issue 17.8): Prometheus text from the app's own registry, counters that move
// with real requests, the bearer token, and the separate port of a real started server.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { loadConfig } from "../src/config.js";
import { startJobs } from "../src/jobs/index.js";
import { prometheusMetrics } from "../src/prometheus-metrics.js";
import { type RunningServer, startServer } from "../src/server.js";
import { createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import { api, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase, type TestStore } from "./support/databases.js";
import { parseSamples, type Samples, sampleValue } from "./support/prometheus.js";
import { TcpProxy } from "./support/tcp-proxy.js";

const TOKEN = randomBytes(24).toString("base64url");

forEachDatabase("metrics", (db) => {
  const metrics = prometheusMetrics();
  const t = useTestApp(db, { metrics: { metrics, token: TOKEN, onMainPort: true } });

  async function scrape(): Promise<Samples> {
    const response = await t().app.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers["content-type"]), /^text\/plain; version=0\.0\.4/);
    return parseSamples(response.body);
  }

  before(() => {
    if (t().store.poolStats) metrics.watchPool(t().store.poolStats!);
  });

  test("401 without the token or with a wrong one, in the standard error body", async () => {
    for (const authorization of [
      undefined,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(1)}`,
      TOKEN,
    ]) {
      const response = await t().app.inject({
        method: "GET",
        url: "/metrics",
        headers: authorization ? { authorization } : {},
      });
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().error.code, "UNAUTHORIZED");
      assert.doesNotMatch(response.body, /keyward_/);
    }
  });

  test("the token's scheme in any case (RFC 9110 §11.1), the token in its own", async () => {
    for (const [authorization, status] of [
      [`bearer ${TOKEN}`, 200],
      [`BEARER ${TOKEN}`, 200],
      [`bearer ${TOKEN.toUpperCase()}x`, 401],
    ] as const) {
      const response = await t().app.inject({
        method: "GET",
        url: "/metrics",
        headers: { authorization },
      });
      assert.equal(response.statusCode, status, authorization.slice(0, 6));
    }
  });

  test("requests count by route pattern and status, with latency histograms", async () => {
    const call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const route = { route: "/v1/products/:id", method: "GET", status: "200" };
    const before = await scrape();
    for (let i = 0; i < 3; i++)
      assert.equal((await call("GET", `/v1/products/${productId}`)).status, 200);
    const missing = await call("GET", "/v1/products/prd_nothing");
    assert.equal(missing.status, 404);
    assert.equal(errorCode(await call("GET", "/v1/no-such-route")), "ROUTE_NOT_FOUND");
    const text = (
      await t().app.inject({
        method: "GET",
        url: "/metrics",
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).body;
    // Route patterns only: no id ever becomes a label.
    assert.ok(!text.includes(productId), "a raw URL reached the metrics");
    assert.ok(!text.includes("no-such-route"), "an unmatched path reached the metrics");
    const after = parseSamples(text);
    const delta = (name: string, labels: Record<string, string>) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels);
    assert.equal(delta("keyward_http_requests_total", route), 3);
    assert.equal(delta("keyward_http_requests_total", { ...route, status: "404" }), 1);
    assert.equal(
      delta("keyward_http_requests_total", { route: "unmatched", method: "GET", status: "404" }),
      1,
    );
    assert.equal(delta("keyward_http_request_duration_seconds_count", route), 3);
    assert.equal(
      delta("keyward_http_request_duration_seconds_bucket", { le: "+Inf", ...route }),
      3,
    );
    assert.ok(delta("keyward_http_request_duration_seconds_sum", route) > 0);
  });

  test("validations and checks by code, activations by outcome, job runs", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), { maxMachines: 1 });
    const { key } = await createLicense(call, policy);
    const before = await scrape();
    const anonymous = api(t().app, null);
    await anonymous("POST", "/v1/licenses/actions/validate-key", { key });
    await anonymous("POST", "/v1/licenses/actions/validate-key", { key: "wrong" });
    await anonymous("POST", "/v1/check", { key });
    const asKey = { authorization: `License ${key}` };
    assert.equal(
      (await anonymous("POST", "/v1/machines", { fingerprint: "a" }, { headers: asKey })).status,
      201,
    );
    assert.equal(
      (await anonymous("POST", "/v1/machines", { fingerprint: "b" }, { headers: asKey })).status,
      422,
    );
    await startJobs(t().services, { intervalMs: 3_600_000, onError: () => {} })
      .runOnce()
      .catch(() => {});
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels);
    assert.equal(delta("keyward_validations_total", { kind: "validate", code: "VALID" }), 1);
    assert.equal(delta("keyward_validations_total", { kind: "validate", code: "NOT_FOUND" }), 1);
    assert.equal(delta("keyward_validations_total", { kind: "check", code: "VALID" }), 1);
    assert.equal(delta("keyward_activations_total", { kind: "online", outcome: "activated" }), 1);
    assert.equal(delta("keyward_activations_total", { kind: "online", outcome: "refused" }), 1);
    assert.equal(delta("keyward_job_runs_total", { job: "cull-dead-machines", outcome: "ok" }), 1);
    assert.equal(delta("keyward_job_duration_seconds_count", { job: "cull-dead-machines" }), 1);
  });

  test("process metrics, and the database pool on PostgreSQL", async () => {
    const samples = await scrape();
    assert.ok(samples.has("process_cpu_user_seconds_total"));
    assert.ok(sampleValue(samples, "nodejs_heap_size_used_bytes") > 0);
    if (db.name === "postgres") {
      assert.ok(sampleValue(samples, "keyward_database_pool_connections") >= 1);
      assert.ok(samples.has("keyward_database_pool_idle"));
      assert.ok(samples.has("keyward_database_pool_waiting"));
    } else {
      assert.ok(!samples.has("keyward_database_pool_connections"));
    }
  });

  test("a webhook delivery and a database error are counted through the interface", async () => {
    const services = t().services;
    services.metrics.webhookDelivery("delivered");
    services.metrics.databaseError("unavailable");
    const samples = await scrape();
    assert.ok(
      sampleValue(samples, "keyward_webhook_deliveries_total", { outcome: "delivered" }) >= 1,
    );
    assert.ok(sampleValue(samples, "keyward_database_errors_total", { kind: "unavailable" }) >= 1);
  });
});

// A started server: off unless configured, and on its own port when KEYWARD_METRICS_PORT is set.
forEachDatabase("metrics on the started server", (db) => {
  let testStore: TestStore;
  before(async () => {
    testStore = await db.open();
  });
  after(async () => {
    await testStore.close();
  });

  async function start(
    flags: Record<string, string | number>,
    on: TestStore = testStore,
  ): Promise<RunningServer> {
    return startServer(
      loadConfig(
        {
          host: "127.0.0.1",
          port: 0,
          dataDir: on.dataDir,
          logLevel: "silent",
          secret: "s".repeat(32),
          dashboard: "false",
          ...(on.databaseUrl ? { databaseUrl: on.databaseUrl } : {}),
          ...flags,
        },
        {},
      ),
    );
  }

  describe("with neither a token nor a port", () => {
    test("/metrics is not served", async () => {
      const server = await start({});
      try {
        const response = await fetch(`${server.url}/metrics`);
        assert.equal(response.status, 404);
        assert.equal(server.metricsUrl, null);
      } finally {
        await server.close();
      }
    });
  });

  test("KEYWARD_METRICS_PORT: served there only, with the token when one is set", async () => {
    const server = await start({ metricsPort: 0, metricsToken: TOKEN });
    try {
      assert.ok(server.metricsUrl);
      assert.notEqual(server.metricsUrl, server.url);
      const main = await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal(main.status, 404);
      assert.equal((await fetch(`${server.metricsUrl}/metrics`)).status, 401);
      await fetch(`${server.url}/v1/health`);
      const response = await fetch(`${server.metricsUrl}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal(response.status, 200);
      const samples = parseSamples(await response.text());
      assert.equal(
        sampleValue(samples, "keyward_http_requests_total", {
          route: "/v1/health",
          method: "GET",
          status: "200",
        }),
        1,
      );
      assert.equal(samples.has("keyward_database_pool_connections"), db.name === "postgres");
    } finally {
      await server.close();
    }
    // Closed with the server.
    await assert.rejects(fetch(`${server.metricsUrl}/metrics`));
  });

  // SQLite has no connections to lose: the test exists for PostgreSQL only (not a skip).
  if (db.name === "postgres")
    test("PostgreSQL going away: 503s and lost connections are counted", async () => {
      // A database of its own: the first start bootstraps it with this admin token.
      const fresh = await db.open();
      const proxy = await TcpProxy.start();
      const adminToken = `kw_admin_${randomBytes(32).toString("base64url")}`;
      const server = await start(
        { metricsPort: 0, adminToken, databaseUrl: proxy.url(fresh.databaseUrl!) },
        fresh,
      ).catch(async (error: unknown) => {
        await proxy.close();
        await fresh.close();
        throw error;
      });
      try {
        const products = () =>
          fetch(`${server.url}/v1/products`, {
            headers: { authorization: `Bearer ${adminToken}` },
          });
        assert.equal((await products()).status, 200);
        await proxy.refuse();
        const refused = await products();
        assert.equal(refused.status, 503);
        assert.equal(
          ((await refused.json()) as { error: { code: string } }).error.code,
          "DATABASE_UNAVAILABLE",
        );
        const samples = parseSamples(await (await fetch(`${server.metricsUrl}/metrics`)).text());
        assert.ok(
          sampleValue(samples, "keyward_database_errors_total", { kind: "unavailable" }) >= 1,
        );
        assert.ok(
          sampleValue(samples, "keyward_database_errors_total", { kind: "connection_lost" }) >= 1,
          "the cut pooled connection was not counted",
        );
        assert.equal(
          sampleValue(samples, "keyward_http_requests_total", {
            route: "/v1/products",
            method: "GET",
            status: "503",
          }),
          1,
        );
      } finally {
        await server.close();
        await proxy.close();
        await fresh.close();
      }
    });
});
