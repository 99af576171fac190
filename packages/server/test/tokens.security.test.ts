import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { before, test } from "node:test";
import { api, createOrganization, errorCode, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("tokens: authentication and scope", (db) => {
  const clock = manualClock(new Date("2032-02-03T04:05:06.000Z"));
  const t = useTestApp(db, { clock });
  /** Every plaintext token this suite saw, to look for in the database afterwards. */
  const plaintexts: string[] = [];
  let product: { id: string };
  let otherProduct: { id: string };
  let productToken: { id: string; token: string };

  /** Without last_used_at: it records that a token authenticated, not what its request did. */
  async function tokenRows() {
    const rows = await t().store.db.selectFrom("tokens").selectAll().orderBy("id").execute();
    return rows.map(({ last_used_at: _used, ...row }) => row);
  }

  before(async () => {
    plaintexts.push(t().adminToken);
    const call = api(t().app, t().adminToken);
    product = (await call("POST", "/v1/products", { name: "Scoped" })).body.data;
    otherProduct = (await call("POST", "/v1/products", { name: "Other" })).body.data;
    const created = await call("POST", "/v1/tokens", { kind: "product", productId: product.id });
    assert.equal(created.status, 201);
    productToken = created.body.data;
    plaintexts.push(productToken.token);
  });

  test("no token, a malformed header or an unknown token: 401 UNAUTHORIZED", async () => {
    const admin = t().adminToken;
    const secret = admin.slice("kw_admin_".length);
    const headers: Array<string | null> = [
      null,
      "",
      "Bearer",
      "Bearer ",
      `Basic ${Buffer.from(`user:${admin}`).toString("base64")}`,
      `Token ${admin}`,
      `Bearer  ${admin}`,
      `Bearer ${admin} `,
      `Bearer ${admin} extra`,
      `Bearer "${admin}"`,
      `Bearer ${admin}=`,
      `Bearer ${admin}.`,
      `${admin}`,
      `Bearer ${secret}`,
      `Bearer kw_admin_${"A".repeat(43)}`,
      `Bearer ${admin.slice(0, -1)}`,
      `Bearer ${admin}x`,
      `Bearer ${admin.toUpperCase()}`,
      `Bearer ${"a".repeat(10_000)}`,
      `Bearer ${createHash("sha256").update(admin).digest("hex")}`,
    ];
    const before = await tokenRows();
    for (const header of headers) {
      for (const [method, url, body] of [
        ["GET", "/v1/products", undefined],
        ["POST", "/v1/products", { name: "sneaky" }],
        ["DELETE", `/v1/products/${product.id}`, undefined],
        ["GET", "/v1/tokens", undefined],
        ["POST", "/v1/tokens", { kind: "admin" }],
        ["GET", "/v1/organization", undefined],
        ["GET", "/v1/signing-keys", undefined],
      ] as const) {
        const response = await api(t().app, null)(method, url, body, {
          headers: header === null ? {} : { authorization: header },
        });
        const label = `${method} ${url} with ${JSON.stringify(header?.slice(0, 80))}`;
        assert.equal(response.status, 401, label);
        assert.equal(errorCode(response), "UNAUTHORIZED", label);
        assert.ok(!response.text.includes(admin), `${label}: the token echoed back`);
      }
    }
    assert.deepEqual(await tokenRows(), before);
    assert.equal(
      (await api(t().app, t().adminToken)("GET", `/v1/products/${product.id}`)).status,
      200,
    );
  });

  test("the scheme is case-insensitive (RFC 9110 §11.1): bearer, BEARER, license, LICENSE", async () => {
    const admin = t().adminToken;
    const call = api(t().app, admin);
    const policy = await call("POST", "/v1/policies", { productId: product.id, name: "Case" });
    assert.equal(policy.status, 201, policy.text);
    const license = await call("POST", "/v1/licenses", { policyId: policy.body.data.id });
    assert.equal(license.status, 201, license.text);
    const { id, key } = license.body.data;
    for (const scheme of ["Bearer", "bearer", "BEARER", "bEaReR"]) {
      const response = await api(t().app, null)("GET", `/v1/products/${product.id}`, undefined, {
        headers: { authorization: `${scheme} ${admin}` },
      });
      assert.equal(response.status, 200, `${scheme}: ${response.text}`);
      // A write too: the same token, not a read-only reading of it.
      const created = await api(t().app, null)(
        "POST",
        "/v1/products",
        { name: scheme },
        {
          headers: { authorization: `${scheme} ${admin}` },
        },
      );
      assert.equal(created.status, 201, `${scheme}: ${created.text}`);
    }
    for (const scheme of ["License", "license", "LICENSE", "lIcEnSe"]) {
      const response = await api(t().app, null)("GET", `/v1/licenses/${id}`, undefined, {
        headers: { authorization: `${scheme} ${key}` },
      });
      assert.equal(response.status, 200, `${scheme}: ${response.text}`);
      assert.equal(response.body.data.id, id);
    }
    // The credential itself keeps its case: only the scheme's is free.
    const upper = await api(t().app, null)("GET", `/v1/products/${product.id}`, undefined, {
      headers: { authorization: `bearer ${admin.toUpperCase()}` },
    });
    assert.equal(upper.status, 401, upper.text);
    const lowerKey = await api(t().app, null)("GET", `/v1/licenses/${id}`, undefined, {
      headers: { authorization: `license ${key.toLowerCase()}` },
    });
    assert.equal(lowerKey.status, 401, lowerKey.text);
  });

  test("authentication comes before the body is read: 401, not 400 or 413", async () => {
    const asNobody = api(t().app, null);
    const malformed = await asNobody("POST", "/v1/products", undefined, { raw: "{oops" });
    assert.equal(malformed.status, 401);
    const huge = await asNobody("POST", "/v1/products", undefined, {
      raw: JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }),
    });
    assert.equal(huge.status, 401);
  });

  test("expiresAt not in the future is refused at creation: 400 INVALID_EXPIRY", async () => {
    const call = api(t().app, t().adminToken);
    const before = await tokenRows();
    const now = clock();
    for (const expiresAt of [
      new Date(now.getTime() - 1).toISOString(),
      now.toISOString(),
      "2000-01-01T00:00:00Z",
      "0001-01-01T00:00:00Z",
      // A leap second passes the date-time format but is no date to JavaScript.
      "2099-12-31T23:59:60Z",
    ]) {
      const response = await call("POST", "/v1/tokens", { kind: "admin", expiresAt });
      assert.equal(response.status, 400, `${expiresAt}: ${response.text}`);
      assert.equal(errorCode(response), "INVALID_EXPIRY", expiresAt);
    }
    for (const expiresAt of ["tomorrow", "2099-13-01T00:00:00Z", "2099-01-01", 1893456000000]) {
      const response = await call("POST", "/v1/tokens", { kind: "admin", expiresAt });
      assert.equal(response.status, 400, `${expiresAt}: ${response.text}`);
      assert.equal(errorCode(response), "VALIDATION_FAILED", String(expiresAt));
    }
    assert.deepEqual(await tokenRows(), before);
  });

  test("token requests that make no sense are refused and write nothing", async () => {
    const call = api(t().app, t().adminToken);
    const before = await tokenRows();
    const cases = [
      [{ kind: "license" }, 400, "VALIDATION_FAILED"],
      [{ kind: "root" }, 400, "VALIDATION_FAILED"],
      [{}, 400, "VALIDATION_FAILED"],
      // The secret is always generated: a caller cannot choose one.
      [{ kind: "admin", plaintext: `kw_admin_${"a".repeat(43)}` }, 400, "VALIDATION_FAILED"],
      [{ kind: "admin", token: `kw_admin_${"a".repeat(43)}` }, 400, "VALIDATION_FAILED"],
      [
        { kind: "admin", organizationId: "org_01m84cp2y929bjrzt348fmrx3m" },
        400,
        "VALIDATION_FAILED",
      ],
      [{ kind: "admin", name: "" }, 400, "VALIDATION_FAILED"],
      [{ kind: "admin", scope: "admin" }, 400, "VALIDATION_FAILED"],
      [{ kind: "admin", scope: "READ" }, 400, "VALIDATION_FAILED"],
      [{ kind: "admin", scope: null }, 400, "VALIDATION_FAILED"],
      [{ kind: "product" }, 400, "PRODUCT_REQUIRED"],
      [{ kind: "admin", productId: product.id }, 400, "INVALID_TOKEN_SCOPE"],
      [{ kind: "product", productId: "prod_01m84cp2y929bjrzt348fmrx3m" }, 404, "PRODUCT_NOT_FOUND"],
    ] as const;
    for (const [body, status, code] of cases) {
      const response = await call("POST", "/v1/tokens", body);
      assert.equal(response.status, status, `${JSON.stringify(body)}: ${response.text}`);
      assert.equal(errorCode(response), code, JSON.stringify(body));
    }
    assert.deepEqual(await tokenRows(), before);
  });

  test("a read-scoped token is refused before its request is read, and an expired one too", async () => {
    const call = api(t().app, t().adminToken);
    const reader = (await call("POST", "/v1/tokens", { kind: "admin", scope: "read" })).body.data;
    const expiring = (
      await call("POST", "/v1/tokens", {
        kind: "admin",
        expiresAt: new Date(clock().getTime() + 1000).toISOString(),
      })
    ).body.data;
    plaintexts.push(reader.token, expiring.token);
    const license = await call("POST", `/v1/licenses/lic_01m84cp2y929bjrzt348fmrx3m/tokens`, {
      scope: "read",
    });
    assert.equal(license.status, 400, "license tokens take no scope");
    assert.equal(errorCode(license), "VALIDATION_FAILED");

    const before = await tokenRows();
    // Malformed JSON: the scope is judged first, 403 rather than 400.
    const malformed = await api(t().app, reader.token)("POST", "/v1/products", undefined, {
      raw: "{not json",
      headers: { "content-type": "application/json" },
    });
    assert.equal(malformed.status, 403);
    assert.equal(errorCode(malformed), "TOKEN_READ_ONLY");
    for (const method of ["PATCH", "DELETE"] as const) {
      const response = await api(t().app, reader.token)(method, `/v1/products/${product.id}`, {});
      assert.equal(response.status, 403, method);
      assert.equal(errorCode(response), "TOKEN_READ_ONLY", method);
    }
    clock.advance(1000);
    for (const method of ["GET", "POST"] as const) {
      const response = await api(t().app, expiring.token)(method, "/v1/products", undefined);
      assert.equal(response.status, 401, method);
      assert.equal(errorCode(response), "TOKEN_EXPIRED", method);
    }
    assert.deepEqual(await tokenRows(), before);
  });

  test("a product token reads its own product and nothing else", async () => {
    const asProduct = api(t().app, productToken.token);
    const own = await asProduct("GET", `/v1/products/${product.id}`);
    assert.equal(own.status, 200);
    assert.equal(own.body.data.id, product.id);

    const beforeProducts = await t()
      .store.db.selectFrom("products")
      .selectAll()
      .orderBy("id")
      .execute();
    const beforeTokens = await tokenRows();
    const forbidden = [
      ["GET", `/v1/products/${otherProduct.id}`, undefined],
      ["PATCH", `/v1/products/${otherProduct.id}`, { name: "x" }],
      ["DELETE", `/v1/products/${otherProduct.id}`, undefined],
      // Even its own product: changing products is for admins.
      ["PATCH", `/v1/products/${product.id}`, { name: "renamed" }],
      ["DELETE", `/v1/products/${product.id}`, undefined],
      ["POST", "/v1/products", { name: "new" }],
      ["GET", "/v1/products", undefined],
      ["GET", "/v1/tokens", undefined],
      ["POST", "/v1/tokens", { kind: "admin" }],
      ["POST", "/v1/tokens", { kind: "product", productId: product.id }],
      ["GET", `/v1/tokens/${productToken.id}`, undefined],
      ["DELETE", `/v1/tokens/${productToken.id}`, undefined],
    ] as const;
    for (const [method, url, body] of forbidden) {
      const response = await asProduct(method, url, body);
      assert.equal(response.status, 403, `${method} ${url}: ${response.text}`);
      assert.equal(errorCode(response), "FORBIDDEN", `${method} ${url}`);
    }
    assert.deepEqual(
      await t().store.db.selectFrom("products").selectAll().orderBy("id").execute(),
      beforeProducts,
    );
    assert.deepEqual(await tokenRows(), beforeTokens);
  });

  test("a product token of another organization reaches nothing here", async () => {
    const b = await createOrganization(t().services, "Organization B");
    plaintexts.push(b.adminToken);
    const asB = api(t().app, b.adminToken);
    const bProduct = (await asB("POST", "/v1/products", { name: "B" })).body.data;
    const bProductToken = (
      await asB("POST", "/v1/tokens", { kind: "product", productId: bProduct.id })
    ).body.data;
    plaintexts.push(bProductToken.token);
    const asBProduct = api(t().app, bProductToken.token);
    assert.equal((await asBProduct("GET", `/v1/products/${bProduct.id}`)).status, 200);
    const foreign = await asBProduct("GET", `/v1/products/${product.id}`);
    assert.equal(foreign.status, 404);
    assert.equal(errorCode(foreign), "PRODUCT_NOT_FOUND");

    // A cannot revoke B's token; B's token keeps working.
    const revoke = await api(t().app, t().adminToken)("DELETE", `/v1/tokens/${bProductToken.id}`);
    assert.equal(revoke.status, 404);
    assert.equal((await asBProduct("GET", `/v1/products/${bProduct.id}`)).status, 200);
  });

  test("a revoked product token is refused everywhere, its own product included", async () => {
    const call = api(t().app, t().adminToken);
    const created = (await call("POST", "/v1/tokens", { kind: "product", productId: product.id }))
      .body.data;
    plaintexts.push(created.token);
    const asToken = api(t().app, created.token);
    assert.equal((await asToken("GET", `/v1/products/${product.id}`)).status, 200);
    assert.equal((await call("DELETE", `/v1/tokens/${created.id}`)).status, 200);
    const refused = await asToken("GET", `/v1/products/${product.id}`);
    assert.equal(refused.status, 401);
    assert.equal(errorCode(refused), "UNAUTHORIZED");
  });

  test("only SHA-256 hashes are stored: no plaintext token anywhere in the database", async () => {
    const call = api(t().app, t().adminToken);
    for (const kind of ["admin", "product"] as const) {
      const body = kind === "admin" ? { kind } : { kind, productId: product.id };
      const created = await call("POST", "/v1/tokens", body);
      assert.equal(created.status, 201);
      plaintexts.push(created.body.data.token);
    }
    assert.ok(plaintexts.length >= 6);

    const rows = await tokenRows();
    const hashes = new Set(rows.map((row) => row.token_hash));
    for (const plaintext of plaintexts) {
      const expected = createHash("sha256").update(plaintext, "utf8").digest("hex");
      assert.ok(hashes.has(expected), `no row holds the hash of ${plaintext.slice(0, 12)}…`);
    }
    for (const row of rows) assert.match(row.token_hash, /^[0-9a-f]{64}$/);

    // Every column of every table, as text: neither a token nor its random part appears.
    const { db: kysely } = t().store;
    const everything = JSON.stringify({
      organizations: await kysely.selectFrom("organizations").selectAll().execute(),
      tokens: rows,
      products: await kysely.selectFrom("products").selectAll().execute(),
      signingKeys: await kysely.selectFrom("signing_keys").selectAll().execute(),
    });
    for (const plaintext of plaintexts) {
      const secret = plaintext.replace(/^kw_[a-z]+_/, "");
      assert.ok(!everything.includes(secret), `a token is stored: ${plaintext.slice(0, 12)}…`);
      assert.ok(!everything.includes(secret.slice(0, 20)), "part of a token is stored");
    }

    // SQLite: the files on disk, WAL included, hold no token either.
    if (t().store.dialect === "sqlite") {
      const dir = t().testStore.dataDir;
      const files = (await readdir(dir)).filter((name) => name.startsWith("keyward.sqlite"));
      assert.ok(files.length >= 1);
      const bytes = Buffer.concat(
        await Promise.all(files.map((name) => readFile(join(dir, name)))),
      );
      for (const plaintext of plaintexts) {
        assert.equal(bytes.indexOf(plaintext.replace(/^kw_[a-z]+_/, "")), -1, "a token on disk");
      }
    }
  });
});
