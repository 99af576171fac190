// Failures as the client reports them: the API's error body as a KeywardApiError, answers that
// are not Keyward's, no answer at all (with its cause), the caller's own abort, bad options.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, test } from "node:test";
import { forEachDatabase } from "../../server/test/support/databases.js";
import { createKeywardClient, KeywardApiError, KeywardNetworkError } from "../src/index.js";
import { useClientTestServer } from "./support/server.js";

/** Rejects with a KeywardApiError and returns it. */
async function apiError(promise: Promise<unknown>): Promise<KeywardApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof KeywardApiError, `not a KeywardApiError: ${error}`);
    return error;
  }
  assert.fail("the call resolved");
}

forEachDatabase("@keyward/client: the API's errors", (db) => {
  const server = useClientTestServer(db);
  const admin = () => createKeywardClient({ url: server().url, token: server().adminToken });

  test("404: the error body's code, message and request id", async () => {
    const error = await apiError(
      admin().GET("/v1/licenses/{id}", { params: { path: { id: "lic_doesnotexist" } } }),
    );
    assert.equal(error.status, 404);
    assert.equal(error.code, "LICENSE_NOT_FOUND");
    assert.match(error.message, /license/i);
    assert.match(error.requestId ?? "", /^req_[0-9a-f]{32}$/);
    assert.equal(error.method, "GET");
    assert.equal(error.url, `${server().url}/v1/licenses/lic_doesnotexist`);
    assert.deepEqual(error.body, {
      error: { code: error.code, message: error.message, requestId: error.requestId },
    });
    assert.deepEqual(error.details, []);
    assert.equal(error.retryAfterSeconds, null);
  });

  test("400: a body the types would refuse is refused by the server too", async () => {
    const error = await apiError(
      // What a caller without TypeScript might send; typecheck fails if this compiles.
      // @ts-expect-error name is a string
      admin().POST("/v1/products", { body: { name: 42 } }),
    );
    assert.equal(error.status, 400);
    assert.equal(error.code, "VALIDATION_FAILED");
    assert.match(error.message, /name/);
    // Each problem at the field it names, for a form.
    assert.deepEqual(
      error.details.map((detail) => detail.path),
      ["body.name"],
    );
    const { data } = await admin().GET("/v1/products");
    assert.deepEqual(data, []);
  });

  test("a path the API does not have: 404 ROUTE_NOT_FOUND", async () => {
    // @ts-expect-error not a path of the API (typecheck fails if this compiles)
    const error = await apiError(admin().GET("/v1/licences"));
    assert.equal(error.status, 404);
    assert.equal(error.code, "ROUTE_NOT_FOUND");
  });

  test("a token read from a file, newline and all, is used trimmed", async () => {
    const keyward = createKeywardClient({ url: server().url, token: `${server().adminToken}\n` });
    assert.equal((await keyward.GET("/v1/organization")).data.id, server().organizationId);
  });

  test("401 for a revoked token, 401 for a wrong license key", async () => {
    const { data: token } = await admin().POST("/v1/tokens", {
      body: { kind: "admin", name: "short-lived" },
    });
    const revoked = createKeywardClient({ url: server().url, token: token.token });
    assert.equal((await revoked.GET("/v1/organization")).data.id, server().organizationId);
    await admin().DELETE("/v1/tokens/{id}", { params: { path: { id: token.id } } });
    assert.equal((await apiError(revoked.GET("/v1/organization"))).code, "UNAUTHORIZED");
    const wrongKey = createKeywardClient({ url: server().url, licenseKey: "NOT-A-KEY" });
    assert.equal((await apiError(wrongKey.GET("/v1/licenses"))).status, 401);
  });

  test("paginate stops at the first failing page with its error", async () => {
    const keyward = createKeywardClient({
      url: server().url,
      token: "kw_admin_unknown_unknown_xx",
    });
    const error = await apiError(
      (async () => {
        for await (const _ of keyward.paginate("/v1/products")) assert.fail("no page");
      })(),
    );
    assert.equal(error.code, "UNAUTHORIZED");
  });
});

