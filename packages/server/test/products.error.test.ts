import assert from "node:assert/strict";
import { test } from "node:test";
import { type ApiResponse, api, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const BODY_LIMIT = 2048;

forEachDatabase("products: bad input", (db) => {
  const t = useTestApp(db, { bodyLimit: BODY_LIMIT });

  /** Every product row, straight from the database. */
  async function productRows() {
    return t().store.db.selectFrom("products").selectAll().orderBy("id").execute();
  }

  async function productCount(): Promise<number> {
    return (await productRows()).length;
  }

  /** Runs the request and asserts it failed with this status and code and wrote nothing. */
  async function rejects(
    request: () => Promise<ApiResponse>,
    status: number,
    code: string,
    label = `${status} ${code}`,
  ): Promise<ApiResponse> {
    const before = await productRows();
    const response = await request();
    assert.equal(response.status, status, `${label}: ${response.text}`);
    assert.equal(errorCode(response), code, label);
    assert.deepEqual(await productRows(), before, `${label}: the products table changed`);
    return response;
  }

  async function existingProduct(code?: string) {
    const body = code === undefined ? { name: "Existing" } : { name: "Existing", code };
    const response = await api(t().app, t().adminToken)("POST", "/v1/products", body);
    assert.equal(response.status, 201);
    return response.body.data as { id: string; name: string; code: string | null };
  }

  test("malformed JSON: 400 INVALID_JSON", async () => {
    const call = api(t().app, t().adminToken);
    const product = await existingProduct();
    for (const raw of ['{"name":', "{name: 'x'}", '{"name":"a"}}', "nul", "\u0000"]) {
      await rejects(
        () => call("POST", "/v1/products", undefined, { raw }),
        400,
        "INVALID_JSON",
        `POST ${JSON.stringify(raw)}`,
      );
      await rejects(
        () => call("PATCH", `/v1/products/${product.id}`, undefined, { raw }),
        400,
        "INVALID_JSON",
        `PATCH ${JSON.stringify(raw)}`,
      );
    }
    // An empty body is no body (json-body.happy.test.ts): here, a body without its name.
    await rejects(
      () => call("POST", "/v1/products", undefined, { raw: "" }),
      400,
      "VALIDATION_FAILED",
    );
  });

  test("wrong types and out-of-range values: 400 VALIDATION_FAILED", async () => {
    const call = api(t().app, t().adminToken);
    const product = await existingProduct();
    const bad: unknown[] = [
      null,
      [],
      "a string",
      42,
      {},
      { name: 5 },
      { name: "" },
      { name: "x".repeat(201) },
      { name: ["x"] },
      { name: "ok", code: 5 },
      { name: "ok", code: "" },
      { name: "ok", code: "has space" },
      { name: "ok", code: "x".repeat(101) },
      { name: "ok", platforms: "macos" },
      { name: "ok", platforms: [1] },
      { name: "ok", platforms: [""] },
      { name: "ok", platforms: Array.from({ length: 101 }, (_, i) => `p${i}`) },
      { name: "ok", appIdentifiers: {} },
      { name: "ok", metadata: [] },
      { name: "ok", metadata: "x" },
      { name: "ok", metadata: null },
      // No coercion: strings stay strings, numbers stay numbers.
      { name: true },
    ];
    for (const body of bad) {
      await rejects(
        () => call("POST", "/v1/products", body),
        400,
        "VALIDATION_FAILED",
        `POST ${JSON.stringify(body)}`,
      );
    }
    for (const body of [null, [], { name: 5 }, { name: "" }, { code: 5 }, { platforms: [1] }]) {
      await rejects(
        () => call("PATCH", `/v1/products/${product.id}`, body),
        400,
        "VALIDATION_FAILED",
        `PATCH ${JSON.stringify(body)}`,
      );
    }
  });

  test("unknown fields are refused, not dropped: 400", async () => {
    const call = api(t().app, t().adminToken);
    const product = await existingProduct();
    // Including fields that would be mass assignment if they were taken.
    for (const extra of [
      { bogus: 1 },
      { id: "prod_01m84cp2y929bjrzt348fmrx3m" },
      { organizationId: "org_01m84cp2y929bjrzt348fmrx3m" },
      { organization_id: "org_01m84cp2y929bjrzt348fmrx3m" },
      { createdAt: "2020-01-01T00:00:00.000Z" },
      { app_identifiers: ["x"] },
    ]) {
      await rejects(
        () => call("POST", "/v1/products", { name: "Extra", ...extra }),
        400,
        "VALIDATION_FAILED",
        `POST ${JSON.stringify(extra)}`,
      );
      await rejects(
        () => call("PATCH", `/v1/products/${product.id}`, { name: "Extra", ...extra }),
        400,
        "VALIDATION_FAILED",
        `PATCH ${JSON.stringify(extra)}`,
      );
    }
  });

  test(`a body over the limit (${BODY_LIMIT} bytes): 413 BODY_TOO_LARGE`, async () => {
    const call = api(t().app, t().adminToken);
    const product = await existingProduct();
    const big = { name: "Big", metadata: { blob: "x".repeat(BODY_LIMIT) } };
    await rejects(() => call("POST", "/v1/products", big), 413, "BODY_TOO_LARGE");
    await rejects(() => call("PATCH", `/v1/products/${product.id}`, big), 413, "BODY_TOO_LARGE");
    // Just under the limit is accepted: the limit is the body size, not something smaller.
    const padding = "y".repeat(BODY_LIMIT - 100);
    const fits = await call("POST", "/v1/products", { name: "Fits", metadata: { padding } });
    assert.equal(fits.status, 201, fits.text);
  });

  test("bad list queries: 400 VALIDATION_FAILED", async () => {
    const call = api(t().app, t().adminToken);
    for (const query of [
      "limit=0",
      "limit=abc",
      "limit=101",
      "limit=-1",
      "limit=1.5",
      "limit=01",
      "limit=",
      "limit=1&limit=2",
      `cursor=${"c".repeat(65)}`,
      "unknown=1",
    ]) {
      const response = await call("GET", `/v1/products?${query}`);
      assert.equal(response.status, 400, query);
      assert.equal(errorCode(response), "VALIDATION_FAILED", query);
    }
    for (const query of ["limit=1", "limit=100", "limit=99"]) {
      assert.equal((await call("GET", `/v1/products?${query}`)).status, 200, query);
    }
  });

  test("unknown ids: 404 PRODUCT_NOT_FOUND; over-long ids: 400", async () => {
    const call = api(t().app, t().adminToken);
    for (const id of [
      "prod_01m84cp2y929bjrzt348fmrx3m",
      "nope",
      "tok_01m84cp2y929bjrzt348fmrx3m",
    ]) {
      await rejects(() => call("GET", `/v1/products/${id}`), 404, "PRODUCT_NOT_FOUND", `GET ${id}`);
      await rejects(
        () => call("PATCH", `/v1/products/${id}`, { name: "x" }),
        404,
        "PRODUCT_NOT_FOUND",
        `PATCH ${id}`,
      );
      await rejects(
        () => call("DELETE", `/v1/products/${id}`),
        404,
        "PRODUCT_NOT_FOUND",
        `DELETE ${id}`,
      );
    }
    const long = `prod_${"a".repeat(60)}`;
    await rejects(() => call("GET", `/v1/products/${long}`), 400, "VALIDATION_FAILED");
  });

  test("a duplicate product code: 409 CONFLICT, on create and on patch", async () => {
    const call = api(t().app, t().adminToken);
    const first = await existingProduct("unique-code");
    await rejects(
      () => call("POST", "/v1/products", { name: "Second", code: "unique-code" }),
      409,
      "CONFLICT",
    );
    const other = await existingProduct("other-code");
    await rejects(
      () => call("PATCH", `/v1/products/${other.id}`, { code: "unique-code" }),
      409,
      "CONFLICT",
    );
    // Codes are case-sensitive, and products without a code never clash.
    assert.equal(
      (await call("POST", "/v1/products", { name: "A", code: "Unique-Code" })).status,
      201,
    );
    assert.equal((await call("POST", "/v1/products", { name: "B", code: null })).status, 201);
    assert.equal((await call("POST", "/v1/products", { name: "C", code: null })).status, 201);
    // Patching a product to its own code is no conflict.
    const same = await call("PATCH", `/v1/products/${first.id}`, { code: "unique-code" });
    assert.equal(same.status, 200);
  });

  test("a body that is not JSON: 415 UNSUPPORTED_MEDIA_TYPE (text/plain too)", async () => {
    const call = api(t().app, t().adminToken);
    const product = await existingProduct();
    for (const type of [
      "application/x-www-form-urlencoded",
      "application/xml",
      "multipart/form-data; boundary=x",
      "application/octet-stream",
      // Fastify would parse it into a string by default (content-type.error.test.ts).
      "text/plain",
    ]) {
      const headers = { "content-type": type };
      await rejects(
        () => call("POST", "/v1/products", undefined, { raw: "name=x", headers }),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        `POST ${type}`,
      );
      await rejects(
        () => call("PATCH", `/v1/products/${product.id}`, undefined, { raw: "name=x", headers }),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        `PATCH ${type}`,
      );
    }
    // Even a body that is JSON.
    await rejects(
      () =>
        call("POST", "/v1/products", undefined, {
          raw: '{"name":"x"}',
          headers: { "content-type": "text/plain" },
        }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  test("a product with a working token cannot be deleted: 409 PRODUCT_HAS_TOKENS", async () => {
    const call = api(t().app, t().adminToken);
    const product = await existingProduct();
    const token = await call("POST", "/v1/tokens", { kind: "product", productId: product.id });
    assert.equal(token.status, 201);
    await rejects(() => call("DELETE", `/v1/products/${product.id}`), 409, "PRODUCT_HAS_TOKENS");
    assert.equal((await call("GET", `/v1/products/${product.id}`)).status, 200);
    // The product token still works.
    const own = await api(t().app, token.body.data.token)("GET", `/v1/products/${product.id}`);
    assert.equal(own.status, 200);
  });

  test("nothing is written by a refused request, whatever the count says", async () => {
    // A guard for the helper above: a request that does write is seen as a write.
    const before = await productCount();
    await existingProduct();
    assert.equal(await productCount(), before + 1);
  });
});
