// What the server writes to its log: one line per request, device traffic at debug, ISO times,
// JSON for collectors and readable lines for a terminal, never a credential.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { redactedQuery } from "../src/http/logging.js";
import { activate, createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import { api, capture, createTestApp, type TestApp } from "./support/app.js";
import { databases } from "./support/databases.js";

const sqlite = databases().find((db) => db.name === "sqlite")!;

/** Logs at `level`; runs the admin calls and device calls of a licensing session. */
async function session(level: string, pretty = false) {
  const log = capture();
  const t: TestApp = await createTestApp(sqlite, {
    logger: { level, pretty, destination: log.stream },
  });
  try {
    const admin = api(t.app, t.adminToken);
    const policy = await createPolicy(admin, await createProduct(admin));
    const license = await createLicense(admin, policy);
    // A search by key: the key is in the URL.
    const found = await admin("GET", `/v1/licenses?q=${license.key}&limit=5`);
    assert.equal(found.body.data.length, 1, found.text);
    await activate(t.app, license.key, "device-1");
    const before = log.text().length;
    const device = api(t.app, null);
    const check = await device("POST", "/v1/check", {
      key: license.key,
      fingerprint: "device-1",
      nonce: "nonce-123",
    });
    assert.equal(check.status, 200, check.text);
    const validation = await device("POST", "/v1/licenses/actions/validate-key", {
      key: license.key,
    });
    assert.equal(validation.status, 200, validation.text);
    const deviceLines = log.text().slice(before);
    const organization = await admin("GET", "/v1/organization");
    assert.equal(organization.status, 200);
    const adminLines = log.text().slice(before + deviceLines.length);
    return { all: log.text(), deviceLines, adminLines, license, token: t.adminToken };
  } finally {
    await t.close();
  }
}

/** An app logging at info into a captured stream, with one license made through it. */
async function loggedLicense() {
  const log = capture();
  const t = await createTestApp(sqlite, { logger: { level: "info", destination: log.stream } });
  const admin = api(t.app, t.adminToken);
  const license = await createLicense(admin, await createPolicy(admin, await createProduct(admin)));
  return { log, t, admin, license, key: license.key as string };
}

const jsonLines = (text: string) =>
  text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("server log", () => {
  test("info: one JSON line per admin request with an ISO time; device checks write none", async () => {
    const { all, deviceLines, adminLines, license, token } = await session("info");
    assert.equal(deviceLines, "", "checks and validations are logged at info");
    const lines = jsonLines(adminLines);
    assert.equal(lines.length, 1, adminLines);
    const [line] = lines;
    assert.equal(line!.msg, "request completed");
    assert.equal(line!.level, 30);
    assert.equal(line!.method, "GET");
    assert.equal(line!.url, "/v1/organization");
    assert.equal(line!.statusCode, 200);
    assert.equal(typeof line!.responseTime, "number");
    assert.match(String(line!.reqId), /^req_[0-9a-f]{32}$/);
    assert.match(String(line!.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The set-up's requests: one line each, none with a credential.
    const setUp = jsonLines(all).filter((entry) => entry.msg === "request completed");
    assert.deepEqual(
      setUp.map((entry) => `${entry.method} ${entry.url} ${entry.statusCode}`),
      [
        "POST /v1/products 201",
        "POST /v1/policies 201",
        "POST /v1/licenses 201",
        "GET /v1/licenses?q=[redacted]&limit=5 200",
        "POST /v1/machines 201",
        "GET /v1/organization 200",
      ],
    );
    assert.ok(!all.includes(license.key), "a license key is in the log");
    assert.ok(!all.includes(token.slice(9)), "the admin token is in the log");
  });

  test("a search's text is redacted whatever spelling of `q` ran it: %71, with other parameters, refused or not", async () => {
    const { log, t, admin, key } = await loggedLicense();
    try {
      const fragment = key.slice(4, 14);
      // `%71` is `q` to the query parser: the search runs, and its line must not hold the key.
      const searches = [`?%71=${key}`, `?limit=5&%71=${key}`, `?q=${key}`, `?q=${key}&limit=5`];
      for (const query of searches) {
        const found = await admin("GET", `/v1/licenses${query}`);
        assert.equal(found.status, 200, found.text);
        assert.equal(found.body.data.length, 1, `${query}: ${found.text}`);
      }
      // Refused requests are logged too: an unknown name, an undecodable query.
      const refused = [`?%71=${key}&%ZZ=1`, `?q%FF=${key}`, `?%71=${key}&%71=again`];
      for (const query of refused) {
        const answer = await admin("GET", `/v1/licenses${query}`);
        assert.equal(answer.status, 400, `${query}: ${answer.text}`);
      }
      const urls = jsonLines(log.text())
        .filter((entry) => entry.msg === "request completed")
        .map((entry) => String(entry.url))
        .filter((url) => url.startsWith("/v1/licenses?"));
      assert.deepEqual(urls, [
        "/v1/licenses?%71=[redacted]",
        "/v1/licenses?limit=5&%71=[redacted]",
        "/v1/licenses?q=[redacted]",
        "/v1/licenses?q=[redacted]&limit=5",
        "/v1/licenses?%71=[redacted]&[redacted]",
        "/v1/licenses?[redacted]",
        "/v1/licenses?%71=[redacted]&%71=[redacted]",
      ]);
      assert.ok(!log.text().includes(fragment), "a license key is in the log");
    } finally {
      await t.close();
    }
    // Read as the router reads a query: split on `&` only; a name decoded, `+` a space.
    const declared = new Set(["x", "q", "metadata", "email"]);
    const shown = (query: string, refused = false) => redactedQuery(query, declared, refused);
    assert.equal(shown("q=a;b=c&x=1"), "q=[redacted]&x=1");
    assert.equal(shown("x=%71&Q=1&qq=2&q"), "x=%71&[redacted]&[redacted]&q");
    assert.equal(shown("%71=a+b&q+=c&%78=2"), "%71=[redacted]&[redacted]&%78=2");
    // Metadata filters' and emails' values are personal data: never shown.
    assert.equal(
      shown("metadata[plan]=pro&metadata%5Bseats%5D=5&email=a@b.example&KEY-1"),
      "metadata[plan]=[redacted]&metadata%5Bseats%5D=[redacted]&email=[redacted]&[redacted]",
    );
    // A refused request's values may be anything (`?x=<key>` failing validation).
    assert.equal(shown("x=KEY-1&x", true), "x=[redacted]&x");
  });

  test("only what a route declares: a key in a path, an unknown parameter, a path no route took", async () => {
    const { log, t, admin, license, key } = await loggedLicense();
    try {
      const requests: [string, number][] = [
        // A key where an id goes (a common mistake): 404, the key not in the log.
        [`/v1/licenses/${encodeURIComponent(key)}`, 404],
        [`/v1/licenses/${license.id}/entitlements`, 200],
        // An undeclared parameter, a bare key, a key as a declared value (all refused: 400).
        [`/v1/licenses?key=${key}&limit=2`, 400],
        [`/v1/licenses?${key}`, 400],
        [`/v1/licenses?limit=${key}`, 400],
        // No route: the words routes have, and ids; an encoded `/` or `;` keeps a segment whole.
        [`/v1/licence/${key}/${license.id}`, 404],
        [`/licenses/${key}`, 404],
        [`/v1/licenses;key=${key}`, 404],
        [`/v1%2Flicenses%2F${key}`, 404],
        [`/v1/users?limit=2`, 200],
      ];
      for (const [url, status] of requests) {
        const answer = await admin("GET", url, undefined, {
          headers: { "x-request-id": "proxy-req-7" },
        });
        assert.equal(answer.status, status, `${url}: ${answer.text}`);
      }
      const lines = jsonLines(log.text()).filter((entry) => entry.msg === "request completed");
      assert.deepEqual(
        lines.slice(-requests.length).map((entry) => entry.url),
        [
          "/v1/licenses/[redacted]",
          `/v1/licenses/${license.id}/entitlements`,
          "/v1/licenses?[redacted]&limit=[redacted]",
          "/v1/licenses?[redacted]",
          "/v1/licenses?limit=[redacted]",
          `/v1/[redacted]/[redacted]/${license.id}`,
          "/licenses/[redacted]",
          "/v1/[redacted]",
          "/[redacted]",
          "/v1/users?limit=2",
        ],
      );
      assert.ok(!log.text().includes(key.slice(4, 14)), "a license key is in the log");
      // Who asked: the client's address, the token (not its secret). X-Request-Id from a
      // client that is no trusted proxy is not logged: it could name another request's id.
      const last = lines.at(-1)!;
      assert.equal(last.remoteAddress, "127.0.0.1");
      assert.match(String(last.tokenId), /^tok_[0-9a-z]{26}$/);
      assert.equal(last.proxyRequestId, undefined);
    } finally {
      await t.close();
    }
  });

  test("behind a trusted proxy: the client's forwarded address and the proxy's request id", async () => {
    const log = capture();
    const t = await createTestApp(sqlite, {
      logger: { level: "info", destination: log.stream },
      trustProxy: ["127.0.0.1"],
    });
    try {
      const answer = await api(t.app, t.adminToken)("GET", "/v1/organization", undefined, {
        headers: { "x-forwarded-for": "203.0.113.7", "x-request-id": "proxy-req-7" },
      });
      assert.equal(answer.status, 200, answer.text);
      const line = jsonLines(log.text()).find((entry) => entry.msg === "request completed")!;
      assert.equal(line.remoteAddress, "203.0.113.7");
      assert.equal(line.proxyRequestId, "proxy-req-7");
    } finally {
      await t.close();
    }
  });

  test("debug: one line per device request, at debug", async () => {
    const { deviceLines } = await session("debug");
    const lines = jsonLines(deviceLines).filter((entry) => entry.msg === "request completed");
    assert.deepEqual(
      lines.map((entry) => `${entry.level} ${entry.method} ${entry.url} ${entry.statusCode}`),
      ["20 POST /v1/check 200", "20 POST /v1/licenses/actions/validate-key 200"],
    );
  });

  test("pretty: a readable line with a local time instead of JSON", async () => {
    const { adminLines } = await session("info", true);
    const lines = adminLines.split("\n").filter((line) => line !== "");
    assert.equal(lines.length, 1, adminLines);
    assert.throws(() => JSON.parse(lines[0]!));
    assert.match(
      lines[0]!,
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO: GET \/v1\/organization 200 [\d.]+ ms \{"reqId":"req_[0-9a-f]{32}"\}$/,
    );
  });
});
