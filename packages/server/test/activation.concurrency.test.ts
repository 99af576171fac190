// ARCHITECTURE.md invariant: limits hold inside the database, whatever races. N concurrent
// activations of a license with max machines M leave exactly M machines: in one process (on
// both databases) and across two server processes on one PostgreSQL.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { asLicenseKey, createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import { api, useTestApp } from "./support/app.js";
import {
  createTestSchema,
  forEachDatabase,
  POSTGRES_SKIP,
  type TestSchema,
} from "./support/databases.js";
import { type ServerProcess, serve } from "./support/processes.js";

const RACERS = 60;
const MAX_MACHINES = 5;

/** The statuses of the racing activations, by status code. */
function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

forEachDatabase("activation: racing requests in one process", (db) => {
  const t = useTestApp(db);

  test(`${RACERS} devices race for ${MAX_MACHINES} seats: exactly ${MAX_MACHINES} win`, async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), {
      floating: true,
      maxMachines: MAX_MACHINES,
    });
    const license = await createLicense(call, policy);
    const holder = asLicenseKey(t().app, license.key);
    const responses = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        holder("POST", "/v1/machines", { fingerprint: `device-${i}` }),
      ),
    );
    assert.deepEqual(tally(responses.map((r) => r.status)), {
      201: MAX_MACHINES,
      422: RACERS - MAX_MACHINES,
    });
    const machines = await call("GET", "/v1/machines", undefined, {
      query: { licenseId: license.id },
    });
    assert.equal(machines.body.data.length, MAX_MACHINES);
  });

  test("the same device racing itself gets one machine", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const license = await createLicense(call, policy);
    const holder = asLicenseKey(t().app, license.key);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => holder("POST", "/v1/machines", { fingerprint: "same" })),
    );
    assert.deepEqual(tally(responses.map((r) => r.status)), { 200: 19, 201: 1 });
    assert.equal(new Set(responses.map((r) => r.body.data.id)).size, 1);
  });
});

describe("activation: racing requests across two server processes on one PostgreSQL", {
  skip: POSTGRES_SKIP,
}, () => {
  const adminToken = `kw_admin_${randomBytes(24).toString("hex")}`;
  const secret = randomBytes(32).toString("hex");
  let schema: TestSchema;
  let root: string;
  let servers: ServerProcess[] = [];

  before(async () => {
    schema = await createTestSchema();
    root = await mkdtemp(join(tmpdir(), "keyward-race-"));
    const env = {
      DATABASE_URL: schema.databaseUrl,
      KEYWARD_SECRET: secret,
      KEYWARD_ADMIN_TOKEN: adminToken,
    };
    // One after the other: the first start migrates and creates the organization.
    for (const name of ["one", "two"]) {
      const server = await serve(["--log-level", "warn"], {
        cwd: root,
        env: { ...env, KEYWARD_DATA_DIR: join(root, name) },
      });
      await server.waitUntilHealthy();
      servers.push(server);
    }
  });

  after(async () => {
    for (const server of servers) await server.stop();
    servers = [];
    await rm(root, { recursive: true, force: true });
    await schema.drop();
  });

  async function call(
    server: ServerProcess,
    authorization: string,
    method: string,
    path: string,
    body?: unknown,
  ) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  test(`${RACERS} activations split over both servers: exactly ${MAX_MACHINES} machines`, async () => {
    const [one, two] = servers as [ServerProcess, ServerProcess];
    const bearer = `Bearer ${adminToken}`;
    const product = await call(one, bearer, "POST", "/v1/products", { name: "Race" });
    const policy = await call(two, bearer, "POST", "/v1/policies", {
      productId: product.body.data.id,
      name: "Floating",
      floating: true,
      maxMachines: MAX_MACHINES,
    });
    assert.equal(policy.status, 201, JSON.stringify(policy.body));
    const license = await call(one, bearer, "POST", "/v1/licenses", {
      productId: product.body.data.id,
      policyId: policy.body.data.id,
    });
    const key = `License ${license.body.data.key}`;
    const responses = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        call(i % 2 === 0 ? one : two, key, "POST", "/v1/machines", { fingerprint: `device-${i}` }),
      ),
    );
    assert.deepEqual(tally(responses.map((r) => r.status)), {
      201: MAX_MACHINES,
      422: RACERS - MAX_MACHINES,
    });
    const listed = await call(two, bearer, "GET", `/v1/machines?licenseId=${license.body.data.id}`);
    assert.equal(listed.body.data.length, MAX_MACHINES);
  });
});
