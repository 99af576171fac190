// Bad configuration, unreachable or failing servers, calls out of order: typed errors, retries
// with backoff over the main and standby URLs, timeouts.
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer as createHttpServer } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { describe, test } from "node:test";
import { exportPublicKey } from "@keyward/formats";
import { generateKeyPair } from "@keyward/formats/node";
import { forEachDatabase } from "../../server/test/support/databases.js";
import {
  createClient,
  createTrackableClient,
  type KeywardClientOptions,
  memoryStorage,
} from "../src/index.js";
import { useKeywardServer } from "./support/server.js";

const publicKey = exportPublicKey(generateKeyPair("ed25519").publicKey, "base64") as string;

function options(overrides: Partial<KeywardClientOptions> = {}): KeywardClientOptions {
  return {
    serverUrl: "http://127.0.0.1:9",
    licenseKey: "KEY-1234",
    publicKey,
    storage: memoryStorage(),
    ...overrides,
  };
}

describe("SDK configuration", () => {
  const cases: Array<[string, Partial<KeywardClientOptions>]> = [
    ["no license key", { licenseKey: "" }],
    ["no public key and no trust on first use", { publicKey: undefined }],
    ["both a public key and trust on first use", { trustOnFirstUse: { organizationId: "org_1" } }],
    ["a public key that is not one", { publicKey: "not a key" }],
    ["a server URL that is not one", { serverUrl: "license server" }],
    ["a non-HTTP server URL", { serverUrl: "ftp://example.com" }],
    ["a standby URL that is not one", { standbyUrl: "::" }],
  ];
  for (const [name, overrides] of cases) {
    test(`refuses ${name}`, () => {
      assert.throws(() => createClient(options(overrides)), {
        name: "KeywardError",
        code: "CONFIG",
      });
    });
  }

  test("refuses to start without WebCrypto: a browser page that is not a secure context", () => {
    // What a page served over plain HTTP from a LAN address sees: crypto without subtle.
    const crypto = Object.getOwnPropertyDescriptor(globalThis, "crypto")!;
    Object.defineProperty(globalThis, "crypto", {
      configurable: true,
      value: { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) },
    });
    const page = globalThis as { isSecureContext?: boolean };
    try {
      page.isSecureContext = false;
      const expected = {
        name: "KeywardError",
        code: "CONFIG",
        message: /only in a secure context.*Serve it over HTTPS, or from localhost/,
      };
      assert.throws(() => createClient(options()), expected);
      assert.throws(
        () => createTrackableClient({ ...options(), productId: "prod_1", handshakeCode: "C-1" }),
        expected,
      );
      // Elsewhere (a runtime without WebCrypto at all): the same error, another hint.
      delete page.isSecureContext;
      assert.throws(() => createClient(options()), {
        code: "CONFIG",
        message: /WebCrypto \(crypto.subtle\) is unavailable here/,
      });
    } finally {
      delete page.isSecureContext;
      Object.defineProperty(globalThis, "crypto", crypto);
    }
    assert.ok(createClient(options()));
  });

  test("refuses an empty or oversized fingerprint when it is first needed", async () => {
    for (const fingerprint of ["", "x".repeat(256)]) {
      await assert.rejects(createClient(options({ fingerprint })).fingerprint(), {
        code: "CONFIG",
      });
    }
  });
});

