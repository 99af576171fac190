import assert from "node:assert/strict";
import { test } from "node:test";
import { unseal } from "../src/secrets.js";
import { idempotencyKeysRepository } from "../src/store/idempotency-keys.js";
import { createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import {
  type ApiResponse,
  api,
  createOrganization,
  errorCode,
  manualClock,
  useTestApp,
} from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

type Table = "products" | "users" | "handshake_codes" | "tokens" | "idempotency_keys";

const clock = manualClock(new Date("2026-03-01T10:00:00.000Z"));

forEachDatabase("Idempotency-Key on creating POSTs", (db) => {
  const t = useTestApp(db, { clock });
  let keyCounter = 0;
  const newKey = () => `key-${Date.now()}-${keyCounter++}`;

  async function count(table: Table, organizationId = t().organizationId): Promise<number> {
    const row = await t()
      .store.db.selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as("count"))
      .where("organization_id", "=", organizationId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  function post(path: string, body: unknown, key: string, token = t().adminToken) {
    return api(t().app, token)("POST", path, body, { headers: { "idempotency-key": key } });
  }

  function assertReplay(replay: ApiResponse, original: ApiResponse) {
    assert.equal(replay.status, original.status);
    assert.equal(replay.text, original.text);
    assert.deepEqual(replay.body, original.body);
    assert.equal(replay.headers["idempotent-replayed"], "true");
    assert.match(String(replay.headers["content-type"]), /^application\/json/);
    assert.equal(original.headers["idempotent-replayed"], undefined);
  }

  for (const [path, table, body] of [
    ["/v1/products", "products", { name: "Idempotent product", platforms: ["linux"] }],
    ["/v1/users", "users", { email: "idem@example.com", password: "idem-Password-1" }],
    ["/v1/handshake-codes", "handshake_codes", { name: "idem", sessionPassword: "idem-Session-1" }],
  ] as const) {
    test(`POST ${path}: a repeat replays the stored response and creates nothing`, async () => {
      const key = newKey();
      const before = await count(table);
      const first = await post(path, body, key);
      assert.equal(first.status, 201, first.text);
      assert.equal(await count(table), before + 1);
      for (let i = 0; i < 3; i++) {
        clock.advance(1000);
        assertReplay(await post(path, body, key), first);
      }
      // Same body with keys in another order: the same request.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      assertReplay(await post(path, reordered, key), first);
      assert.equal(await count(table), before + 1, "the handler ran once");
      // The stored response is the response, sealed (secrets.security covers what it hides).
      const stored = await t()
        .store.db.selectFrom("idempotency_keys")
        .selectAll()
        .where("organization_id", "=", t().organizationId)
        .where("key", "=", key)
        .executeTakeFirstOrThrow();
      assert.equal(stored.status, 201);
      const opened = Buffer.from(unseal(t().secret, stored.response_body ?? "")).toString("utf8");
      assert.equal(opened, first.text);
    });
  }

  test("the same key with another body or path answers 422 and runs nothing", async () => {
    const key = newKey();
    const first = await post("/v1/products", { name: "Original" }, key);
    assert.equal(first.status, 201);
    const products = await count("products");
    const users = await count("users");
    for (const [path, body] of [
      ["/v1/products", { name: "Different" }],
      ["/v1/products", { name: "Original", code: "x" }],
      ["/v1/users", { email: "other@example.com" }],
    ] as const) {
      const response = await post(path, body, key);
      assert.equal(response.status, 422, `${path}: ${response.text}`);
      assert.equal(errorCode(response), "IDEMPOTENCY_KEY_REUSED");
    }
    // A query the route does not take is refused before the key is looked at.
    const queried = await post("/v1/products?x=1", { name: "Original" }, key);
    assert.equal(queried.status, 400, queried.text);
    assert.equal(errorCode(queried), "VALIDATION_FAILED");
    assert.equal(await count("products"), products);
    assert.equal(await count("users"), users);
    // The original is still replayed.
    assertReplay(await post("/v1/products", { name: "Original" }, key), first);
  });

  test("concurrent duplicates: exactly one runs, the others replay or get 409", async () => {
    for (const [path, table, body] of [
      ["/v1/products", "products", { name: "Concurrent" }],
      ["/v1/users", "users", { email: "concurrent@example.com", password: "conc-Password-1" }],
      ["/v1/handshake-codes", "handshake_codes", { isDefault: true }],
    ] as const) {
      const key = newKey();
      const before = await count(table);
      const responses = await Promise.all(Array.from({ length: 10 }, () => post(path, body, key)));
      assert.equal(await count(table), before + 1, `${path}: one row created`);
      const created = responses.filter((r) => r.status === 201);
      const inProgress = responses.filter((r) => r.status === 409);
      assert.equal(created.length + inProgress.length, 10, responses.map((r) => r.text).join("\n"));
      assert.ok(created.length >= 1);
      assert.equal(created.filter((r) => r.headers["idempotent-replayed"] === undefined).length, 1);
      assert.equal(new Set(created.map((r) => r.body.data.id)).size, 1);
      for (const response of inProgress) {
        assert.equal(errorCode(response), "IDEMPOTENCY_KEY_IN_PROGRESS");
      }
      // Once settled, every retry replays.
      assertReplay(
        await post(path, body, key),
        created.find((r) => !r.headers["idempotent-replayed"])!,
      );
    }
  });

  test("4xx responses are stored and replayed; validation failures do not claim the key", async () => {
    const a = api(t().app, t().adminToken);
    const holder = await a("POST", "/v1/users", { email: "taken@example.com" });
    assert.equal(holder.status, 201);
    const key = newKey();
    const conflict = await post("/v1/users", { email: "taken@example.com" }, key);
    assert.equal(conflict.status, 409);
    assert.equal(errorCode(conflict), "EMAIL_TAKEN");
    // Even once the email is free, the key answers what it answered.
    assert.equal((await a("DELETE", `/v1/users/${holder.body.data.id}`)).status, 204);
    const users = await count("users");
    assertReplay(await post("/v1/users", { email: "taken@example.com" }, key), conflict);
    assert.equal(await count("users"), users);

    // A body that fails validation never reaches the handler nor the key store.
    const fresh = newKey();
    const invalid = await post("/v1/products", { name: "" }, fresh);
    assert.equal(invalid.status, 400);
    assert.equal(
      await t()
        .store.db.selectFrom("idempotency_keys")
        .select("key")
        .where("key", "=", fresh)
        .executeTakeFirst(),
      undefined,
    );
    const valid = await post("/v1/products", { name: "After a 400" }, fresh);
    assert.equal(valid.status, 201);
  });

  test("a 5xx is not stored: the key is released and a retry runs", async () => {
    const services = t().services;
    const original = services.products.create;
    services.products.create = async () => {
      throw new Error("database on fire");
    };
    const key = newKey();
    const before = await count("products");
    try {
      const failed = await post("/v1/products", { name: "Flaky" }, key);
      assert.equal(failed.status, 500);
    } finally {
      services.products.create = original;
    }
    const retried = await post("/v1/products", { name: "Flaky" }, key);
    assert.equal(retried.status, 201, retried.text);
    assert.equal(retried.headers["idempotent-replayed"], undefined);
    assert.equal(await count("products"), before + 1);
  });

  test("keys are per organization", async () => {
    const b = await createOrganization(t().services, "Idempotency B");
    const key = newKey();
    const inA = await post("/v1/products", { name: "Same key" }, key);
    const inB = await post("/v1/products", { name: "Same key" }, key, b.adminToken);
    assert.equal(inA.status, 201);
    assert.equal(inB.status, 201);
    assert.equal(inB.headers["idempotent-replayed"], undefined);
    assert.notEqual(inA.body.data.id, inB.body.data.id);
    assert.equal(await count("products", b.organizationId), 1);
    // And B's different body under the same key is not a reuse of A's.
    const other = await post("/v1/users", { email: "b@example.com" }, newKey(), b.adminToken);
    assert.equal(other.status, 201);
  });

  test("keys are per caller: another token or a license key never gets a stored answer", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), { maxMachines: 1 });
    const licenseKey = (await createLicense(call, policy)).key as string;
    const asLicense = (path: string, body: unknown, key: string) =>
      api(t().app, null)("POST", path, body, {
        headers: { "idempotency-key": key, authorization: `License ${licenseKey}` },
      });
    const other = await call("POST", "/v1/tokens", { kind: "admin", name: "Other admin" });
    assert.equal(other.status, 201, other.text);
    const before = await count("products");

    const key = newKey();
    const first = await post("/v1/products", { name: "Caller's own" }, key);
    assert.equal(first.status, 201, first.text);
    // The license key's holder may not create products: 403, not the admin's stored answer.
    const byLicense = await asLicense("/v1/products", { name: "Caller's own" }, key);
    assert.equal(byLicense.status, 403, byLicense.text);
    assert.equal(byLicense.headers["idempotent-replayed"], undefined);
    // Another admin token's request with the same key is its own request.
    const byOther = await post(
      "/v1/products",
      { name: "Caller's own" },
      key,
      other.body.data.token,
    );
    assert.equal(byOther.status, 201, byOther.text);
    assert.equal(byOther.headers["idempotent-replayed"], undefined);
    assert.notEqual(byOther.body.data.id, first.body.data.id);
    assert.equal(await count("products"), before + 2);

    // A key claimed first by a license key's refused request does not answer the admin's.
    const claimed = newKey();
    assert.equal((await asLicense("/v1/products", { name: "Claimed" }, claimed)).status, 403);
    const admin = await post("/v1/products", { name: "Claimed" }, claimed);
    assert.equal(admin.status, 201, admin.text);
    assert.equal(admin.headers["idempotent-replayed"], undefined);
    // Each caller still gets its own answer again.
    assertReplay(await post("/v1/products", { name: "Claimed" }, claimed), admin);
    const again = await asLicense("/v1/products", { name: "Claimed" }, claimed);
    assert.equal(again.status, 403);
    assert.equal(again.headers["idempotent-replayed"], "true");
  });

  test("a key expires after 24 hours; a stale in-progress key is taken over after 5 minutes", async () => {
    const key = newKey();
    const first = await post("/v1/products", { name: "Expiring" }, key);
    clock.advance(24 * 60 * 60 * 1000 - 1);
    assertReplay(await post("/v1/products", { name: "Expiring" }, key), first);
    clock.advance(1);
    const after = await post("/v1/products", { name: "Expiring" }, key);
    assert.equal(after.status, 201);
    assert.equal(after.headers["idempotent-replayed"], undefined);
    assert.notEqual(after.body.data.id, first.body.data.id);
    // After expiry, the key may even carry another request.
    clock.advance(24 * 60 * 60 * 1000);
    assert.equal((await post("/v1/products", { name: "Something else" }, key)).status, 201);

    // A request that died mid-way (its process crashed) left its row in progress.
    const stuck = newKey();
    assert.equal((await post("/v1/products", { name: "Stuck" }, stuck)).status, 201);
    await t()
      .store.db.updateTable("idempotency_keys")
      .set({ status: null, response_body: null })
      .where("organization_id", "=", t().organizationId)
      .where("key", "=", stuck)
      .execute();
    const busy = await post("/v1/products", { name: "Stuck" }, stuck);
    assert.equal(busy.status, 409);
    assert.equal(errorCode(busy), "IDEMPOTENCY_KEY_IN_PROGRESS");
    assert.equal(busy.headers["retry-after"], "1");
    clock.advance(5 * 60 * 1000);
    const taken = await post("/v1/products", { name: "Stuck" }, stuck);
    assert.equal(taken.status, 201, taken.text);
  });

  test("expired records are deleted oldest first, about a limit per run, ties included", async () => {
    const organizationId = (await createOrganization(t().services, "Cleanup")).organizationId;
    const row = (key: string, createdAt: string) => ({
      organization_id: organizationId,
      caller: "tok_cleanup",
      key,
      method: "POST",
      path: "/v1/products",
      request_hash: "0".repeat(64),
      status: 201,
      response_body: "{}",
      response_headers: "{}",
      created_at: createdAt,
    });
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
    await t()
      .store.db.insertInto("idempotency_keys")
      .values([row("a", at(1)), row("b", at(2)), row("c", at(2)), row("d", at(3)), row("e", at(9))])
      .execute();
    const keys = idempotencyKeysRepository(t().store.db);
    const left = async () => {
      const rows = await t()
        .store.db.selectFrom("idempotency_keys")
        .select("key")
        .where("organization_id", "=", organizationId)
        .orderBy("key")
        .execute();
      return rows.map((r) => r.key);
    };
    // The 2nd oldest is "b"; "c" shares its created_at and goes with it.
    assert.equal(await keys.deleteCreatedBefore(at(5), 2), 3);
    assert.deepEqual(await left(), ["d", "e"]);
    // Fewer than the limit are left before the cutoff: all of them go, the younger one stays.
    assert.equal(await keys.deleteCreatedBefore(at(5), 1000), 1);
    assert.deepEqual(await left(), ["e"]);
  });

  test("POST /v1/tokens refuses the header (its secret is never stored) and creates nothing", async () => {
    const before = await count("tokens");
    const keys = await count("idempotency_keys");
    const refused = await post("/v1/tokens", { kind: "admin", name: "idem" }, newKey());
    assert.equal(refused.status, 400);
    assert.equal(errorCode(refused), "IDEMPOTENCY_KEY_NOT_SUPPORTED");
    assert.equal(await count("tokens"), before);
    assert.equal(await count("idempotency_keys"), keys);
    const plain = await api(t().app, t().adminToken)("POST", "/v1/tokens", { kind: "admin" });
    assert.equal(plain.status, 201);
  });

  test("malformed keys answer 400; PATCH and DELETE ignore the header", async () => {
    const before = await count("products");
    for (const key of ["", " ", "x".repeat(256), "has space", "tab\there", "ünïcode"]) {
      const response = await api(t().app, t().adminToken)(
        "POST",
        "/v1/products",
        { name: "K" },
        {
          headers: { "idempotency-key": key },
        },
      );
      // Node's HTTP layer may reject some header bytes itself; either way, nothing is created.
      assert.equal(response.status, 400, `${JSON.stringify(key)}: ${response.text}`);
    }
    assert.equal(await count("products"), before);
    assert.equal((await post("/v1/products", { name: "Max key" }, "k".repeat(255))).status, 201);

    const a = api(t().app, t().adminToken);
    const product = await a("POST", "/v1/products", { name: "Patch me" });
    const keys = await count("idempotency_keys");
    const headers = { "idempotency-key": newKey() };
    const first = await a(
      "PATCH",
      `/v1/products/${product.body.data.id}`,
      { name: "One" },
      { headers },
    );
    const second = await a(
      "PATCH",
      `/v1/products/${product.body.data.id}`,
      { name: "Two" },
      { headers },
    );
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.equal(second.body.data.name, "Two");
    assert.equal(await count("idempotency_keys"), keys);
    // Unauthenticated requests never touch the key store.
    const anonymous = await api(t().app, null)("POST", "/v1/products", { name: "x" }, { headers });
    assert.equal(anonymous.status, 401);
    assert.equal(await count("idempotency_keys"), keys);
  });
});