describe("@keyward/client: answers that are not the API's, and no answer", () => {
  test("an error status without the error body: HTTP_<status> and an excerpt", async () => {
    const keyward = createKeywardClient({
      url: "http://keyward.test",
      fetch: async () =>
        new Response("<html>502 Bad Gateway</html>", {
          status: 502,
          headers: { "content-type": "text/html" },
        }),
    });
    const error = await apiError(keyward.GET("/v1/health"));
    assert.equal(error.status, 502);
    assert.equal(error.code, "HTTP_502");
    assert.equal(error.requestId, null);
    assert.equal(
      error.message,
      "GET http://keyward.test/v1/health answered 502 without a Keyward error body: <html>502 Bad Gateway</html>",
    );
  });

  test("Retry-After, in seconds or as a date, is retryAfterSeconds", async () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const answered = (retryAfter: string) =>
      createKeywardClient({
        url: "http://keyward.test",
        fetch: async () =>
          Response.json(
            { error: { code: "RATE_LIMITED", message: "slow down", requestId: "req_1" } },
            { status: 429, headers: { "retry-after": retryAfter } },
          ),
      });
    const seconds = await apiError(answered("17").GET("/v1/products"));
    assert.equal(seconds.code, "RATE_LIMITED");
    assert.equal(seconds.retryAfterSeconds, 17);
    const dated = await apiError(answered("Tue, 01 Jan 2030 00:01:30 GMT").GET("/v1/products"));
    // Counted from the clock when the error is made: within a few seconds of 90 from `now`.
    assert.ok(dated.retryAfterSeconds !== null);
    const error = new KeywardApiError(
      429,
      null,
      "GET",
      "http://keyward.test/v1/products",
      new Headers({ "retry-after": "Tue, 01 Jan 2030 00:01:30 GMT" }),
      now,
    );
    assert.equal(error.retryAfterSeconds, 90);
    const garbled = await apiError(answered("soon").GET("/v1/products"));
    assert.equal(garbled.retryAfterSeconds, null);
  });

  test("a refused connection names its cause", async () => {
    // A port that was just free: nothing listens on it.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const keyward = createKeywardClient({ url: `http://127.0.0.1:${port}`, token: "x".repeat(20) });
    await assert.rejects(keyward.GET("/v1/products"), (error: unknown) => {
      assert.ok(error instanceof KeywardNetworkError);
      assert.equal(error.method, "GET");
      assert.equal(error.url, `http://127.0.0.1:${port}/v1/products`);
      assert.equal(
        error.message,
        `GET http://127.0.0.1:${port}/v1/products failed: connect ECONNREFUSED 127.0.0.1:${port}`,
      );
      assert.ok(error.cause instanceof TypeError);
      return true;
    });
  });

  test("a browser-style failure without a cause says what it may be", async () => {
    const keyward = createKeywardClient({
      url: "https://licenses.example",
      fetch: async () => {
        throw new TypeError("Failed to fetch");
      },
    });
    await assert.rejects(keyward.GET("/v1/health"), {
      name: "KeywardNetworkError",
      message:
        "GET https://licenses.example/v1/health failed: Failed to fetch (server unreachable, or the request was blocked, e.g. by CORS)",
    });
  });

  test("a network error keeps the request's path but not its query values (a license key)", async () => {
    const keyward = createKeywardClient({
      url: "https://licenses.example",
      token: "x".repeat(20),
      fetch: async () => {
        throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });
      },
    });
    const secret = "SECRET-LICENSE-KEY-1234";
    await assert.rejects(
      keyward.GET("/v1/licenses", { params: { query: { q: secret, limit: "5" } } }),
      (error: unknown) => {
        assert.ok(error instanceof KeywardNetworkError);
        assert.equal(error.method, "GET");
        assert.equal(error.url, "https://licenses.example/v1/licenses?q=***&limit=***");
        assert.equal(
          error.message,
          "GET https://licenses.example/v1/licenses?q=***&limit=*** failed: connect ECONNREFUSED",
        );
        assert.ok(!String(error.stack).includes(secret));
        return true;
      },
    );
  });

  test("the caller's abort stays an AbortError", async () => {
    const keyward = createKeywardClient({
      url: "http://keyward.test",
      // As fetch does: reject with the signal's reason, now or once it aborts.
      fetch: (request) =>
        new Promise((_, reject) => {
          if (request.signal.aborted) reject(request.signal.reason);
          request.signal.addEventListener("abort", () => reject(request.signal.reason));
        }),
    });
    const controller = new AbortController();
    const call = keyward.GET("/v1/health", { signal: controller.signal });
    controller.abort();
    await assert.rejects(call, { name: "AbortError" });
  });

  test("bad options fail at once", () => {
    assert.throws(() => createKeywardClient({ url: "licenses.example.com" }), {
      name: "TypeError",
      message: /absolute http\(s\) URL/,
    });
    assert.throws(() => createKeywardClient({ url: "ftp://licenses.example.com" }), {
      message: /must start with http:\/\/ or https:\/\/ \(its scheme reads as "ftp:"\)/,
    });
    // A user name and password in the URL: refused (fetch would quote them at every call), and
    // never quoted, whether the URL parses or not.
    for (const url of [
      "https://admin:pa55-w0rd@licenses.example",
      "https://admin:pa55-w0rd@licenses.example:443/keyward/",
    ]) {
      assert.throws(() => createKeywardClient({ url }), {
        name: "TypeError",
        message:
          "createKeywardClient: url must not hold a user name or password (authenticate with a token)",
      });
    }
    for (const url of [
      "https://admin:pa55-w0rd@licenses example",
      "https://admin:pa55@w0rd@licenses.example:99999/",
    ]) {
      assert.throws(
        () => createKeywardClient({ url }),
        (error: unknown) => {
          assert.ok(error instanceof TypeError);
          assert.match(
            error.message,
            /^createKeywardClient: url must be an absolute http\(s\) URL/,
          );
          assert.ok(!error.message.includes("pa55"), error.message);
          assert.match(error.message, /\*\*\*@/);
          return true;
        },
      );
    }
    // No scheme: "admin:" is read as one, and only it is quoted.
    assert.throws(() => createKeywardClient({ url: "admin:pa55-w0rd@licenses.example" }), {
      message:
        'createKeywardClient: url must start with http:// or https:// (its scheme reads as "admin:")',
    });
    assert.throws(
      () => createKeywardClient({ url: "https://licenses.example", token: "t", licenseKey: "k" }),
      { message: /token or licenseKey, not both/ },
    );
    // A secret that cannot be a header value is refused without being quoted.
    for (const token of ["", "  ", "kw_admin_secret\nX-Injected: 1", "kw_admin_sécret"]) {
      assert.throws(() => createKeywardClient({ url: "https://licenses.example", token }), {
        message: "createKeywardClient: token must be non-empty visible ASCII",
      });
    }
    assert.throws(
      () => createKeywardClient({ url: "https://licenses.example", licenseKey: "KEY\0" }),
      { message: "createKeywardClient: licenseKey must be non-empty visible ASCII" },
    );
  });
});
