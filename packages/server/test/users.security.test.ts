import assert from "node:assert/strict";
import { before, test } from "node:test";
import { api, createOrganization, errorCode, listAll, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const PASSWORD = "Unique-Pa55word-7f3a";

forEachDatabase("users: isolation, bad input, secrets", (db) => {
  const t = useTestApp(db);
  let b: { organizationId: string; adminToken: string };
  let aUser: { id: string } & Record<string, unknown>;

  async function snapshot() {
    return t().store.db.selectFrom("users").selectAll().orderBy("id").execute();
  }

  before(async () => {
    const created = await api(t().app, t().adminToken)("POST", "/v1/users", {
      email: "owner@a.test",
      username: "owner",
      password: PASSWORD,
    });
    assert.equal(created.status, 201, created.text);
    aUser = created.body.data;
    b = await createOrganization(t().services, "Organization B");
  });

  test("B gets 404 for A's user on every route, sees none in its list, and nothing changes", async () => {
    const asB = api(t().app, b.adminToken);
    const before = await snapshot();
    for (const [method, body] of [
      ["GET", undefined],
      ["PATCH", { name: "pwned" }],
      ["PATCH", { password: "pwned-password" }],
      ["PATCH", {}],
      ["DELETE", undefined],
    ] as const) {
      const response = await asB(method, `/v1/users/${aUser.id}`, body);
      assert.equal(response.status, 404, `${method}: ${response.text}`);
      assert.equal(errorCode(response), "USER_NOT_FOUND");
    }
    assert.deepEqual(await listAll(asB, "/v1/users"), []);
    // B may use A's email: namespaces are per organization, and that reveals nothing of A.
    assert.deepEqual(await snapshot(), before);
    const asA = api(t().app, t().adminToken);
    assert.deepEqual((await asA("GET", `/v1/users/${aUser.id}`)).body.data, aUser);
  });

  test("bad input answers 400 and writes nothing", async () => {
    const a = api(t().app, t().adminToken);
    const before = await snapshot();
    const bodies: unknown[] = [
      {},
      { email: "not-an-email" },
      { email: "" },
      { email: 42 },
      { email: `${"x".repeat(250)}@example.com` },
      { email: "ok@example.com", password: "short" },
      { email: "ok@example.com", password: 12345678 },
      { email: "ok@example.com", password: "x".repeat(1025) },
      { email: "ok@example.com", username: "has space" },
      { email: "ok@example.com", username: "" },
      { email: "ok@example.com", name: "" },
      { email: "ok@example.com", metadata: [] },
      { email: "ok@example.com", metadata: "x" },
      { email: "ok@example.com", passwordHash: "scrypt$1$1$1$x$y" },
      { email: "ok@example.com", id: "usr_01m84cp2y929bjrzt348fmrx3m" },
      { email: "ok@example.com", organizationId: b.organizationId },
      [],
      null,
    ];
    for (const body of bodies) {
      const response = await a("POST", "/v1/users", body);
      assert.equal(response.status, 400, `${JSON.stringify(body)}: ${response.text}`);
      assert.ok(["VALIDATION_FAILED", "INVALID_JSON"].includes(errorCode(response)));
    }
    for (const body of [
      { email: "bad" },
      { password: "short" },
      { unknown: 1 },
      { hasPassword: true },
    ]) {
      const response = await a("PATCH", `/v1/users/${aUser.id}`, body);
      assert.equal(response.status, 400, `${JSON.stringify(body)}: ${response.text}`);
    }
    const raw = await a("POST", "/v1/users", undefined, { raw: "{not json" });
    assert.equal(raw.status, 400);
    for (const query of ["?limit=0", "?limit=101", "?limit=x", "?other=1"]) {
      assert.equal((await a("GET", `/v1/users${query}`)).status, 400, query);
    }
    assert.deepEqual(await snapshot(), before);
  });

  test("unknown ids answer 404; no token 401; a product token 403", async () => {
    const a = api(t().app, t().adminToken);
    for (const id of [
      "usr_01m84cp2y929bjrzt348fmrx3m",
      "nope",
      "prod_01m84cp2y929bjrzt348fmrx3m",
    ]) {
      const response = await a("GET", `/v1/users/${id}`);
      assert.equal(response.status, 404);
      assert.equal(errorCode(response), "USER_NOT_FOUND");
    }
    const anonymous = api(t().app, null);
    assert.equal((await anonymous("GET", "/v1/users")).status, 401);
    assert.equal((await anonymous("POST", "/v1/users", { email: "x@y.test" })).status, 401);

    const product = await a("POST", "/v1/products", { name: "P" });
    const token = await a("POST", "/v1/tokens", {
      kind: "product",
      productId: product.body.data.id,
    });
    const asProduct = api(t().app, token.body.data.token);
    const before = await snapshot();
    for (const [method, url, body] of [
      ["GET", "/v1/users", undefined],
      ["POST", "/v1/users", { email: "p@p.test" }],
      ["GET", `/v1/users/${aUser.id}`, undefined],
      ["PATCH", `/v1/users/${aUser.id}`, { name: "x" }],
      ["DELETE", `/v1/users/${aUser.id}`, undefined],
    ] as const) {
      const response = await asProduct(method, url, body);
      assert.equal(response.status, 403, `${method} ${url}: ${response.text}`);
      assert.equal(errorCode(response), "FORBIDDEN");
    }
    assert.deepEqual(await snapshot(), before);
  });

  test("a product token cannot name a user as a license's licensee (users are admin-only)", async () => {
    const a = api(t().app, t().adminToken);
    const product = await a("POST", "/v1/products", { name: "Licensee" });
    const policy = await a("POST", "/v1/policies", {
      productId: product.body.data.id,
      name: "Signed",
      scheme: "ED25519_SIGN",
    });
    assert.equal(policy.status, 201, policy.text);
    const token = await a("POST", "/v1/tokens", {
      kind: "product",
      productId: product.body.data.id,
    });
    const asProduct = api(t().app, token.body.data.token);
    const licenses = () => t().store.db.selectFrom("licenses").selectAll().orderBy("id").execute();
    const before = await licenses();
    // A key template would put the user's email in the key the token gets back.
    const created = await asProduct("POST", "/v1/licenses", {
      policyId: policy.body.data.id,
      userId: aUser.id,
      key: "{{email}}|{{user}}",
    });
    assert.equal(created.status, 403, created.text);
    assert.equal(errorCode(created), "FORBIDDEN");
    assert.deepEqual(await licenses(), before);

    const own = await asProduct("POST", "/v1/licenses", { policyId: policy.body.data.id });
    assert.equal(own.status, 201, own.text);
    const unchanged = await licenses();
    for (const userId of [aUser.id, null]) {
      const patched = await asProduct("PATCH", `/v1/licenses/${own.body.data.id}`, { userId });
      assert.equal(patched.status, 403, patched.text);
      assert.equal(errorCode(patched), "FORBIDDEN");
    }
    assert.deepEqual(await licenses(), unchanged);
    // The admin token may.
    const byAdmin = await a("PATCH", `/v1/licenses/${own.body.data.id}`, { userId: aUser.id });
    assert.equal(byAdmin.status, 200, byAdmin.text);
  });

  test("no response ever carries a password or its hash", async () => {
    const a = api(t().app, t().adminToken);
    const texts: string[] = [];
    const created = await a("POST", "/v1/users", { email: "secret@a.test", password: PASSWORD });
    texts.push(created.text);
    const id = created.body.data.id;
    texts.push((await a("PATCH", `/v1/users/${id}`, { password: `${PASSWORD}-2` })).text);
    texts.push((await a("GET", `/v1/users/${id}`)).text);
    texts.push((await a("GET", "/v1/users?limit=100")).text);
    // A conflict echoes nothing of the body either.
    texts.push((await a("POST", "/v1/users", { email: "secret@a.test", password: PASSWORD })).text);
    const hashes = (await snapshot()).map((user) => user.password_hash).filter(Boolean) as string[];
    assert.ok(hashes.length >= 2);
    for (const text of texts) {
      assert.ok(!text.includes(PASSWORD), text);
      assert.ok(!/scrypt\$|password_hash|passwordHash|"password"/.test(text), text);
      for (const hash of hashes) assert.ok(!text.includes(hash.split("$")[5]!));
    }
  });
});
