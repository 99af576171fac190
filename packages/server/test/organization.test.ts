import assert from "node:assert/strict";
import { test } from "node:test";
import { api, createOrganization, errorCode, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("organization: read and rename", (db) => {
  const clock = manualClock(new Date("2026-11-23T10:00:00.000Z"));
  const t = useTestApp(db, { clock });

  test("an admin renames its organization; updatedAt moves, createdAt does not", async () => {
    const call = api(t().app, t().adminToken);
    const before = (await call("GET", "/v1/organization")).body.data;
    clock.advance(60_000);
    const renamed = await call("PATCH", "/v1/organization", { name: "Acme Software" });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.data.name, "Acme Software");
    assert.equal(renamed.body.data.id, before.id);
    assert.equal(renamed.body.data.createdAt, before.createdAt);
    assert.equal(renamed.body.data.updatedAt, "2026-11-23T10:01:00.000Z");
    assert.equal((await call("GET", "/v1/organization")).body.data.name, "Acme Software");
  });

  test("bad bodies are refused and change nothing", async () => {
    const call = api(t().app, t().adminToken);
    const before = (await call("GET", "/v1/organization")).body.data;
    const cases: [unknown, string][] = [
      [{}, "VALIDATION_FAILED"],
      [{ name: "" }, "VALIDATION_FAILED"],
      [{ name: 42 }, "VALIDATION_FAILED"],
      [{ name: "x".repeat(201) }, "VALIDATION_FAILED"],
      [{ name: "Ok", id: "org_other" }, "VALIDATION_FAILED"],
    ];
    for (const [body, code] of cases) {
      const response = await call("PATCH", "/v1/organization", body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(errorCode(response), code);
    }
    const malformed = await call("PATCH", "/v1/organization", undefined, { raw: '{"name":' });
    assert.equal(malformed.status, 400);
    assert.equal(errorCode(malformed), "INVALID_JSON");
    assert.deepEqual((await call("GET", "/v1/organization")).body.data, before);
  });

  test("only admin tokens rename; another organization's rename touches only its own", async () => {
    const call = api(t().app, t().adminToken);
    const product = await call("POST", "/v1/products", { name: "Scoped" });
    const productToken = await call("POST", "/v1/tokens", {
      kind: "product",
      productId: product.body.data.id,
    });
    const refused = await api(t().app, productToken.body.data.token)("PATCH", "/v1/organization", {
      name: "Hijacked",
    });
    assert.equal(refused.status, 403);
    assert.equal(errorCode(refused), "FORBIDDEN");
    assert.equal(
      await api(t().app, null)("PATCH", "/v1/organization", { name: "Anon" }).then((r) => r.status),
      401,
    );

    const nameBefore = (await call("GET", "/v1/organization")).body.data.name;
    const other = await createOrganization(t().services, "Other org");
    const otherRename = await api(t().app, other.adminToken)("PATCH", "/v1/organization", {
      name: "Other, renamed",
    });
    assert.equal(otherRename.status, 200);
    assert.equal(otherRename.body.data.id, other.organizationId);
    assert.equal((await call("GET", "/v1/organization")).body.data.name, nameBefore);
  });
});
