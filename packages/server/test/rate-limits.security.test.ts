// Rate limits (issue 17.9): per source address and per license key on the client routes, per
// token on the bearer routes; 429 RATE_LIMITED with Retry-After in the standard error body, and
// nothing written. Real app, real database, requests from chosen source addresses.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { sql } from "kysely";
import { prometheusMetrics } from "../src/prometheus-metrics.js";
import { createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import { api, type TestApp, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { device, trackableLicense } from "./trackable-fixtures.js";

const LIMITS = { windowSeconds: 60, perAddress: 5, perKey: 3, perToken: 30 };

interface Sent {
  status: number;
  headers: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: checked field by field
  body: any;
}

async function send(
  t: TestApp,
  from: string,
  url: string,
  options: { body?: unknown; authorization?: string; method?: "GET" | "POST" } = {},
): Promise<Sent> {
  const response = await t.app.inject({
    method: options.method ?? "POST",
    url,
    remoteAddress: from,
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...(options.authorization ? { authorization: options.authorization } : {}),
    },
    ...(options.body === undefined ? {} : { payload: JSON.stringify(options.body) }),
  });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
}

const validateKey = (t: TestApp, from: string, key: string) =>
  send(t, from, "/v1/licenses/actions/validate-key", { body: { key } });

function assertLimited(response: Sent, limit: RegExp): void {
  assert.equal(response.status, 429, JSON.stringify(response.body));
  assert.equal(response.body.error.code, "RATE_LIMITED");
  assert.match(response.body.error.message, limit);
  assert.equal(typeof response.body.error.requestId, "string");
  const retryAfter = Number(response.headers["retry-after"]);
  assert.ok(
    Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= LIMITS.windowSeconds,
    `Retry-After ${response.headers["retry-after"]}`,
  );
}

async function eventCount(t: TestApp): Promise<number> {
  await t.services.flush();
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from events`.execute(
    t.store.db,
  );
  return Number(rows[0]!.n);
}

forEachDatabase("rate limits", (db) => {
  const metrics = prometheusMetrics({ defaultMetrics: false });
  const t = useTestApp(db, {
    rateLimits: LIMITS,
    metrics: { metrics, token: null, onMainPort: false },
  });
  const keys: string[] = [];

  before(async () => {
    const call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const policy = await createPolicy(call, productId);
    for (let i = 0; i < 4; i++) keys.push((await createLicense(call, policy)).key);
  });

  test("an address over its limit gets 429 with Retry-After; nothing is written", async () => {
    for (let i = 0; i < LIMITS.perAddress; i++) {
      const response = await validateKey(t(), "192.0.2.1", `wrong-key-${i}`);
      assert.equal(response.status, 200);
      assert.equal(response.body.code, "NOT_FOUND");
    }
    const events = await eventCount(t());
    const refused = await validateKey(t(), "192.0.2.1", keys[0]!);
    assertLimited(refused, /from this address/);
    // Every client route shares the address's allowance, and the limit comes before parsing.
    assertLimited(await send(t(), "192.0.2.1", "/v1/check", { body: { key: keys[0] } }), /address/);
    assertLimited(
      await send(t(), "192.0.2.1", "/v1/machines", {
        body: { fingerprint: "f" },
        authorization: `License ${keys[0]}`,
      }),
      /address/,
    );
    assertLimited(
      await send(t(), "192.0.2.1", "/v1/offline/activate", { body: { any: "thing" } }),
      /address/,
    );
    assertLimited(
      await send(t(), "192.0.2.1", "/v1/trackable/authorize", { body: { deviceId: "d" } }),
      /address/,
    );
    assert.equal(await eventCount(t()), events, "a refused request wrote an event");
    const { text } = await metrics.render();
    assert.match(text, /^keyward_rate_limited_total\{limit="address"\} 5$/m);
    // Another address is not affected.
    const other = await validateKey(t(), "192.0.2.2", keys[0]!);
    assert.equal(other.status, 200);
    assert.equal(other.body.code, "VALID");
  });

  test("a wrong-key flood from one address does not lock out the license's users", async () => {
    let refused: Sent | undefined;
    for (let i = 0; i < 50 && !refused; i++) {
      const response = await validateKey(t(), "198.51.100.7", `${keys[1]}x`);
      if (response.status === 429) refused = response;
    }
    assert.ok(refused, "the flood was never limited");
    // The wrong key's own bucket (its 4th request), then the address's (its 6th).
    assertLimited(refused, /with this key/);
    assert.equal((await validateKey(t(), "198.51.100.7", `${keys[1]}y`)).status, 200);
    assertLimited(await validateKey(t(), "198.51.100.7", `${keys[1]}z`), /address/);
    for (const from of ["198.51.100.8", "198.51.100.9"]) {
      const response = await validateKey(t(), from, keys[1]!);
      assert.equal(response.status, 200);
      assert.equal(response.body.code, "VALID");
    }
  });

  test("one key is limited across addresses, in the body and as License <key>", async () => {
    const key = keys[2]!;
    assert.equal((await validateKey(t(), "203.0.113.1", key)).status, 200);
    assert.equal((await send(t(), "203.0.113.2", "/v1/check", { body: { key } })).status, 200);
    const activation = await send(t(), "203.0.113.3", "/v1/machines", {
      body: { fingerprint: "device-1" },
      authorization: `License ${key}`,
    });
    assert.equal(activation.status, 201, JSON.stringify(activation.body));
    assertLimited(await validateKey(t(), "203.0.113.4", key), /with this key/);
    assertLimited(
      await send(t(), "203.0.113.5", "/v1/machines", {
        body: { fingerprint: "device-2" },
        authorization: `License ${key}`,
      }),
      /with this key/,
    );
    // Another key from the same addresses still passes.
    assert.equal((await validateKey(t(), "203.0.113.4", keys[3]!)).status, 200);
  });

  test("wrong session passwords for a handshake code do not lock out its devices", async () => {
    const { code, productId } = await trackableLicense(t(), {
      code: { sessionPassword: "correct horse battery" },
    });
    const authorize = (from: string, sessionPassword?: string) =>
      send(t(), from, "/v1/trackable/authorize", {
        body: { handshakeCode: code.code, sessionPassword, deviceId: device(), productId },
      });
    const served = async (from: string) => {
      const answer = await authorize(from, "correct horse battery");
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.valid, true);
    };
    // The code ships in the app; the password is the secret. One address (under its own
    // limit) sends the right code with a wrong password past the key limit...
    for (let i = 0; i < LIMITS.perKey; i++) {
      assert.equal((await authorize("192.0.2.70", "wrong password")).status, 401);
    }
    assertLimited(await authorize("192.0.2.70", "wrong password"), /with this key/);
    // ...and the code's devices elsewhere are still served.
    await served("198.51.100.70");
    // Without a password too: its bucket is not the devices' either.
    for (let i = 0; i < LIMITS.perKey; i++) {
      assert.equal((await authorize("192.0.2.71")).status, 401);
    }
    assertLimited(await authorize("192.0.2.71"), /with this key/);
    assert.equal((await authorize("192.0.2.72", "another wrong password")).status, 401);
    await served("198.51.100.71");
    await served("198.51.100.72");
    // The right (code, password) is one credential: held to its limit across addresses.
    assertLimited(await authorize("198.51.100.73", "correct horse battery"), /with this key/);
  });

  test("a handshake code without a session password is the whole credential: one bucket", async () => {
    const { code, productId } = await trackableLicense(t());
    const authorize = (from: string) =>
      send(t(), from, "/v1/trackable/authorize", {
        body: { handshakeCode: code.code, deviceId: device(), productId },
      });
    for (const from of ["203.0.113.70", "203.0.113.71", "203.0.113.72"]) {
      const answer = await authorize(from);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
    }
    assertLimited(await authorize("203.0.113.73"), /with this key/);
  });

  test("a bearer token over its limit gets 429; another token from the same address does not", async () => {
    const issue = async () =>
      (await t().services.tokens.issue(t().organizationId, { kind: "admin", name: "limited" }))
        .plaintext;
    const first = await issue();
    const second = await issue();
    const list = (token: string) =>
      send(t(), "192.0.2.50", "/v1/products", {
        method: "GET",
        authorization: `Bearer ${token}`,
      });
    for (let i = 0; i < LIMITS.perToken; i++) assert.equal((await list(first)).status, 200);
    assertLimited(await list(first), /with this token/);
    assert.equal((await list(second)).status, 200);
  });

  test("made-up bearer tokens are bounded by their address", async () => {
    const bound = LIMITS.perToken * 4;
    let refusedAt = -1;
    for (let i = 0; i <= bound && refusedAt < 0; i++) {
      const response = await send(t(), "192.0.2.99", "/v1/products", {
        method: "GET",
        authorization: `Bearer kw_admin_${"x".repeat(30)}${String(i).padStart(4, "0")}`,
      });
      if (response.status === 429) refusedAt = i;
      else assert.equal(response.status, 401);
    }
    assert.equal(refusedAt, bound);
  });
});