describe("SDK transport", () => {
  test("retries with growing delays over main and standby, then reports NETWORK", async () => {
    const urls: string[] = [];
    const delays: number[] = [];
    const sdk = createClient(
      options({
        serverUrl: "http://main.invalid/",
        standbyUrl: "http://standby.invalid",
        fetch: async (url) => {
          urls.push(new URL(url).host);
          return new Response("{}", { status: 503 });
        },
        retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 300 },
        sleep: async (ms) => {
          delays.push(ms);
        },
      }),
    );
    const status = await sdk.check();
    assert.equal(status.state, "locked");
    assert.equal(status.reason, "NO_LEASE");
    assert.equal(status.error?.code, "NETWORK");
    assert.deepEqual(urls, Array(4).fill(["main.invalid", "standby.invalid"]).flat());
    assert.equal(delays.length, 3);
    // 100, 200, 300 (capped), each with 50–100 % jitter.
    for (const [i, ceiling] of [100, 200, 300].entries()) {
      assert.ok(delays[i]! >= ceiling / 2 && delays[i]! <= ceiling, `delay ${i}: ${delays[i]}`);
    }
  });

  test("a request that hangs is aborted after timeoutMs", async () => {
    const started = Date.now();
    const sdk = createClient(
      options({
        timeoutMs: 50,
        retry: { retries: 0 },
        // Holds the event loop like a pending socket would (AbortSignal.timeout's timer does not).
        fetch: (_url, init) =>
          new Promise((_resolve, reject) => {
            const socket = setTimeout(() => reject(new Error("not aborted")), 5000);
            init.signal?.addEventListener("abort", () => {
              clearTimeout(socket);
              reject(init.signal?.reason);
            });
          }),
      }),
    );
    const status = await sdk.check();
    assert.equal(status.error?.code, "NETWORK");
    assert.ok(Date.now() - started < 5000);
  });

  test("a network error names its cause: refused, DNS, TLS, timeout", async () => {
    // A port nobody listens on, a plain HTTP server asked for TLS, one that never answers.
    const closed = createNetServer().listen(0, "127.0.0.1");
    await once(closed, "listening");
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const plain = createHttpServer((_request, response) => response.end("{}"));
    const silent = createHttpServer(() => {});
    for (const server of [plain, silent]) {
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
    }
    const port = (server: typeof plain) => (server.address() as AddressInfo).port;
    const reason = async (serverUrl: string) => {
      const sdk = createClient(options({ serverUrl, timeoutMs: 200, retry: { retries: 0 } }));
      const { error } = await sdk.check();
      assert.equal(error?.code, "NETWORK");
      return error.message;
    };
    try {
      assert.equal(
        await reason(`http://127.0.0.1:${closedPort}`),
        `POST http://127.0.0.1:${closedPort}/v1/check failed: connection refused (ECONNREFUSED)`,
      );
      assert.match(
        await reason("http://keyward-sdk-test.invalid"),
        /check failed: DNS lookup failed for keyward-sdk-test\.invalid \((ENOTFOUND|EAI_AGAIN)\)$/,
      );
      assert.match(
        await reason(`https://127.0.0.1:${port(plain)}`),
        /check failed: TLS failed: .+ \(ERR_SSL_[A-Z_]+\)$/,
      );
      assert.match(
        await reason(`http://127.0.0.1:${port(silent)}`),
        /check failed: no answer within 200 ms \(timeout\)$/,
      );
    } finally {
      for (const server of [plain, silent]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });

  test("a 5xx with a JSON error body: NETWORK with the method, the status and the server's code", async () => {
    const sdk = createClient(
      options({
        fetch: async () =>
          Response.json({ error: { code: "INTERNAL", message: "database down" } }, { status: 500 }),
        retry: { retries: 0 },
      }),
    );
    const { error } = await sdk.check();
    assert.equal(error?.code, "NETWORK");
    assert.equal(error?.status, 500);
    assert.equal(error?.serverCode, "INTERNAL");
    assert.match(error?.message ?? "", /^POST \S+\/v1\/check answered 500: database down$/);
  });

  test("4xx answers are final: no retry", async () => {
    let calls = 0;
    const sdk = createClient(
      options({
        fetch: async () => {
          calls++;
          return new Response(
            JSON.stringify({ error: { code: "VALIDATION_FAILED", message: "bad" } }),
            {
              status: 400,
              headers: { "content-type": "application/json" },
            },
          );
        },
        sleep: async () => {},
      }),
    );
    const status = await sdk.check();
    assert.equal(calls, 1);
    assert.equal(status.error?.code, "SERVER");
    assert.equal(status.error?.serverCode, "VALIDATION_FAILED");
    assert.equal(status.error?.status, 400);
  });

  test("deactivate and heartbeat before activation: NOT_ACTIVATED, no request", async () => {
    let calls = 0;
    const sdk = createClient(
      options({
        fetch: async () => {
          calls++;
          return new Response("{}");
        },
      }),
    );
    await assert.rejects(sdk.deactivate(), { code: "NOT_ACTIVATED" });
    await assert.rejects(sdk.heartbeat(), { code: "NOT_ACTIVATED" });
    assert.equal(calls, 0);
  });
});

forEachDatabase("SDK errors from a real server", (db) => {
  const server = useKeywardServer(db);

  test("activating a suspended license: ACTIVATION_REFUSED / 409 LICENSE_SUSPENDED", async () => {
    const { key, id } = await server().createLicense();
    await server().admin("POST", `/v1/licenses/${id}/actions/suspend`);
    const sdk = createClient(
      options({ serverUrl: server().url, licenseKey: key, publicKey: server().publicKey }),
    );
    await assert.rejects(sdk.activate(), {
      name: "KeywardError",
      code: "ACTIVATION_REFUSED",
      status: 409,
      serverCode: "LICENSE_SUSPENDED",
    });
  });

  test("an unknown license key: unsigned NOT_FOUND reported, device not trusted either way", async () => {
    const sdk = createClient(
      options({
        serverUrl: server().url,
        licenseKey: "NO-SUCH-KEY",
        publicKey: server().publicKey,
      }),
    );
    const status = await sdk.checkOrActivate();
    assert.equal(status.state, "locked");
    assert.equal(status.reason, "NO_LEASE");
    assert.equal(status.error?.code, "UNKNOWN_KEY");
    assert.equal(status.error?.serverCode, "NOT_FOUND");
    assert.equal(status.error?.status, undefined, "the check did not fail: the key is unknown");
    await assert.rejects(sdk.activate(), { code: "SERVER", status: 401 });
  });

  test("a key of another product of the vendor: WRONG_PRODUCT, not a broken server", async () => {
    const { key } = await server().createLicense();
    const { productId } = await server().createLicense();
    const sdk = createClient(
      options({
        serverUrl: server().url,
        licenseKey: key,
        publicKey: server().publicKey,
        productId,
      }),
    );
    const status = await sdk.checkOrActivate();
    assert.equal(status.state, "locked");
    assert.equal(status.reason, "NO_LEASE");
    assert.equal(status.error?.code, "WRONG_PRODUCT");
    assert.match(status.error?.message ?? "", /the license key is for another product/);
    // Activating anyway: the server refuses before the license gives a seat to another product.
    await assert.rejects(sdk.activate(), {
      code: "WRONG_PRODUCT",
      status: 422,
      serverCode: "LICENSE_PRODUCT_MISMATCH",
    });
  });

  test("trust on first use with an unknown organization: locked, reported, nothing pinned", async () => {
    const { key } = await server().createLicense();
    const storage = memoryStorage();
    const sdk = createClient(
      options({
        serverUrl: server().url,
        licenseKey: key,
        publicKey: undefined,
        trustOnFirstUse: { organizationId: "org_00000000000000000000000000" },
        storage,
      }),
    );
    await sdk.activate();
    const status = await sdk.check();
    assert.equal(status.state, "locked");
    assert.equal(status.reason, "NO_LEASE");
    assert.equal(status.error?.status, 404);
    assert.equal(await storage.get("public-key.org_00000000000000000000000000"), null);
  });
});
