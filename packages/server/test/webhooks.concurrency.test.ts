// Webhooks across real `keyward serve` processes: a server killed (SIGKILL) while a delivery is
// in flight sends it after a restart, with the same webhook-id; two servers on one PostgreSQL
// share the outbox and send each delivery once.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createTestSchema, POSTGRES_SKIP, type TestSchema } from "./support/databases.js";
import { type ServerProcess, serve } from "./support/processes.js";
import { type Receiver, startReceiver } from "./support/webhook-receiver.js";

const WAIT_MS = 90_000;

async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${WAIT_MS} ms`)), WAIT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function client(server: ServerProcess, token: string) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  };
}

/** A product, policy, endpoint for `receiver`; answers a function that creates a license. */
async function setUp(call: ReturnType<typeof client>, receiver: Receiver) {
  const endpoint = await call("POST", "/v1/webhook-endpoints", {
    url: receiver.url,
    eventTypes: ["license.created"],
  });
  assert.equal(endpoint.status, 201, endpoint.text);
  const product = await call("POST", "/v1/products", { name: "Hooks" });
  const policy = await call("POST", "/v1/policies", {
    productId: product.body.data.id,
    name: "Timed",
  });
  assert.equal(policy.status, 201, policy.text);
  return {
    endpointId: endpoint.body.data.id as string,
    async createLicense(on = call) {
      const license = await on("POST", "/v1/licenses", {
        productId: product.body.data.id,
        policyId: policy.body.data.id,
      });
      assert.equal(license.status, 201, license.text);
    },
  };
}

/** Polls the delivery log until nothing is pending (the worker's state, not a guess of time). */
async function untilDelivered(call: ReturnType<typeof client>, endpointId: string, count: number) {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const log = await call(
      "GET",
      `/v1/webhook-endpoints/${endpointId}/deliveries?limit=100&status=succeeded`,
    );
    if (log.body.data.length >= count) return log.body.data;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`${count} deliveries not succeeded within ${WAIT_MS} ms`);
}

for (const database of ["sqlite", "postgres"] as const) {
  describe(`webhooks: kill -9 mid-delivery, restart: delivered [${database}]`, {
    skip: database === "postgres" ? POSTGRES_SKIP : false,
  }, () => {
    const adminToken = `kw_admin_${randomBytes(24).toString("hex")}`;
    let root: string;
    let schema: TestSchema | undefined;

    before(async () => {
      root = await mkdtemp(join(tmpdir(), "keyward-hooks-"));
      if (database === "postgres") schema = await createTestSchema();
    });
    after(async () => {
      await rm(root, { recursive: true, force: true });
      await schema?.drop();
    });

    test("the delivery in flight when the server died is sent after the restart", async () => {
      const receiver = await startReceiver();
      let arrived: () => void = () => {};
      const inFlight = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      // The first request is held unanswered: the server is killed while it waits.
      receiver.answers.push(() => arrived());
      const env = {
        KEYWARD_ADMIN_TOKEN: adminToken,
        KEYWARD_SECRET: randomBytes(32).toString("hex"),
        KEYWARD_DATA_DIR: join(root, "data"),
        ...(schema ? { DATABASE_URL: schema.databaseUrl } : {}),
        KEYWARD_WEBHOOKS_ALLOW_PRIVATE: "true",
        // The claim's lease is the timeout plus 5 s: the restarted worker retakes it after that.
        KEYWARD_WEBHOOK_TIMEOUT_MS: "1000",
        KEYWARD_WEBHOOK_POLL_MS: "100",
      };
      const first = await serve(["--log-level", "warn"], { cwd: root, env });
      await first.waitUntilHealthy();
      const call = client(first, adminToken);
      const { endpointId, createLicense } = await setUp(call, receiver);
      await createLicense();
      await within(inFlight, "the first attempt");
      first.kill();
      assert.equal((await first.exited).signal, "SIGKILL");

      const second = await serve(["--log-level", "warn"], { cwd: root, env });
      await second.waitUntilHealthy();
      const [delivery] = await untilDelivered(client(second, adminToken), endpointId, 1);
      assert.equal(receiver.received.length, 2, "sent before the kill and once after");
      for (const message of receiver.received) {
        assert.equal(message.headers["webhook-id"], delivery.id);
      }
      assert.equal(receiver.received[0]!.body, receiver.received[1]!.body);
      assert.equal(delivery.attempts, 2);
      await second.stop();
    });
  });
}

describe("webhooks: two server processes on one PostgreSQL send each delivery once", {
  skip: POSTGRES_SKIP,
}, () => {
  const adminToken = `kw_admin_${randomBytes(24).toString("hex")}`;
  let schema: TestSchema;
  let root: string;
  const servers: ServerProcess[] = [];

  before(async () => {
    schema = await createTestSchema();
    root = await mkdtemp(join(tmpdir(), "keyward-hooks-pg-"));
    for (const name of ["one", "two"]) {
      const server = await serve(["--log-level", "warn"], {
        cwd: root,
        env: {
          DATABASE_URL: schema.databaseUrl,
          KEYWARD_SECRET: "k".repeat(40),
          KEYWARD_ADMIN_TOKEN: adminToken,
          KEYWARD_DATA_DIR: join(root, name),
          KEYWARD_WEBHOOKS_ALLOW_PRIVATE: "true",
          KEYWARD_WEBHOOK_POLL_MS: "20",
        },
      });
      await server.waitUntilHealthy();
      servers.push(server);
    }
  });

  after(async () => {
    for (const server of servers) await server.stop();
    await rm(root, { recursive: true, force: true });
    await schema.drop();
  });

  test("60 deliveries made on both servers: 60 requests, 60 distinct webhook-ids", async () => {
    const receiver = await startReceiver();
    const [one, two] = servers as [ServerProcess, ServerProcess];
    const callOne = client(one, adminToken);
    const callTwo = client(two, adminToken);
    const { endpointId, createLicense } = await setUp(callOne, receiver);
    for (let i = 0; i < 30; i++)
      await Promise.all([createLicense(callOne), createLicense(callTwo)]);
    await untilDelivered(callOne, endpointId, 60);
    const ids = receiver.received.map((message) => message.headers["webhook-id"]);
    assert.equal(new Set(ids).size, 60);
    assert.equal(ids.length, 60, "no delivery sent twice");
    // Each delivery took one attempt: no claim was taken twice. (Which server sent which is
    // not observable here; both poll every 20 ms while the licenses arrive.)
    const log = await callOne("GET", `/v1/webhook-endpoints/${endpointId}/deliveries?limit=100`);
    for (const delivery of log.body.data) assert.equal(delivery.attempts, 1);
  });
});
