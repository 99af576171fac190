// The HTTP app on a real, migrated store with a first organization and its admin token, and a
// small wrapper over app.inject for the tests.
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { after, before } from "node:test";
import type { FastifyInstance } from "fastify";
import { type AppOptions, buildApp } from "../../src/http/app.js";
import type { CorsSettings } from "../../src/http/cors.js";
import type { LogOptions } from "../../src/http/logging.js";
import type { Clock } from "../../src/services/clock.js";
import { createServices, type Services } from "../../src/services/index.js";
import type { Store } from "../../src/store/database.js";
import type { TestDatabase, TestStore } from "./databases.js";
import { testKeyPairs } from "./key-pairs.js";

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  store: Store;
  /** The server secret that sealed the signing keys. */
  secret: string;
  adminToken: string;
  organizationId: string;
  testStore: TestStore;
  close(): Promise<void>;
}

export interface TestAppOptions {
  bodyLimit?: number;
  clock?: Clock;
  cors?: CorsSettings;
  timeouts?: AppOptions["timeouts"];
  trustProxy?: boolean | string[];
  /** Logging (silent when absent). */
  logger?: LogOptions;
  /** Rate limits (none when absent). */
  rateLimits?: AppOptions["rateLimits"];
  /** Request metrics and GET /metrics (none when absent); its metrics go to the services too. */
  metrics?: AppOptions["metrics"];
  /** Webhook sending settings (services/webhooks/settings.ts). */
  webhooks?: Parameters<typeof createServices>[0]["webhooks"];
}

/** An organization and an admin token for it, issued through the services. */
export async function createOrganization(
  services: Services,
  name: string,
): Promise<{ organizationId: string; adminToken: string }> {
  const organization = await services.organizations.create(name);
  const { plaintext } = await services.tokens.issue(organization.id, {
    kind: "admin",
    name: `${name} admin`,
  });
  return { organizationId: organization.id, adminToken: plaintext };
}

export async function createTestApp(
  db: TestDatabase,
  options: TestAppOptions = {},
): Promise<TestApp> {
  const testStore = await db.openMigrated();
  try {
    const { store } = testStore;
    const secret = randomBytes(32).toString("base64url");
    const services = createServices({
      store,
      secret,
      generateKeyPair: testKeyPairs(),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.metrics ? { metrics: options.metrics.metrics } : {}),
      ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    });
    const app = await buildApp({
      services,
      version: "0.0.0-test",
      logger: options.logger ?? false,
      ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
      ...(options.cors === undefined ? {} : { cors: options.cors }),
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
      ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
      ...(options.metrics ? { metrics: options.metrics } : {}),
    });
    await app.ready();
    const { organizationId, adminToken } = await createOrganization(services, "Organization A");
    let closing: Promise<void> | undefined;
    return {
      app,
      services,
      store,
      secret,
      adminToken,
      organizationId,
      testStore,
      close() {
        closing ??= app
          .close()
          .then(() => services.flush())
          .then(() => testStore.close());
        return closing;
      },
    };
  } catch (error) {
    await testStore.close();
    throw error;
  }
}

/**
 * Registers before/after hooks in the current suite that build a test app and close it; the
 * returned function gives the app inside tests.
 */
export function useTestApp(db: TestDatabase, options: TestAppOptions = {}): () => TestApp {
  let current: TestApp | undefined;
  before(async () => {
    current = await createTestApp(db, options);
  });
  after(async () => {
    await current?.close();
  });
  return () => {
    if (!current) throw new Error("the test app is not built (did before() fail?)");
    return current;
  };
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  /** The parsed JSON body; undefined when the body is empty. */
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are checked field by field
  body: any;
  text: string;
}

export interface ApiRequestOptions {
  /** Sent as-is (already serialized) instead of JSON. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

export type Api = (
  method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT",
  url: string,
  body?: unknown,
  options?: ApiRequestOptions,
) => Promise<ApiResponse>;

/** app.inject with `Authorization: Bearer <token>` (none when token is null) and JSON in/out. */
export function api(app: FastifyInstance, token: string | null): Api {
  return async (method, url, body, options = {}) => {
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let payload: string | Buffer | undefined;
    if (options.raw !== undefined) {
      payload = options.raw;
      headers["content-type"] = "application/json";
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers["content-type"] = "application/json";
    }
    const response = await app.inject({
      method,
      url,
      headers: { ...headers, ...options.headers },
      ...(payload === undefined ? {} : { payload }),
      ...(options.query ? { query: options.query } : {}),
    });
    const text = response.body;
    let parsed: unknown;
    if (text.length > 0) {
      const type = String(response.headers["content-type"] ?? "");
      parsed = type.startsWith("application/json") ? JSON.parse(text) : undefined;
    }
    return { status: response.statusCode, headers: response.headers, body: parsed, text };
  };
}

/** A clock the test moves by hand; starts at `start` (default: now). */
export function manualClock(start: Date = new Date()): Clock & {
  advance(ms: number): void;
  set(date: Date): void;
} {
  let now = start.getTime();
  const clock = () => new Date(now);
  return Object.assign(clock, {
    advance(ms: number) {
      now += ms;
    },
    set(date: Date) {
      now = date.getTime();
    },
  });
}

/** Every item of a list endpoint, following nextCursor. */
export async function listAll(call: Api, path: string): Promise<Array<{ id: string }>> {
  const items: Array<{ id: string }> = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const query: string = cursor ? `?limit=100&cursor=${encodeURIComponent(cursor)}` : "?limit=100";
    const response = await call("GET", `${path}${query}`);
    if (response.status !== 200) {
      throw new Error(`GET ${path} answered ${response.status}: ${response.text}`);
    }
    items.push(...response.body.data);
    cursor = response.body.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error(`GET ${path}: nextCursor never became null`);
}

/** Asserts the {"error": {code, message, requestId}} shape and returns the code. */
export function errorCode(response: ApiResponse): string {
  const error = response.body?.error;
  if (
    typeof error !== "object" ||
    typeof error.code !== "string" ||
    typeof error.message !== "string" ||
    typeof error.requestId !== "string" ||
    !error.requestId.startsWith("req_")
  ) {
    throw new Error(`not an error body (status ${response.status}): ${response.text}`);
  }
  return error.code;
}

/** A log destination that keeps what is written. */
export function capture() {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { stream, text: () => text };
}
