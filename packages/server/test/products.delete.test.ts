// Deleting a product that tokens refer to (revoked, expired or working), an empty JSON body on
// DELETE, and the Idempotency-Key in the OpenAPI document.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createLicense, createPolicy } from "./licensing-fixtures.js";
import { api, errorCode, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const HOUR = 3600_000;

forEachDatabase("products: delete with tokens", (db) => {
  const clock = manualClock();
  const t = useTestApp(db, { clock });

  async function newProduct(name = "Doomed"): Promise<string> {
    const response = await api(t().app, t().adminToken)("POST", "/v1/products", { name });
    assert.equal(response.status, 201, response.text);
    return response.body.data.id;
  }

  async function newToken(productId: string, expiresAt?: string) {
    const response = await api(t().app, t().adminToken)("POST", "/v1/tokens", {
      kind: "product",
      productId,
      ...(expiresAt ? { expiresAt } : {}),
    });
    assert.equal(response.status, 201, response.text);
    return response.body.data as { id: string; token: string };
  }

  async function tokenRows(productId: string) {
    return t()
      .store.db.selectFrom("tokens")
      .select("id")
      .where("product_id", "=", productId)
      .execute();
  }

  test("revoked tokens no longer pin a product: DELETE answers 204 and removes them", async () => {
    const call = api(t().app, t().adminToken);
    const productId = await newProduct();
    const token = await newToken(productId);
    assert.equal((await call("DELETE", `/v1/tokens/${token.id}`)).status, 200);

    const deleted = await call("DELETE", `/v1/products/${productId}`);
    assert.equal(deleted.status, 204, deleted.text);
    assert.equal((await call("GET", `/v1/products/${productId}`)).status, 404);
    assert.equal((await call("GET", `/v1/tokens/${token.id}`)).status, 404);
    assert.deepEqual(await tokenRows(productId), []);
    // The revoked token still does not authenticate.
    assert.equal((await api(t().app, token.token)("GET", "/v1/organization")).status, 401);
  });

  test("a working token refuses with 409 PRODUCT_HAS_TOKENS and nothing is deleted", async () => {
    const call = api(t().app, t().adminToken);
    const productId = await newProduct();
    const revoked = await newToken(productId);
    await call("DELETE", `/v1/tokens/${revoked.id}`);
    const working = await newToken(productId);

    const refused = await call("DELETE", `/v1/products/${productId}`);
    assert.equal(refused.status, 409, refused.text);
    assert.equal(errorCode(refused), "PRODUCT_HAS_TOKENS");
    // Neither token went (the refusal is one transaction), and the working one still works.
    assert.deepEqual(
      (await tokenRows(productId)).map((row) => row.id).sort(),
      [revoked.id, working.id].sort(),
    );
    assert.equal(
      (await api(t().app, working.token)("GET", `/v1/products/${productId}`)).status,
      200,
    );

    // Once revoked, the product can go.
    await call("DELETE", `/v1/tokens/${working.id}`);
    assert.equal((await call("DELETE", `/v1/products/${productId}`)).status, 204);
    assert.deepEqual(await tokenRows(productId), []);
  });

  test("an expired token counts as dead: it never authenticates again", async () => {
    const call = api(t().app, t().adminToken);
    const productId = await newProduct();
    const token = await newToken(productId, new Date(clock().getTime() + HOUR).toISOString());
    const early = await call("DELETE", `/v1/products/${productId}`);
    assert.equal(errorCode(early), "PRODUCT_HAS_TOKENS");
    clock.advance(2 * HOUR);
    assert.equal((await api(t().app, token.token)("GET", "/v1/organization")).status, 401);
    assert.equal((await call("DELETE", `/v1/products/${productId}`)).status, 204);
    assert.deepEqual(await tokenRows(productId), []);
  });

  test("policies still pin a product (409 PRODUCT_IN_USE) and its revoked tokens stay until then", async () => {
    const call = api(t().app, t().adminToken);
    const productId = await newProduct();
    const token = await newToken(productId);
    await call("DELETE", `/v1/tokens/${token.id}`);
    const policy = await createPolicy(call, productId);
    const license = await createLicense(call, policy);

    const refused = await call("DELETE", `/v1/products/${productId}`);
    assert.equal(refused.status, 409);
    assert.equal(errorCode(refused), "PRODUCT_IN_USE");
    assert.match(refused.body.error.message, /still has policies/);
    assert.deepEqual(
      (await tokenRows(productId)).map((row) => row.id),
      [token.id],
      "rolled back",
    );

    assert.equal((await call("DELETE", `/v1/licenses/${license.id}`)).status, 204);
    assert.equal((await call("DELETE", `/v1/policies/${policy.id}`)).status, 204);
    assert.equal((await call("DELETE", `/v1/products/${productId}`)).status, 204);
  });

  test("another organization's product is still 404, whatever its tokens", async () => {
    const productId = await newProduct("A's");
    const b = await t().services.organizations.create("B");
    const { plaintext } = await t().services.tokens.issue(b.id, { kind: "admin" });
    const response = await api(t().app, plaintext)("DELETE", `/v1/products/${productId}`);
    assert.equal(response.status, 404);
    assert.equal(errorCode(response), "PRODUCT_NOT_FOUND");
  });
});

forEachDatabase("DELETE with content-type: application/json and no body", (db) => {
  const t = useTestApp(db);

  test("an empty body is no body on DELETE (204), not INVALID_JSON", async () => {
    const call = api(t().app, t().adminToken);
    for (const raw of ["", "  \n"]) {
      const product = await call("POST", "/v1/products", { name: "x" });
      const deleted = await call("DELETE", `/v1/products/${product.body.data.id}`, undefined, {
        raw,
      });
      assert.equal(deleted.status, 204, `${JSON.stringify(raw)}: ${deleted.text}`);
      assert.equal((await call("GET", `/v1/products/${product.body.data.id}`)).status, 404);
    }
    const token = await call("POST", "/v1/tokens", { kind: "admin" });
    const revoked = await call("DELETE", `/v1/tokens/${token.body.data.id}`, undefined, {
      raw: "",
    });
    assert.equal(revoked.status, 200, revoked.text);
    assert.notEqual(revoked.body.data.revokedAt, null);
  });

  test("bad JSON on DELETE is still refused, and so is an empty POST that needs members", async () => {
    const call = api(t().app, t().adminToken);
    const product = await call("POST", "/v1/products", { name: "kept" });
    const id = product.body.data.id;
    const broken = await call("DELETE", `/v1/products/${id}`, undefined, { raw: "{" });
    assert.equal(broken.status, 400);
    assert.equal(errorCode(broken), "INVALID_JSON");
    const empty = await call("POST", "/v1/products", undefined, { raw: "" });
    assert.equal(empty.status, 400, empty.text);
    assert.equal(errorCode(empty), "VALIDATION_FAILED");
    assert.equal(empty.body.error.message, "body.name is required");
    // Prototype poisoning is still refused by the default parser.
    const poisoned = await call("DELETE", `/v1/products/${id}`, undefined, {
      raw: '{"__proto__":{"x":1}}',
    });
    assert.equal(poisoned.status, 400);
    assert.equal((await call("GET", `/v1/products/${id}`)).status, 200);
    // A DELETE whose route takes a body still needs it.
    const policy = await createPolicy(call, id);
    const detach = await call("DELETE", `/v1/policies/${policy.id}/entitlements`, undefined, {
      raw: "",
    });
    assert.equal(detach.status, 400);
    assert.equal(errorCode(detach), "VALIDATION_FAILED");
  });
});

forEachDatabase("OpenAPI: Idempotency-Key", (db) => {
  const t = useTestApp(db);

  test("creating POSTs document the header and the 409/422 answers; token creation does not", async () => {
    const document = (await api(t().app, null)("GET", "/v1/openapi.json")).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: Array<{ in: string; name: string; required?: boolean }>;
            security?: unknown[];
            responses: Record<string, { description?: string }>;
          }
        >
      >;
    };
    const header = (path: string, method = "post") =>
      document.paths[path]?.[method]?.parameters?.find(
        (parameter) => parameter.in === "header" && parameter.name === "idempotency-key",
      );
    const products = document.paths["/v1/products"]!.post!;
    assert.ok(header("/v1/products"), JSON.stringify(products.parameters));
    assert.notEqual(header("/v1/products")!.required, true);
    assert.ok(products.responses["409"]);
    assert.match(products.responses["422"]?.description ?? "", /IDEMPOTENCY_KEY_REUSED/);
    // Every other POST in the authenticated scope too, actions included — except those whose
    // response holds a secret (a token's, a webhook endpoint's signing secret): they refuse the
    // header (the secret is never stored).
    const holdsSecret = (operation: { description?: string } | undefined) =>
      /"(token|secret)":\{"type":"string"/.test(JSON.stringify(operation ?? {}));
    const secretRoutes: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      // Public operations (security: []) are outside the authenticated scope.
      if (!operations.post || operations.post.security?.length === 0) continue;
      const answer = operations.post.responses["201"] ?? operations.post.responses["200"];
      if (holdsSecret(answer)) {
        secretRoutes.push(path);
        assert.equal(header(path), undefined, `POST ${path} holds a secret`);
      } else {
        assert.ok(header(path), `POST ${path}`);
      }
    }
    for (const path of [
      "/v1/tokens",
      "/v1/webhook-endpoints",
      "/v1/webhook-endpoints/{id}/actions/rotate-secret",
    ]) {
      assert.ok(secretRoutes.includes(path), `${path} not in ${secretRoutes.join()}`);
    }
    assert.ok(document.paths["/v1/licenses/{id}/actions/renew"]?.post);
    assert.equal(header("/v1/products", "get"), undefined);
    assert.equal(header("/v1/products/{id}", "patch"), undefined);
  });
});
