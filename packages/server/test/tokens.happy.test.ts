import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { hashToken } from "../src/secrets.js";
import { api, createOrganization, listAll, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const TOKEN_ID = /^tok_[0-9a-hjkmnp-tv-z]{26}$/;
const TOKEN_KEYS = [
  "createdAt",
  "expiresAt",
  "id",
  "kind",
  "lastUsedAt",
  "licenseId",
  "name",
  "productId",
  "revokedAt",
  "scope",
];

forEachDatabase("tokens: happy paths", (db) => {
  const clock = manualClock(new Date("2031-05-06T07:08:09.000Z"));
  const t = useTestApp(db, { clock });

  async function newProduct(name = "Tokened") {
    const response = await api(t().app, t().adminToken)("POST", "/v1/products", { name });
    assert.equal(response.status, 201);
    return response.body.data as { id: string };
  }

  test("an admin token: 201 with its secret once, and it works", async () => {
    const call = api(t().app, t().adminToken);
    const created = await call("POST", "/v1/tokens", { kind: "admin", name: "CI" });
    assert.equal(created.status, 201);
    const { token, ...fields } = created.body.data;
    assert.match(token, /^kw_admin_[A-Za-z0-9_-]{43}$/);
    assert.match(fields.id, TOKEN_ID);
    assert.deepEqual(
      { ...fields, id: "x" },
      {
        id: "x",
        kind: "admin",
        name: "CI",
        productId: null,
        licenseId: null,
        createdAt: "2031-05-06T07:08:09.000Z",
        expiresAt: null,
        revokedAt: null,
        scope: "write",
        lastUsedAt: null,
      },
    );
    const organization = await api(t().app, token)("GET", "/v1/organization");
    assert.equal(organization.status, 200);
    assert.equal(organization.body.data.id, t().organizationId);
    assert.equal(organization.body.data.name, "Organization A");
    // It can do what admins do, such as creating products.
    const product = await api(t().app, token)("POST", "/v1/products", { name: "By CI" });
    assert.equal(product.status, 201);
  });

  test("a product token: kw_product_…, bound to its product", async () => {
    const product = await newProduct();
    const created = await api(t().app, t().adminToken)("POST", "/v1/tokens", {
      kind: "product",
      productId: product.id,
    });
    assert.equal(created.status, 201);
    assert.match(created.body.data.token, /^kw_product_[A-Za-z0-9_-]{43}$/);
    assert.equal(created.body.data.kind, "product");
    assert.equal(created.body.data.productId, product.id);
    assert.equal(created.body.data.name, null);
    const own = await api(t().app, created.body.data.token)("GET", `/v1/products/${product.id}`);
    assert.equal(own.status, 200);
    assert.equal(own.body.data.id, product.id);
  });

  test("GET /v1/tokens/current: each kind of credential learns what it is", async () => {
    const admin = await api(t().app, t().adminToken)("GET", "/v1/tokens/current");
    assert.equal(admin.status, 200, admin.text);
    assert.equal(admin.body.data.kind, "admin");
    assert.equal(admin.body.data.organizationId, t().organizationId);
    assert.equal(admin.body.data.productId, null);
    assert.equal(admin.body.data.scope, "write");
    assert.equal(admin.body.data.token.kind, "admin");
    assert.equal(admin.body.data.token.token, undefined, "never the secret");

    const product = await newProduct("Asked");
    const created = await api(t().app, t().adminToken)("POST", "/v1/tokens", {
      kind: "product",
      productId: product.id,
      scope: "read",
      name: "dashboard",
    });
    assert.equal(created.status, 201, created.text);
    const asProduct = await api(t().app, created.body.data.token)("GET", "/v1/tokens/current");
    assert.equal(asProduct.status, 200, asProduct.text);
    const { token, ...principal } = asProduct.body.data;
    assert.deepEqual(principal, {
      kind: "product",
      organizationId: t().organizationId,
      productId: product.id,
      licenseId: null,
      scope: "read",
    });
    assert.equal(token.id, created.body.data.id);
    assert.equal(token.name, "dashboard");
    assert.doesNotMatch(asProduct.text, /kw_product_/);

    const policy = await api(t().app, t().adminToken)("POST", "/v1/policies", {
      productId: product.id,
      name: "p",
    });
    const license = await api(t().app, t().adminToken)("POST", "/v1/licenses", {
      policyId: policy.body.data.id,
    });
    assert.equal(license.status, 201, license.text);
    const byKey = await t().app.inject({
      method: "GET",
      url: "/v1/tokens/current",
      headers: { authorization: `License ${license.body.data.key}` },
    });
    assert.equal(byKey.statusCode, 200, byKey.body);
    const keyData = byKey.json().data;
    assert.equal(keyData.kind, "license");
    assert.equal(keyData.licenseId, license.body.data.id);
    assert.equal(keyData.productId, null, "set for product tokens only");
    assert.equal(keyData.token, null);
    assert.ok(!byKey.body.includes(license.body.data.key), "the key is not echoed");

    const anonymous = await api(t().app, null)("GET", "/v1/tokens/current");
    assert.equal(anonymous.status, 401, anonymous.text);
  });

  test("every token is new: two creations never give the same secret or id", async () => {
    const call = api(t().app, t().adminToken);
    const tokens = await Promise.all(
      Array.from({ length: 5 }, () => call("POST", "/v1/tokens", { kind: "admin" })),
    );
    const secrets = new Set(tokens.map((response) => response.body.data.token));
    const ids = new Set(tokens.map((response) => response.body.data.id));
    assert.equal(secrets.size, 5);
    assert.equal(ids.size, 5);
  });

  test("list and get show tokens without their secrets", async () => {
    const { adminToken } = await createOrganization(t().services, "Listing");
    const call = api(t().app, adminToken);
    const product = await call("POST", "/v1/products", { name: "Listed" });
    const created = [
      (await call("POST", "/v1/tokens", { kind: "admin", name: "one" })).body.data,
      (await call("POST", "/v1/tokens", { kind: "product", productId: product.body.data.id })).body
        .data,
      (await call("POST", "/v1/tokens", { kind: "admin", expiresAt: "2040-01-01T00:00:00Z" })).body
        .data,
    ];
    // Pages of one, to follow the cursor too.
    const pages: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=1&cursor=${cursor}` : "?limit=1";
      const response = await call("GET", `/v1/tokens${query}`);
      assert.equal(response.status, 200);
      assert.doesNotMatch(response.text, /kw_(admin|product)_/);
      assert.doesNotMatch(response.text, /[0-9a-f]{64}/, "a hash in the list");
      pages.push(...response.body.data);
      cursor = response.body.nextCursor;
    } while (cursor !== null && pages.length < 10);

    // The organization's first admin token, then the three above, in creation order.
    assert.equal(pages.length, 4);
    for (const item of pages) assert.deepEqual(Object.keys(item).sort(), TOKEN_KEYS);
    assert.deepEqual(
      pages.slice(1),
      created.map(({ token: _secret, ...fields }) => fields),
    );
    assert.equal(pages[2]!.productId, product.body.data.id);
    assert.equal(pages[3]!.expiresAt, "2040-01-01T00:00:00.000Z");

    for (const token of created) {
      const fetched = await call("GET", `/v1/tokens/${token.id}`);
      assert.equal(fetched.status, 200);
      assert.deepEqual(Object.keys(fetched.body.data).sort(), TOKEN_KEYS);
      assert.ok(!fetched.text.includes(token.token));
    }
  });

  test("revoke: 200 with revokedAt, then the token answers 401; revoking again is harmless", async () => {
    const call = api(t().app, t().adminToken);
    const created = (await call("POST", "/v1/tokens", { kind: "admin", name: "temp" })).body.data;
    const asTemp = api(t().app, created.token);
    assert.equal((await asTemp("GET", "/v1/products")).status, 200);
    const usedAt = clock().toISOString();

    clock.advance(5_000);
    const revoked = await call("DELETE", `/v1/tokens/${created.id}`);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.data.revokedAt, clock().toISOString());
    assert.equal(revoked.body.data.lastUsedAt, usedAt);
    assert.deepEqual(
      { ...revoked.body.data, revokedAt: null, lastUsedAt: null },
      (({ token: _secret, ...fields }) => fields)(created),
    );

    for (const [method, url] of [
      ["GET", "/v1/products"],
      ["GET", "/v1/organization"],
      ["POST", "/v1/tokens"],
      ["DELETE", `/v1/tokens/${created.id}`],
    ] as const) {
      const response = await asTemp(method, url, method === "POST" ? { kind: "admin" } : undefined);
      assert.equal(response.status, 401, `${method} ${url}`);
      assert.equal(response.body.error.code, "UNAUTHORIZED");
    }

    clock.advance(5_000);
    const again = await call("DELETE", `/v1/tokens/${created.id}`);
    assert.equal(again.status, 200);
    assert.equal(again.body.data.revokedAt, revoked.body.data.revokedAt, "revokedAt moved");
    const listed = await listAll(call, "/v1/tokens");
    assert.deepEqual(
      listed.find((token) => token.id === created.id),
      revoked.body.data,
    );
    // The admin token that revoked it is unaffected.
    assert.equal((await call("GET", "/v1/products")).status, 200);
  });

  test("a token can revoke itself, and is refused from the next request on", async () => {
    const call = api(t().app, t().adminToken);
    const created = (await call("POST", "/v1/tokens", { kind: "admin" })).body.data;
    const asSelf = api(t().app, created.token);
    const revoked = await asSelf("DELETE", `/v1/tokens/${created.id}`);
    assert.equal(revoked.status, 200);
    assert.notEqual(revoked.body.data.revokedAt, null);
    assert.equal((await asSelf("GET", "/v1/organization")).status, 401);
  });

  test("the last working admin token is kept: 409 LAST_ADMIN_TOKEN, even to two revokes at once", async () => {
    const org = await createOrganization(t().services, "Last admin");
    const call = api(t().app, org.adminToken);
    const self = (await call("GET", "/v1/tokens/current")).body.data.token;
    const refused = await call("DELETE", `/v1/tokens/${self.id}`);
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.body.error.code, "LAST_ADMIN_TOKEN");
    assert.equal((await call("GET", "/v1/organization")).status, 200);
    // Read-only and expiring admin tokens cannot make another token: they do not count.
    const readOnly = await call("POST", "/v1/tokens", { kind: "admin", scope: "read" });
    const expiring = await call("POST", "/v1/tokens", {
      kind: "admin",
      expiresAt: new Date(clock().getTime() + 60_000).toISOString(),
    });
    assert.equal(readOnly.status, 201, readOnly.text);
    assert.equal(expiring.status, 201, expiring.text);
    clock.advance(60_000);
    assert.equal((await call("DELETE", `/v1/tokens/${self.id}`)).status, 409);
    // Revoking those is fine: they are not the last working one.
    assert.equal((await call("DELETE", `/v1/tokens/${readOnly.body.data.id}`)).status, 200);
    assert.equal((await call("DELETE", `/v1/tokens/${expiring.body.data.id}`)).status, 200);

    // With a second one, either goes; two revokes at once leave exactly one working.
    const second = (await call("POST", "/v1/tokens", { kind: "admin" })).body.data;
    const both = await Promise.all([
      call("DELETE", `/v1/tokens/${self.id}`),
      api(t().app, second.token)("DELETE", `/v1/tokens/${second.id}`),
    ]);
    assert.deepEqual(both.map((response) => response.status).sort(), [200, 409]);
    const working = await t()
      .store.db.selectFrom("tokens")
      .select("id")
      .where("organization_id", "=", org.organizationId)
      .where("revoked_at", "is", null)
      .where("scope", "=", "write")
      .execute();
    assert.equal(working.length, 1);
  });

  test("a token with expiresAt works until then and answers 401 from that instant", async () => {
    const call = api(t().app, t().adminToken);
    const expiresAt = new Date(clock().getTime() + 60 * 60 * 1000);
    const created = await call("POST", "/v1/tokens", {
      kind: "admin",
      expiresAt: expiresAt.toISOString(),
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.data.expiresAt, expiresAt.toISOString());
    const asExpiring = api(t().app, created.body.data.token);
    assert.equal((await asExpiring("GET", "/v1/organization")).status, 200);

    clock.set(new Date(expiresAt.getTime() - 1));
    assert.equal((await asExpiring("GET", "/v1/organization")).status, 200);
    clock.set(expiresAt);
    const expired = await asExpiring("GET", "/v1/organization");
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error.code, "TOKEN_EXPIRED");
    assert.equal(expired.body.error.message, `this token expired at ${expiresAt.toISOString()}`);
    assert.match(expired.body.error.requestId, /^req_/);
    clock.advance(24 * 60 * 60 * 1000);
    assert.equal((await asExpiring("GET", "/v1/organization")).status, 401);
    // Tokens without an expiry are unaffected by the passing time.
    assert.equal((await call("GET", "/v1/organization")).status, 200);
  });

  test("expiresAt with a time-zone offset is stored in UTC", async () => {
    const response = await api(t().app, t().adminToken)("POST", "/v1/tokens", {
      kind: "admin",
      expiresAt: "2040-06-01T12:00:00+02:00",
    });
    assert.equal(response.status, 201);
    assert.equal(response.body.data.expiresAt, "2040-06-01T10:00:00.000Z");
  });

  test("a read-scoped admin token reads everything and writes nothing: 403 TOKEN_READ_ONLY", async () => {
    const call = api(t().app, t().adminToken);
    const product = await newProduct("Read only");
    const created = await call("POST", "/v1/tokens", { kind: "admin", scope: "read" });
    assert.equal(created.status, 201);
    assert.equal(created.body.data.scope, "read");
    const reader = api(t().app, created.body.data.token);
    for (const url of [
      "/v1/organization",
      "/v1/products",
      `/v1/products/${product.id}`,
      "/v1/tokens",
    ]) {
      assert.equal((await reader("GET", url)).status, 200, url);
    }
    const before = await listAll(call, "/v1/products");
    for (const [method, url, body] of [
      ["POST", "/v1/products", { name: "Not made" }],
      ["PATCH", `/v1/products/${product.id}`, { name: "Renamed" }],
      ["DELETE", `/v1/products/${product.id}`, undefined],
      ["POST", "/v1/tokens", { kind: "admin" }],
      ["DELETE", `/v1/tokens/${created.body.data.id}`, undefined],
    ] as const) {
      const refused = await reader(method, url, body);
      assert.equal(refused.status, 403, `${method} ${url}`);
      assert.equal(refused.body.error.code, "TOKEN_READ_ONLY", `${method} ${url}`);
    }
    assert.deepEqual(await listAll(call, "/v1/products"), before);
    const self = await call("GET", `/v1/tokens/${created.body.data.id}`);
    assert.equal(self.body.data.revokedAt, null);
  });

  test("a read-scoped product token reads its product only, and writes nothing", async () => {
    const product = await newProduct("Scoped read");
    const other = await newProduct("Other");
    const created = await api(t().app, t().adminToken)("POST", "/v1/tokens", {
      kind: "product",
      productId: product.id,
      scope: "read",
    });
    assert.equal(created.status, 201);
    const reader = api(t().app, created.body.data.token);
    assert.equal((await reader("GET", `/v1/products/${product.id}`)).status, 200);
    assert.equal((await reader("GET", `/v1/products/${other.id}`)).status, 403);
    const write = await reader("POST", "/v1/policies", { productId: product.id, name: "P" });
    assert.equal(write.status, 403);
    assert.equal(write.body.error.code, "TOKEN_READ_ONLY");
  });

  test("a token stored before scopes existed (migration 0011's default) has the write scope", async () => {
    const plaintext = `kw_admin_${"o".repeat(43)}`;
    const id = "tok_01m84cp2y929bjrzt348fmrx3m";
    await sql`insert into tokens (id, organization_id, kind, product_id, license_id, name,
      token_hash, created_at, expires_at, revoked_at)
      values (${id}, ${t().organizationId}, 'admin', null, null, 'old', ${hashToken(plaintext)},
      ${clock().toISOString()}, null, null)`.execute(t().store.db);
    const fetched = await api(t().app, t().adminToken)("GET", `/v1/tokens/${id}`);
    assert.equal(fetched.body.data.scope, "write");
    assert.equal(fetched.body.data.lastUsedAt, null);
    const write = await api(t().app, plaintext)("POST", "/v1/products", { name: "By old" });
    assert.equal(write.status, 201);
  });

  test("lastUsedAt: set on use, written at most once a minute per token", async () => {
    const call = api(t().app, t().adminToken);
    const created = (await call("POST", "/v1/tokens", { kind: "admin", name: "used" })).body.data;
    const get = async () => (await call("GET", `/v1/tokens/${created.id}`)).body.data.lastUsedAt;
    assert.equal(await get(), null);
    const user = api(t().app, created.token);

    const first = clock().toISOString();
    assert.equal((await user("GET", "/v1/organization")).status, 200);
    assert.equal(await get(), first);
    // Within the minute: more uses, no write.
    clock.advance(59_999);
    assert.equal((await user("GET", "/v1/organization")).status, 200);
    assert.equal(await get(), first);
    // A minute on: written again.
    clock.advance(1);
    const second = clock().toISOString();
    assert.equal((await user("GET", "/v1/organization")).status, 200);
    assert.equal(await get(), second);
  });
});
