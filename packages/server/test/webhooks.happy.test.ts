// Webhooks against a real receiver on 127.0.0.1, on both databases: every event type arrives
// signed and verifies with the `standardwebhooks` package; retries keep the webhook-id; the
// outbox follows its event's transaction; endpoints that keep failing are disabled.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { Webhook } from "standardwebhooks";
import { prometheusMetrics } from "../src/prometheus-metrics.js";
import { EVENT_TYPES, recordEvents } from "../src/services/events.js";
import { createServices } from "../src/services/index.js";
import type { DeliveryResult } from "../src/services/webhooks/index.js";
import { createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import { type Api, api, errorCode, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import { tableRows } from "./support/tables.js";
import { type Received, startReceiver } from "./support/webhook-receiver.js";

const MINUTE = 60_000;
const DAY_MS = 86_400_000;

/**
 * Verifies a received request with the reference verifier, as a receiver living at `now` would
 * (the verifier checks webhook-timestamp against Date.now(), within 5 minutes; tests that move
 * the server's clock days ahead pass that clock). Answers the parsed body.
 */
function verified(
  secret: string,
  message: Received,
  now: number = Date.now(),
): { type: string; data: { id: string } & Record<string, unknown> } {
  const headers: Record<string, string> = {};
  for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
    headers[name] = String(message.headers[name]);
  }
  const realNow = Date.now;
  Date.now = () => now;
  try {
    return new Webhook(secret).verify(message.body, headers) as {
      type: string;
      data: { id: string } & Record<string, unknown>;
    };
  } finally {
    Date.now = realNow;
  }
}

async function createEndpoint(
  call: Api,
  body: Record<string, unknown>,
): Promise<{ id: string; secret: string }> {
  const response = await call("POST", "/v1/webhook-endpoints", body);
  assert.equal(response.status, 201, response.text);
  assert.match(response.body.data.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  return response.body.data;
}

forEachDatabase("webhooks", (db) => {
  const clock = manualClock();
  const t = useTestApp(db, {
    clock,
    webhooks: { allowPrivate: true, timeoutMs: 2_000, batchSize: 50 },
  });

  // Each test starts at the present (the signatures' timestamps must verify) with no endpoints.
  beforeEach(async () => {
    clock.set(new Date());
    await t().store.db.deleteFrom("webhook_deliveries").execute();
    await t().store.db.deleteFrom("webhook_endpoints").execute();
  });

  /** Runs the worker until nothing is due now. */
  async function drain(): Promise<number> {
    let attempts = 0;
    for (;;) {
      const results = await t().services.webhooks.deliverDue();
      if (results.length === 0) return attempts;
      attempts += results.length;
    }
  }

  test("license events carry the license's state after the change; a deleted one as it was", async () => {
    const receiver = await startReceiver();
    const asA = api(t().app, t().adminToken);
    const endpoint = await createEndpoint(asA, { url: receiver.url });
    const license = await createLicense(asA, await createPolicy(asA, await createProduct(asA)));
    const suspended = await asA("POST", `/v1/licenses/${license.id}/actions/suspend`);
    assert.equal(suspended.status, 200, suspended.text);
    const renamed = await asA("PATCH", `/v1/licenses/${license.id}`, { name: "Renamed" });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal((await asA("DELETE", `/v1/licenses/${license.id}`)).status, 204);
    // The changes came within the clock's one instant: each is stamped 1 ms after the last.
    clock.advance(1000);
    await drain();
    const carried = new Map(
      receiver.received
        .map((message) => verified(endpoint.secret, message))
        .map((body) => [body.type, body.data.license]),
    );
    assert.deepEqual(carried.get("license.created"), license);
    assert.deepEqual(carried.get("license.suspended"), suspended.body.data);
    assert.deepEqual(carried.get("license.updated"), renamed.body.data);
    // The deleted license as it was when deleted: the receiver need not have kept it.
    assert.deepEqual(carried.get("license.deleted"), renamed.body.data);
  });

  test("user events carry the user as the API shows it (no password hash); a no-op records none", async () => {
    const receiver = await startReceiver();
    const asA = api(t().app, t().adminToken);
    const endpoint = await createEndpoint(asA, { url: receiver.url });
    const created = await asA("POST", "/v1/users", {
      email: "ada@example.com",
      password: "correct horse battery",
      metadata: { crm: "c-1" },
    });
    assert.equal(created.status, 201, created.text);
    const id = created.body.data.id;
    const updated = await asA("PATCH", `/v1/users/${id}`, { name: "Ada" });
    assert.equal(updated.status, 200, updated.text);
    // The same values again: no event, no webhook.
    assert.equal((await asA("PATCH", `/v1/users/${id}`, { name: "Ada" })).status, 200);
    assert.equal((await asA("DELETE", `/v1/users/${id}`)).status, 204);
    await drain();
    const bodies = receiver.received.map((message) => verified(endpoint.secret, message));
    assert.deepEqual(
      bodies.map((body) => [body.type, body.data.data, body.data.user]),
      [
        ["user.created", { userId: id }, created.body.data],
        ["user.updated", { userId: id }, updated.body.data],
        ["user.deleted", { userId: id }, updated.body.data],
      ],
    );
    assert.ok(!receiver.received.some((message) => message.body.includes("scrypt")));
  });

  test("deliveries to one receiver reuse a kept-alive connection; closing the pools ends it", async () => {
    const receiver = await startReceiver();
    const asA = api(t().app, t().adminToken);
    await createEndpoint(asA, { url: receiver.url, eventTypes: ["license.created"] });
    const policy = await createPolicy(asA, await createProduct(asA));
    // One delivery per pass, one pass after another: each could have opened a connection.
    for (let i = 1; i <= 3; i++) {
      await createLicense(asA, policy);
      assert.equal(await drain(), 1);
      assert.equal(receiver.received.length, i);
    }
    assert.equal(receiver.connections, 1);
    // The worker closes them when it stops; a later attempt connects (and checks) again.
    t().services.webhooks.closeConnections();
    await createLicense(asA, policy);
    assert.equal(await drain(), 1);
    assert.equal(receiver.received.length, 4);
    assert.equal(receiver.connections, 2);
  });

  test("every event type arrives once, signed, and verifies with standardwebhooks", async () => {
    const receiver = await startReceiver();
    const asA = api(t().app, t().adminToken);
    const endpoint = await createEndpoint(asA, { url: receiver.url, description: "all" });
    // Only license.created: the filter holds.
    const filtered = await startReceiver();
    const narrow = await createEndpoint(asA, {
      url: filtered.url,
      eventTypes: ["license.created"],
    });

    // Through the API: a state change (its transaction) and a validation (its first: a change
    // of code, recorded through recordEvents).
    const policy = await createPolicy(asA, await createProduct(asA));
    const license = await createLicense(asA, policy);
    const check = await api(t().app, null)("POST", "/v1/licenses/actions/validate-key", {
      key: license.key,
    });
    assert.equal(check.status, 200, check.text);
    await t().services.flush();
    // Every other type through recordEvents, the one way events are written.
    await t()
      .store.db.transaction()
      .execute(async (trx) => {
        for (const type of EVENT_TYPES) {
          await recordEvents(trx, clock(), {
            organizationId: t().organizationId,
            type,
            licenseId: license.id,
            data: { marker: type },
          });
        }
      });

    await drain();
    const bodies = receiver.received.map((message) => verified(endpoint.secret, message));
    const types = new Set(bodies.map((body) => body.type));
    for (const type of EVENT_TYPES) assert.ok(types.has(type), `${type} arrived`);
    assert.ok(types.has("license.validation.succeeded"), "the validation's change arrived");
    // One webhook-id per delivery, each sent once.
    const ids = receiver.received.map((message) => message.headers["webhook-id"]);
    assert.equal(new Set(ids).size, ids.length);
    // The body is the event as GET /v1/events lists it, with the license as the API showed
    // it then (the create's answer: the validation after it changed the license).
    const events = await asA("GET", "/v1/events", undefined, { query: { limit: "100" } });
    const created = events.body.data.find(
      (event: { type: string; licenseId: string }) =>
        event.type === "license.created" && event.licenseId === license.id,
    );
    const body = bodies.find((item) => item.data.id === created.id);
    assert.deepEqual(body, {
      type: "license.created",
      timestamp: created.createdAt,
      data: { ...created, organizationId: t().organizationId, license },
    });
    // Other events carry no license (a machine's, an organization's).
    const culled = bodies.find((item) => item.type === "machine.culled") as { data: object };
    assert.ok(culled && !("license" in culled.data), JSON.stringify(culled));

    assert.ok(filtered.received.length >= 1);
    for (const message of filtered.received) {
      assert.equal(verified(narrow.secret, message).type, "license.created");
    }
    // A wrong secret does not verify.
    assert.throws(() => verified(narrow.secret, receiver.received[0]!));

    const log = await asA("GET", `/v1/webhook-endpoints/${endpoint.id}/deliveries`, undefined, {
      query: { limit: "100", status: "succeeded" },
    });
    assert.equal(log.status, 200, log.text);
    assert.ok(log.body.data.length >= EVENT_TYPES.length);
    const entry = log.body.data[0];
    assert.equal(entry.attempts, 1);
    assert.equal(entry.lastStatusCode, 200);
    assert.equal(entry.lastResponse, "ok");
    assert.equal(entry.nextAttemptAt, null);
    assert.equal(typeof entry.lastLatencyMs, "number");
    for (const id of [endpoint.id, narrow.id]) {
      assert.equal((await asA("DELETE", `/v1/webhook-endpoints/${id}`)).status, 204);
    }
  });

  test("a receiver failing three times then answering 200 gets the same webhook-id four times", async () => {
    const receiver = await startReceiver();
    receiver.answers.push(500, 503, (response) =>
      response.writeHead(302, { location: "/x" }).end(),
    );
    const asA = api(t().app, t().adminToken);
    const endpoint = await createEndpoint(asA, {
      url: receiver.url,
      eventTypes: ["license.created"],
    });
    const policy = await createPolicy(asA, await createProduct(asA));
    await createLicense(asA, policy);

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      assert.equal(await drain(), 1, `attempt ${attempt} made`);
      assert.equal(await drain(), 0, "nothing due before the backoff passes");
      const [delivery] = (await asA("GET", `/v1/webhook-endpoints/${endpoint.id}/deliveries`)).body
        .data;
      assert.equal(delivery.attempts, attempt);
      if (attempt < 4) {
        assert.equal(delivery.status, "pending");
        const wait = Date.parse(delivery.nextAttemptAt) - clock().getTime();
        delays.push(wait);
        clock.advance(wait);
      } else {
        assert.equal(delivery.status, "succeeded");
        assert.equal(delivery.lastStatusCode, 200);
      }
    }
    // Exponential: 30 s, 60 s, 120 s, each ±20%.
    for (const [index, delay] of delays.entries()) {
      const base = 30_000 * 2 ** index;
      assert.ok(delay >= base * 0.8 && delay <= base * 1.2, `delay ${index}: ${delay}`);
    }
    assert.equal(receiver.received.length, 4);
    const ids = new Set(receiver.received.map((message) => message.headers["webhook-id"]));
    assert.equal(ids.size, 1);
    assert.match([...ids][0] as string, /^msg_[0-9a-z]{26}$/);
    for (const message of receiver.received) verified(endpoint.secret, message);
    // The endpoint is healthy again after the success.
    const after = await asA("GET", `/v1/webhook-endpoints/${endpoint.id}`);
    assert.equal(after.body.data.failingSince, null);
    await asA("DELETE", `/v1/webhook-endpoints/${endpoint.id}`);
  });

  test("retries stop after the window; an endpoint failing for days is disabled with an event", async () => {
    const receiver = await startReceiver();
    receiver.fallback = 500;
    const asA = api(t().app, t().adminToken);
    const endpoint = await createEndpoint(asA, {
      url: receiver.url,
      eventTypes: ["license.created"],
    });
    const watcher = await startReceiver();
    const watching = await createEndpoint(asA, {
      url: watcher.url,
      eventTypes: ["webhook.endpoint.disabled"],
    });
    const policy = await createPolicy(asA, await createProduct(asA));
    await createLicense(asA, policy);
    const start = clock().getTime();
    let attempts = 0;
    // Follow the schedule: about three days of attempts, then the delivery fails for good.
    for (let step = 0; step < 100; step++) {
      attempts += await drain();
      const [delivery] = (await asA("GET", `/v1/webhook-endpoints/${endpoint.id}/deliveries`)).body
        .data;
      if (delivery.status !== "pending") {
        assert.equal(delivery.status, "failed");
        break;
      }
      clock.set(new Date(delivery.nextAttemptAt));
    }
    const elapsed = clock().getTime() - start;
    assert.ok(
      elapsed > 2 * DAY_MS && elapsed <= 3 * DAY_MS,
      `retried for ${elapsed / DAY_MS} days`,
    );
    assert.ok(attempts >= 10 && attempts <= 25, `${attempts} attempts`);
    assert.equal(receiver.received.length, attempts);
    assert.equal(
      (await asA("GET", `/v1/webhook-endpoints/${endpoint.id}`)).body.data.enabled,
      true,
    );

    // More failures: past 5 days the endpoint is disabled, once, with an event.
    clock.set(new Date(start + 5 * DAY_MS + MINUTE));
    await createLicense(asA, policy);
    await drain();
    const disabled = (await asA("GET", `/v1/webhook-endpoints/${endpoint.id}`)).body.data;
    assert.equal(disabled.enabled, false);
    assert.match(disabled.disabledReason, /every attempt failed since/);
    const events = await asA("GET", "/v1/events", undefined, {
      query: { type: "webhook.endpoint.disabled" },
    });
    const mine = events.body.data.filter(
      (event: { data: { endpointId?: string } }) => event.data.endpointId === endpoint.id,
    );
    assert.equal(mine.length, 1, "recorded once");
    await drain();
    assert.equal(watcher.received.length, 1);
    const notice = verified(watching.secret, watcher.received[0]!, clock().getTime());
    assert.equal(notice.type, "webhook.endpoint.disabled");

    // A disabled endpoint gets no new deliveries, and redelivery asks for it to be enabled.
    const sent = receiver.received.length;
    await createLicense(asA, policy);
    await drain();
    assert.equal(receiver.received.length, sent);
    const [last] = (await asA("GET", `/v1/webhook-endpoints/${endpoint.id}/deliveries`)).body.data;
    const refused = await asA("POST", `/v1/webhook-deliveries/${last.id}/actions/redeliver`);
    assert.equal(refused.status, 409, refused.text);
    assert.equal(errorCode(refused), "WEBHOOK_ENDPOINT_DISABLED");

    // Enabled again and answering: manual redelivery sends the same webhook-id.
    receiver.fallback = 204;
    const enabled = await asA("PATCH", `/v1/webhook-endpoints/${endpoint.id}`, { enabled: true });
    assert.equal(enabled.status, 200, enabled.text);
    assert.equal(enabled.body.data.failingSince, null);
    const redelivered = await asA("POST", `/v1/webhook-deliveries/${last.id}/actions/redeliver`);
    assert.equal(redelivered.status, 200, redelivered.text);
    assert.equal(redelivered.body.data.status, "pending");
    await drain();
    const final = receiver.received.at(-1)!;
    assert.equal(final.headers["webhook-id"], last.id);
    verified(endpoint.secret, final, clock().getTime());
    const got = await asA("GET", `/v1/webhook-deliveries/${last.id}`);
    assert.equal(got.body.data.status, "succeeded");
    assert.equal(got.body.data.lastStatusCode, 204);
    for (const id of [endpoint.id, watching.id]) await asA("DELETE", `/v1/webhook-endpoints/${id}`);
  });

  test("a rolled-back change writes no delivery; a committed one always has its delivery", async () => {
    const receiver = await startReceiver();
    const asA = api(t().app, t().adminToken);
    const endpoint = await createEndpoint(asA, { url: receiver.url });
    const count = async () =>
      (
        await t()
          .store.db.selectFrom("webhook_deliveries")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("endpoint_id", "=", endpoint.id)
          .executeTakeFirstOrThrow()
      ).n;
    const before = Number(await count());
    await assert.rejects(
      t()
        .store.db.transaction()
        .execute(async (trx) => {
          await recordEvents(trx, clock(), {
            organizationId: t().organizationId,
            type: "license.updated",
          });
          throw new Error("the change fails after its event");
        }),
      /the change fails/,
    );
    assert.equal(Number(await count()), before);
    await t()
      .store.db.transaction()
      .execute((trx) =>
        recordEvents(trx, clock(), { organizationId: t().organizationId, type: "license.updated" }),
      );
    assert.equal(Number(await count()), before + 1);
    await drain();
    await asA("DELETE", `/v1/webhook-endpoints/${endpoint.id}`);
  });

  test("timeouts and large answers are bounded; the secret rotates and is never listed", async () => {
    const receiver = await startReceiver();
    const asA = api(t().app, t().adminToken);
    // Holds the request without answering: the attempt ends at timeoutMs (2 s here).
    receiver.answers.push(() => {});
    // 1 MB answer: 64 KB read at most, 1 KB kept.
    receiver.answers.push((response) => response.writeHead(200).end("x".repeat(1 << 20)));
    const endpoint = await createEndpoint(asA, {
      url: receiver.url,
      eventTypes: ["license.created"],
    });
    const policy = await createPolicy(asA, await createProduct(asA));
    await createLicense(asA, policy);
    await drain();
    let [delivery] = (await asA("GET", `/v1/webhook-endpoints/${endpoint.id}/deliveries`)).body
      .data;
    assert.equal(delivery.status, "pending");
    assert.equal(delivery.lastStatusCode, null);
    assert.match(delivery.lastError, /no answer within 2000 ms/);
    clock.set(new Date(delivery.nextAttemptAt));
    await drain();
    [delivery] = (await asA("GET", `/v1/webhook-endpoints/${endpoint.id}/deliveries`)).body.data;
    assert.equal(delivery.status, "succeeded");
    assert.equal(delivery.lastResponse.length, 1024);

    const rotated = await asA("POST", `/v1/webhook-endpoints/${endpoint.id}/actions/rotate-secret`);
    assert.equal(rotated.status, 200, rotated.text);
    assert.notEqual(rotated.body.data.secret, endpoint.secret);
    const listed = await asA("GET", "/v1/webhook-endpoints");
    assert.ok(!listed.text.includes("whsec_"), "no secret in the list");
    assert.ok(!JSON.stringify(await tableRows(t())).includes(rotated.body.data.secret));
    await createLicense(asA, policy);
    await drain();
    const last = receiver.received.at(-1)!;
    verified(rotated.body.data.secret, last);
    assert.throws(() => verified(endpoint.secret, last), "the old secret signs nothing more");
    // Create with an Idempotency-Key is refused: its answer holds the secret.
    const keyed = await asA(
      "POST",
      "/v1/webhook-endpoints",
      { url: receiver.url },
      { headers: { "idempotency-key": "k1" } },
    );
    assert.equal(keyed.status, 400, keyed.text);
    assert.equal(errorCode(keyed), "IDEMPOTENCY_KEY_NOT_SUPPORTED");
    await asA("DELETE", `/v1/webhook-endpoints/${endpoint.id}`);
  });

  test("bad input gets a 4xx and changes nothing", async () => {
    const asA = api(t().app, t().adminToken);
    const receiver = await startReceiver();
    const endpoint = await createEndpoint(asA, { url: receiver.url });
    const before = await tableRows(t());
    const cases: Array<[string, string, unknown, number, string]> = [
      ["POST", "/v1/webhook-endpoints", {}, 400, "VALIDATION_FAILED"],
      ["POST", "/v1/webhook-endpoints", { url: 42 }, 400, "VALIDATION_FAILED"],
      ["POST", "/v1/webhook-endpoints", { url: "x".repeat(3000) }, 400, "VALIDATION_FAILED"],
      [
        "POST",
        "/v1/webhook-endpoints",
        { url: receiver.url, eventTypes: ["nope"] },
        400,
        "VALIDATION_FAILED",
      ],
      ["POST", "/v1/webhook-endpoints", { url: receiver.url, extra: 1 }, 400, "VALIDATION_FAILED"],
      ["POST", "/v1/webhook-endpoints", { url: "not a url" }, 400, "WEBHOOK_URL_NOT_ALLOWED"],
      [
        "POST",
        "/v1/webhook-endpoints",
        { url: "ftp://127.0.0.1/x" },
        400,
        "WEBHOOK_URL_NOT_ALLOWED",
      ],
      [
        "POST",
        "/v1/webhook-endpoints",
        { url: "http://u:p@127.0.0.1/x" },
        400,
        "WEBHOOK_URL_NOT_ALLOWED",
      ],
      [
        "PATCH",
        `/v1/webhook-endpoints/${endpoint.id}`,
        { enabled: "yes" },
        400,
        "VALIDATION_FAILED",
      ],
      [
        "PATCH",
        `/v1/webhook-endpoints/${endpoint.id}`,
        { url: "gopher://x" },
        400,
        "WEBHOOK_URL_NOT_ALLOWED",
      ],
      ["GET", "/v1/webhook-endpoints/whep_nope", undefined, 404, "WEBHOOK_ENDPOINT_NOT_FOUND"],
      [
        "GET",
        `/v1/webhook-endpoints/${endpoint.id}/deliveries?status=odd`,
        undefined,
        400,
        "VALIDATION_FAILED",
      ],
      [
        "POST",
        "/v1/webhook-deliveries/msg_nope/actions/redeliver",
        undefined,
        404,
        "WEBHOOK_DELIVERY_NOT_FOUND",
      ],
    ];
    for (const [method, path, body, status, code] of cases) {
      const response = await asA(method as "POST", path, body);
      assert.equal(response.status, status, `${method} ${path}: ${response.text}`);
      assert.equal(errorCode(response), code, `${method} ${path}`);
    }
    // Not for product tokens.
    const productId = await createProduct(asA, "for a token");
    const token = await asA("POST", "/v1/tokens", { kind: "product", productId });
    const asProduct = api(t().app, token.body.data.token);
    const forbidden = await asProduct("GET", "/v1/webhook-endpoints");
    assert.equal(forbidden.status, 403, forbidden.text);
    await asA("DELETE", `/v1/tokens/${token.body.data.id}`);
    await asA("DELETE", `/v1/products/${productId}`);
    const after = await tableRows(t());
    // The product and token made above for the 403 come and go; the rest is untouched.
    const comeAndGo = ["products", "tokens", "events", "audit_entries"];
    for (const table of Object.keys(before)) {
      if (comeAndGo.includes(table)) continue;
      assert.deepEqual(after[table], before[table], table);
    }
    // The audit log has those four changes, and none of the refused requests.
    const added = after.audit_entries!.filter((row) => !before.audit_entries!.includes(row));
    assert.deepEqual(added.map((row) => JSON.parse(row).action).sort(), [
      "product.created",
      "product.deleted",
      "token.created",
      "token.revoked",
    ]);
    await asA("DELETE", `/v1/webhook-endpoints/${endpoint.id}`);
  });

  test("the metrics hook sees every attempt; a secret sealed under another KEYWARD_SECRET fails clearly", async () => {
    const receiver = await startReceiver();
    const asA = api(t().app, t().adminToken);
    await createEndpoint(asA, { url: receiver.url, eventTypes: ["license.created"] });
    const seen: DeliveryResult[] = [];
    const metrics = prometheusMetrics({ defaultMetrics: false });
    const bundle = (secret: string) =>
      createServices({
        store: t().store,
        secret,
        clock,
        webhooks: { allowPrivate: true },
        onWebhookDelivery: (result) => seen.push(result),
        metrics,
      });
    await createLicense(asA, await createPolicy(asA, await createProduct(asA)));
    const [refused] = await bundle("another-secret-".repeat(3)).webhooks.deliverDue();
    assert.equal(refused?.ok, false);
    assert.match(refused?.error ?? "", /cannot be unsealed/);
    assert.equal(refused.status, "pending");
    assert.equal(receiver.received.length, 0);
    assert.deepEqual(seen, [refused]);
    clock.advance(MINUTE);
    const [sent] = await bundle(t().secret).webhooks.deliverDue();
    assert.equal(sent?.ok, true);
    assert.equal(sent.statusCode, 200);
    assert.equal(sent.attempt, 2);
    assert.deepEqual(seen, [refused, sent]);
    assert.equal(receiver.received.length, 1);
    // And in /metrics: one attempt to be retried, one delivered.
    const { text } = await metrics.render();
    assert.match(text, /^keyward_webhook_deliveries_total\{outcome="retrying"\} 1$/m);
    assert.match(text, /^keyward_webhook_deliveries_total\{outcome="delivered"\} 1$/m);
  });
});
