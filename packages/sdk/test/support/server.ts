// A real Keyward server for the SDK tests: the server's own app, services and store (SQLite or
// PostgreSQL, as the server tests use them) listening on a TCP port, with a clock the test moves.
// startServer() reads the system clock; leases are judged against time, so the tests compose the
// same parts with a shared manual clock instead. stop()/start() end and resume listening on the
// same port while the database stays: "the server is down", then "back".
import assert from "node:assert/strict";
import { after, before } from "node:test";
import type { FastifyInstance } from "fastify";
import { type AppOptions, buildApp } from "../../../server/src/http/app.js";
import { createServices, type Services } from "../../../server/src/services/index.js";
import { createOrganization, manualClock } from "../../../server/test/support/app.js";
import type { TestDatabase } from "../../../server/test/support/databases.js";
import { testKeyPairs } from "../../../server/test/support/key-pairs.js";
import { createClient, type KeywardClientOptions, memoryStorage } from "../../src/index.js";

export type ManualClock = ReturnType<typeof manualClock>;

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read the fields they need
  body: any;
}

export interface KeywardTestServer {
  url: string;
  organizationId: string;
  clock: ManualClock;
  /** The organization's Ed25519 public key (Base64 SPKI), as a vendor embeds it. */
  publicKey: string;
  /** An HTTP call with the organization's admin token. */
  admin(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<Answer>;
  /** A product, a policy with `rules` and a license under it: the license id and key. */
  /** A license of a new product and policy with `rules`. */
  createLicense(
    rules?: Record<string, unknown>,
  ): Promise<{ id: string; key: string; productId: string }>;
  /** Stops listening (connections refused); the data stays. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

class Running {
  app: FastifyInstance | undefined;
  port = 0;

  constructor(
    private readonly services: Services,
    private readonly rateLimits: AppOptions["rateLimits"] = false,
  ) {}

  async start(): Promise<void> {
    assert.equal(this.app, undefined, "already listening");
    const app = await buildApp({
      services: this.services,
      version: "0.0.0-sdk-test",
      logger: false,
      rateLimits: this.rateLimits,
    });
    await app.listen({ host: "127.0.0.1", port: this.port });
    const address = app.server.address();
    assert.ok(address && typeof address === "object");
    this.port = address.port;
    this.app = app;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
    // As startServer does on close: buffered validation events are written before the store goes.
    await this.services.flush();
  }
}

/** Registers before/after hooks that run a server on `db`; the function gives it to tests. */
export function useKeywardServer(
  db: TestDatabase,
  options: { rateLimits?: AppOptions["rateLimits"] } = {},
): () => KeywardTestServer {
  let server: KeywardTestServer | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  before(async () => {
    const testStore = await db.openMigrated();
    cleanup = () => testStore.close();
    const clock = manualClock();
    const services = createServices({
      store: testStore.store,
      generateKeyPair: testKeyPairs(),
      secret: "sdk-test-secret-0123456789abcdefghijklmnop",
      clock,
    });
    const { organizationId, adminToken } = await createOrganization(services, "Vendor");
    const running = new Running(services, options.rateLimits);
    await running.start();
    cleanup = async () => {
      await running.stop();
      await testStore.close();
    };
    const url = `http://127.0.0.1:${running.port}`;
    const admin: KeywardTestServer["admin"] = async (method, path, body) => {
      const response = await fetch(url + path, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
    };
    const keys = await admin("GET", "/v1/signing-keys");
    assert.equal(keys.status, 200);
    const ed25519 = keys.body.data.find(
      (key: { algorithm: string }) => key.algorithm === "ed25519",
    );
    server = {
      url,
      organizationId,
      clock,
      publicKey: ed25519.publicKey,
      admin,
      async createLicense(rules = {}) {
        const product = await admin("POST", "/v1/products", { name: "App" });
        assert.equal(product.status, 201, JSON.stringify(product.body));
        const policy = await admin("POST", "/v1/policies", {
          productId: product.body.data.id,
          name: "Policy",
          ...rules,
        });
        assert.equal(policy.status, 201, JSON.stringify(policy.body));
        const license = await admin("POST", "/v1/licenses", {
          productId: product.body.data.id,
          policyId: policy.body.data.id,
        });
        assert.equal(license.status, 201, JSON.stringify(license.body));
        return {
          id: license.body.data.id,
          key: license.body.data.key,
          productId: product.body.data.id,
        };
      },
      stop: () => running.stop(),
      start: () => running.start(),
    };
  });
  after(async () => {
    await cleanup?.();
  });
  return () => {
    if (!server) throw new Error("the Keyward server did not start (did before() fail?)");
    return server;
  };
}

/** A fetch that counts the requests it makes (to prove the lease spares the server). */
export function countingFetch(): typeof fetch & { count: number; paths: string[] } {
  const counting = Object.assign(
    async (input: string | URL | Request, init?: RequestInit) => {
      counting.count++;
      counting.paths.push(new URL(String(input)).pathname);
      return fetch(input, init);
    },
    { count: 0, paths: [] as string[] },
  );
  return counting;
}

/**
 * What every SDK client of the tests takes from the test server: its URL, key and clock, memory
 * storage, a counting fetch and no retries (`options` of a client override any of it).
 */
export function testClientOptions(
  server: KeywardTestServer,
): Omit<KeywardClientOptions, "licenseKey"> & { fetch: ReturnType<typeof countingFetch> } {
  return {
    serverUrl: server.url,
    publicKey: server.publicKey,
    storage: memoryStorage(),
    clock: server.clock,
    fetch: countingFetch(),
    retry: { retries: 0 },
  };
}

/** An SDK client of `key` against the test server (testClientOptions, then `options`). */
export function sdkClient(
  server: KeywardTestServer,
  key: string,
  options: Partial<KeywardClientOptions> = {},
) {
  const defaults = testClientOptions(server);
  const sdk = createClient({ ...defaults, licenseKey: key, ...options });
  return { sdk, fetch: defaults.fetch };
}
