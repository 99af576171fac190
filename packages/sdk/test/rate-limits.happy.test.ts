// The SDK against a real server's rate limits (issue 17.9): a 429 is waited out as its
// Retry-After says, then retried; a Retry-After past the caller's bound is a typed error at once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { forEachDatabase } from "../../server/test/support/databases.js";
import { createClient, type KeywardClientOptions, memoryStorage } from "../src/index.js";
import { useKeywardServer } from "./support/server.js";

// One request per key per window: the second in a window is limited. The window is short so
// the test waits it out for real, as a device would.
const WINDOW_SECONDS = 2;

forEachDatabase("SDK and the server's rate limits", (db) => {
  const server = useKeywardServer(db, {
    rateLimits: { windowSeconds: WINDOW_SECONDS, perAddress: 1000, perKey: 1, perToken: 1000 },
  });

  function client(key: string, options: Partial<KeywardClientOptions> = {}) {
    const statuses: number[] = [];
    const waits: number[] = [];
    const sdk = createClient({
      serverUrl: server().url,
      licenseKey: key,
      publicKey: server().publicKey,
      storage: memoryStorage(),
      clock: server().clock,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        statuses.push(response.status);
        return response;
      },
      sleep: (ms) => {
        waits.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
      ...options,
    });
    return { sdk, statuses, waits };
  }

  test("a 429 is waited out for its Retry-After, then the call succeeds", async () => {
    const { key } = await server().createLicense();
    const { sdk, statuses, waits } = client(key, {
      retry: { retries: 2, maxRetryAfterMs: WINDOW_SECONDS * 1000 },
    });
    await sdk.activate();
    // The key's one request of this window is spent: the check is limited, waits, passes.
    const status = await sdk.check({ force: true });
    assert.equal(status.error, null, String(status.error));
    assert.equal(status.source, "server");
    assert.equal(status.code, "VALID");
    assert.ok(statuses.includes(429), `no 429 seen: ${statuses.join(", ")}`);
    assert.equal(statuses.at(-1), 200);
    // Waited what the server told (whole seconds, at least one), not the 250 ms backoff.
    assert.ok(waits.length >= 1);
    assert.ok(
      waits.every((ms) => ms >= 1000 && ms <= WINDOW_SECONDS * 1000),
      waits.join(", "),
    );
  });

  test("a Retry-After longer than the caller allows fails at once with RATE_LIMITED", async () => {
    const { key } = await server().createLicense();
    const { sdk, waits } = client(key, { retry: { retries: 2, maxRetryAfterMs: 500 } });
    await sdk.activate();
    await assert.rejects(sdk.activate(), (error: unknown) => {
      assert.ok(error instanceof Error && error.name === "KeywardError");
      const typed = error as Error & {
        code: string;
        status: number;
        serverCode: string;
        retryAfterMs: number;
      };
      assert.equal(typed.code, "RATE_LIMITED");
      assert.equal(typed.status, 429);
      assert.equal(typed.serverCode, "RATE_LIMITED");
      assert.ok(typed.retryAfterMs >= 1000 && typed.retryAfterMs <= WINDOW_SECONDS * 1000);
      return true;
    });
    assert.deepEqual(waits, [], "it waited although the wait was past its bound");
  });
});
