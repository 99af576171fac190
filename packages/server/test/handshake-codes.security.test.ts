import assert from "node:assert/strict";
import { before, test } from "node:test";
import { api, createOrganization, errorCode, listAll, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const SESSION_PASSWORD = "Session-Pa55-9c1e";

forEachDatabase("handshake codes: isolation, bad input, secrets", (db) => {
  const t = useTestApp(db);
  let b: { organizationId: string; adminToken: string };
  let aDefault: { id: string; code: string } & Record<string, unknown>;
  let aOther: { id: string; code: string } & Record<string, unknown>;

  async function snapshot() {
    return t().store.db.selectFrom("handshake_codes").selectAll().orderBy("id").execute();
  }

  before(async () => {
    const a = api(t().app, t().adminToken);
    const first = await a("POST", "/v1/handshake-codes", {
      code: "A-SHARED-CODE",
      sessionPassword: SESSION_PASSWORD,
    });
    assert.equal(first.status, 201, first.text);
    aDefault = first.body.data;
    const second = await a("POST", "/v1/handshake-codes", { name: "second" });
    assert.equal(second.status, 201, second.text);
    aOther = second.body.data;
    b = await createOrganization(t().services, "Organization B");
  });

  test("B gets 404 for A's codes on every route, sees none listed, and nothing changes", async () => {
    const asB = api(t().app, b.adminToken);
    const before = await snapshot();
    for (const code of [aDefault, aOther]) {
      for (const [method, body] of [
        ["GET", undefined],
        ["PATCH", { name: "pwned" }],
        ["PATCH", { isDefault: true }],
        ["PATCH", { sessionPassword: "pwned-password" }],
        ["PATCH", {}],
        ["DELETE", undefined],
      ] as const) {
        const response = await asB(method, `/v1/handshake-codes/${code.id}`, body);
        assert.equal(response.status, 404, `${method}: ${response.text}`);
        assert.equal(errorCode(response), "HANDSHAKE_CODE_NOT_FOUND");
      }
    }
    assert.deepEqual(await listAll(asB, "/v1/handshake-codes"), []);
    assert.deepEqual(await snapshot(), before);
    // B's first code is B's default; A's default is untouched.
    const mine = await asB("POST", "/v1/handshake-codes", {});
    assert.equal(mine.body.data.isDefault, true);
    const asA = api(t().app, t().adminToken);
    assert.deepEqual((await asA("GET", `/v1/handshake-codes/${aDefault.id}`)).body.data, aDefault);
  });

  test("codes are unique across organizations (a device may send the code alone, SPEC T2)", async () => {
    const before = await snapshot();
    for (const token of [t().adminToken, b.adminToken]) {
      const response = await api(t().app, token)("POST", "/v1/handshake-codes", {
        code: "A-SHARED-CODE",
      });
      assert.equal(response.status, 409, response.text);
      assert.equal(errorCode(response), "HANDSHAKE_CODE_TAKEN");
    }
    assert.deepEqual(await snapshot(), before);
  });

  test("bad input answers 400 and writes nothing; the code is immutable", async () => {
    const a = api(t().app, t().adminToken);
    const before = await snapshot();
    const bodies: unknown[] = [
      { code: "short" },
      { code: "has space in it" },
      { code: "-leading-dash" },
      { code: "x".repeat(65) },
      { code: 123456 },
      { sessionPassword: "short" },
      { sessionPassword: 12345678 },
      { isDefault: "yes" },
      { isDefault: 1 },
      { validationFields: { domains: "example.com" } },
      { validationFields: { domains: [""] } },
      { validationFields: { domains: ["x".repeat(256)] } },
      { validationFields: { hosts: ["example.com"] } },
      { validationFields: { domains: Array.from({ length: 101 }, (_, i) => `d${i}.test`) } },
      { validationFields: [] },
      { name: "" },
      { metadata: [] },
      { organizationId: b.organizationId },
      { sessionPasswordHash: "scrypt$..." },
      null,
    ];
    for (const body of bodies) {
      const response = await a("POST", "/v1/handshake-codes", body);
      assert.equal(response.status, 400, `${JSON.stringify(body)}: ${response.text}`);
    }
    for (const body of [
      { code: "NEW-CODE-123" },
      { isDefault: null },
      { sessionPassword: "short" },
      { validationFields: { processNames: [1] } },
    ]) {
      const response = await a("PATCH", `/v1/handshake-codes/${aOther.id}`, body);
      assert.equal(response.status, 400, `${JSON.stringify(body)}: ${response.text}`);
    }
    for (const id of ["hsc_01m84cp2y929bjrzt348fmrx3m", "nope"]) {
      const response = await a("GET", `/v1/handshake-codes/${id}`);
      assert.equal(response.status, 404);
      assert.equal(errorCode(response), "HANDSHAKE_CODE_NOT_FOUND");
    }
    assert.deepEqual(await snapshot(), before);
  });

  test("product tokens get 403 and change nothing", async () => {
    const a = api(t().app, t().adminToken);
    const product = await a("POST", "/v1/products", { name: "P" });
    const token = await a("POST", "/v1/tokens", {
      kind: "product",
      productId: product.body.data.id,
    });
    const asProduct = api(t().app, token.body.data.token);
    const before = await snapshot();
    for (const [method, url, body] of [
      ["GET", "/v1/handshake-codes", undefined],
      ["POST", "/v1/handshake-codes", {}],
      ["GET", `/v1/handshake-codes/${aOther.id}`, undefined],
      ["PATCH", `/v1/handshake-codes/${aOther.id}`, { isDefault: true }],
      ["DELETE", `/v1/handshake-codes/${aOther.id}`, undefined],
    ] as const) {
      const response = await asProduct(method, url, body);
      assert.equal(response.status, 403, `${method} ${url}: ${response.text}`);
    }
    assert.deepEqual(await snapshot(), before);
  });

  test("no response carries a session password or its hash", async () => {
    const a = api(t().app, t().adminToken);
    const texts: string[] = [];
    const created = await a("POST", "/v1/handshake-codes", { sessionPassword: SESSION_PASSWORD });
    texts.push(created.text);
    const id = created.body.data.id;
    texts.push(
      (await a("PATCH", `/v1/handshake-codes/${id}`, { sessionPassword: `${SESSION_PASSWORD}!` }))
        .text,
    );
    texts.push((await a("GET", `/v1/handshake-codes/${id}`)).text);
    texts.push((await a("GET", `/v1/handshake-codes/${aDefault.id}`)).text);
    texts.push((await a("GET", "/v1/handshake-codes?limit=100")).text);
    texts.push(
      (
        await a("POST", "/v1/handshake-codes", {
          code: "A-SHARED-CODE",
          sessionPassword: SESSION_PASSWORD,
        })
      ).text,
    );
    const hashes = (await snapshot())
      .map((code) => code.session_password_hash)
      .filter(Boolean) as string[];
    assert.ok(hashes.length >= 2);
    for (const text of texts) {
      assert.ok(!text.includes(SESSION_PASSWORD), text);
      assert.ok(!/scrypt\$|session_password_hash|sessionPassword"/.test(text), text);
      for (const hash of hashes) assert.ok(!text.includes(hash.split("$")[5]!));
    }
  });
});
