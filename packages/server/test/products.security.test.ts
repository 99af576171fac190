import assert from "node:assert/strict";
import { before, test } from "node:test";
import { api, createOrganization, errorCode, listAll, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("products and tokens: tenant isolation", (db) => {
  const t = useTestApp(db);
  // Organization A (the test app's) owns a product and tokens; B is a stranger.
  let b: { organizationId: string; adminToken: string };
  let aProduct: Record<string, unknown> & { id: string };
  let aProductToken: { id: string; token: string };
  let aAdminToken: { id: string; token: string };

  async function snapshot() {
    const { db: kysely } = t().store;
    return {
      products: await kysely.selectFrom("products").selectAll().orderBy("id").execute(),
      // Without last_used_at: it records that a token authenticated, not what its request did.
      tokens: (await kysely.selectFrom("tokens").selectAll().orderBy("id").execute()).map(
        ({ last_used_at: _used, ...row }) => row,
      ),
    };
  }

  before(async () => {
    const a = api(t().app, t().adminToken);
    const product = await a("POST", "/v1/products", {
      name: "A's product",
      code: "shared-code",
      platforms: ["macos"],
      metadata: { owner: "A" },
    });
    assert.equal(product.status, 201);
    aProduct = product.body.data;
    const productToken = await a("POST", "/v1/tokens", { kind: "product", productId: aProduct.id });
    assert.equal(productToken.status, 201);
    aProductToken = productToken.body.data;
    const adminToken = await a("POST", "/v1/tokens", { kind: "admin", name: "A second admin" });
    assert.equal(adminToken.status, 201);
    aAdminToken = adminToken.body.data;
    b = await createOrganization(t().services, "Organization B");
  });

  test("B gets 404, never 403, for each of A's products and tokens, and nothing changes", async () => {
    const asB = api(t().app, b.adminToken);
    const before = await snapshot();
    const attempts = [
      ["GET", `/v1/products/${aProduct.id}`, undefined, "PRODUCT_NOT_FOUND"],
      ["PATCH", `/v1/products/${aProduct.id}`, { name: "pwned" }, "PRODUCT_NOT_FOUND"],
      ["PATCH", `/v1/products/${aProduct.id}`, {}, "PRODUCT_NOT_FOUND"],
      ["DELETE", `/v1/products/${aProduct.id}`, undefined, "PRODUCT_NOT_FOUND"],
      ["GET", `/v1/tokens/${aProductToken.id}`, undefined, "TOKEN_NOT_FOUND"],
      ["DELETE", `/v1/tokens/${aProductToken.id}`, undefined, "TOKEN_NOT_FOUND"],
      ["GET", `/v1/tokens/${aAdminToken.id}`, undefined, "TOKEN_NOT_FOUND"],
      ["DELETE", `/v1/tokens/${aAdminToken.id}`, undefined, "TOKEN_NOT_FOUND"],
      // A token of B's for A's product.
      ["POST", "/v1/tokens", { kind: "product", productId: aProduct.id }, "PRODUCT_NOT_FOUND"],
    ] as const;
    for (const [method, url, body, code] of attempts) {
      const response = await asB(method, url, body);
      assert.equal(response.status, 404, `${method} ${url}: ${response.text}`);
      assert.equal(errorCode(response), code, `${method} ${url}`);
    }
    assert.deepEqual(await snapshot(), before);

    // A still sees its product as it was, and its tokens still work.
    const asA = api(t().app, t().adminToken);
    assert.deepEqual((await asA("GET", `/v1/products/${aProduct.id}`)).body.data, aProduct);
    assert.equal((await api(t().app, aAdminToken.token)("GET", "/v1/tokens")).status, 200);
    assert.equal(
      (await api(t().app, aProductToken.token)("GET", `/v1/products/${aProduct.id}`)).status,
      200,
    );
  });

  test("lists never show another organization's products or tokens", async () => {
    const asB = api(t().app, b.adminToken);
    const bProduct = await asB("POST", "/v1/products", { name: "B's product" });
    assert.equal(bProduct.status, 201);
    const bProducts = await listAll(asB, "/v1/products");
    assert.deepEqual(
      bProducts.map((p) => p.id),
      [bProduct.body.data.id],
    );
    const bTokens = await listAll(asB, "/v1/tokens");
    const aTokenIds = [aProductToken.id, aAdminToken.id];
    assert.ok(bTokens.length >= 1);
    assert.ok(bTokens.every((token) => !aTokenIds.includes(token.id)));

    const aProducts = await listAll(api(t().app, t().adminToken), "/v1/products");
    assert.ok(aProducts.some((p) => p.id === aProduct.id));
    assert.ok(!aProducts.some((p) => p.id === bProduct.body.data.id));

    // A cursor from A's list does not open A's list to B (this one comes before every id).
    const paged = await asB("GET", `/v1/products?cursor=prod_${"0".repeat(26)}&limit=100`);
    assert.deepEqual(
      paged.body.data.map((p: { id: string }) => p.id),
      [bProduct.body.data.id],
    );
  });

  test("product codes are unique per organization, not across them", async () => {
    const asB = api(t().app, b.adminToken);
    const same = await asB("POST", "/v1/products", { name: "B's twin", code: "shared-code" });
    assert.equal(same.status, 201, same.text);
    const again = await asB("POST", "/v1/products", { name: "B's twin 2", code: "shared-code" });
    assert.equal(again.status, 409);
    assert.deepEqual(
      (await api(t().app, t().adminToken)("GET", `/v1/products/${aProduct.id}`)).body.data,
      aProduct,
    );
  });

  test("B's organization and signing keys are B's own", async () => {
    const asA = api(t().app, t().adminToken);
    const asB = api(t().app, b.adminToken);
    assert.equal((await asA("GET", "/v1/organization")).body.data.id, t().organizationId);
    assert.equal((await asB("GET", "/v1/organization")).body.data.id, b.organizationId);
    const aKeys = (await asA("GET", "/v1/signing-keys")).body.data as Array<{ publicKey: string }>;
    const bKeys = (await asB("GET", "/v1/signing-keys")).body.data as Array<{ publicKey: string }>;
    assert.equal(aKeys.length, 2);
    assert.equal(bKeys.length, 2);
    for (const key of bKeys) assert.ok(!aKeys.some((other) => other.publicKey === key.publicKey));
  });
});
