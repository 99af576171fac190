import assert from "node:assert/strict";
import { before, test } from "node:test";
import { createLicense, createPolicy, createProduct, productToken } from "./licensing-fixtures.js";
import { insertMachine, machineRows } from "./machine-fixtures.js";
import { api, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("machines and license tokens: bad input", (db) => {
  const t = useTestApp(db);
  let licenseId: string;
  let machineId: string;

  before(async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    licenseId = (await createLicense(call, policy)).id;
    machineId = (await insertMachine(t(), licenseId)).id;
  });

  /** Without last_used_at: it records that a token authenticated, not what its request did. */
  async function tokenRows() {
    const rows = await t().store.db.selectFrom("tokens").selectAll().orderBy("id").execute();
    return rows.map(({ last_used_at: _used, ...row }) => row);
  }

  /** Runs `check` and asserts no machine or token row changed. */
  async function unchanged(check: () => Promise<void>) {
    const machines = await machineRows(t().store);
    const tokens = await tokenRows();
    await check();
    assert.deepEqual(await machineRows(t().store), machines);
    assert.deepEqual(await tokenRows(), tokens);
  }

  test("PATCH /v1/machines/:id rejects what its schema does not allow: 400, nothing written", async () => {
    const call = api(t().app, t().adminToken);
    await unchanged(async () => {
      for (const body of [
        { fingerprint: "other" },
        { licenseId },
        { name: "" },
        { name: "x".repeat(201) },
        { name: 42 },
        { variables: [1, 2] },
        { variables: "cpu=8" },
        { variables: null },
        { metadata: null },
        { metadata: [] },
        { lastHeartbeatAt: new Date().toISOString() },
      ]) {
        const response = await call("PATCH", `/v1/machines/${machineId}`, body);
        assert.equal(response.status, 400, `${JSON.stringify(body)}: ${response.text}`);
        assert.equal(errorCode(response), "VALIDATION_FAILED");
      }
      const raw = await call("PATCH", `/v1/machines/${machineId}`, undefined, { raw: "{name" });
      assert.equal(raw.status, 400);
    });
  });

  test("malformed and unknown machine ids answer 404", async () => {
    const call = api(t().app, t().adminToken);
    await unchanged(async () => {
      for (const id of [
        "nope",
        "lic_01m84cp2y929bjrzt348fmrx3m",
        "mach_01m84cp2y929bjrzt348fmrx3m",
      ]) {
        for (const [method, body] of [
          ["GET", undefined],
          ["PATCH", { name: "x" }],
          ["DELETE", undefined],
        ] as const) {
          const response = await call(method, `/v1/machines/${id}`, body);
          assert.equal(response.status, 404, `${method} ${id}: ${response.text}`);
          assert.equal(errorCode(response), "MACHINE_NOT_FOUND");
        }
      }
    });
  });

  test("GET /v1/machines rejects bad query parameters with 400", async () => {
    const call = api(t().app, t().adminToken);
    for (const query of [
      "limit=0",
      "limit=101",
      "limit=abc",
      "status=active",
      `licenseId=${"x".repeat(65)}`,
      "fingerprint=",
    ]) {
      const response = await call("GET", `/v1/machines?${query}`);
      assert.equal(response.status, 400, `${query}: ${response.text}`);
    }
  });

  test("POST /v1/licenses/:id/tokens: bad bodies, past expiry, unknown license, Idempotency-Key", async () => {
    const call = api(t().app, t().adminToken);
    await unchanged(async () => {
      for (const body of [
        { kind: "admin" },
        { productId: "prod_x" },
        { licenseId },
        { name: "" },
        { expiresAt: "tomorrow" },
      ]) {
        const response = await call("POST", `/v1/licenses/${licenseId}/tokens`, body);
        assert.equal(response.status, 400, `${JSON.stringify(body)}: ${response.text}`);
      }
      const past = await call("POST", `/v1/licenses/${licenseId}/tokens`, {
        expiresAt: "2001-01-01T00:00:00Z",
      });
      assert.equal(past.status, 400);
      assert.equal(errorCode(past), "INVALID_EXPIRY");
      for (const id of ["nope", "lic_01m84cp2y929bjrzt348fmrx3m"]) {
        const missing = await call("POST", `/v1/licenses/${id}/tokens`, {});
        assert.equal(missing.status, 404);
        assert.equal(errorCode(missing), "LICENSE_NOT_FOUND");
      }
      // Its response holds a secret: it is never stored to replay.
      const idempotent = await call(
        "POST",
        `/v1/licenses/${licenseId}/tokens`,
        {},
        { headers: { "idempotency-key": "k-1" } },
      );
      assert.equal(idempotent.status, 400, idempotent.text);
      assert.equal(errorCode(idempotent), "IDEMPOTENCY_KEY_NOT_SUPPORTED");
      // POST /v1/tokens does not make license tokens.
      const generic = await call("POST", "/v1/tokens", { kind: "license" });
      assert.equal(generic.status, 400);
    });
  });

  test("a product token of another product cannot make a license token (403)", async () => {
    const call = api(t().app, t().adminToken);
    const other = await productToken(call, await createProduct(call, "Other"));
    await unchanged(async () => {
      const response = await api(t().app, other)("POST", `/v1/licenses/${licenseId}/tokens`, {});
      assert.equal(response.status, 403, response.text);
      assert.equal(errorCode(response), "FORBIDDEN");
    });
  });

  test("GET /v1/organizations/:id/signing-keys: unknown or malformed ids answer 404", async () => {
    const anonymous = api(t().app, null);
    for (const id of ["nope", "org_01m84cp2y929bjrzt348fmrx3m", "ORG_x", `org_${"x".repeat(26)}`]) {
      const response = await anonymous("GET", `/v1/organizations/${id}/signing-keys`);
      assert.equal(response.status, 404, `${id}: ${response.text}`);
      assert.equal(errorCode(response), "ORGANIZATION_NOT_FOUND");
    }
    const long = await anonymous("GET", `/v1/organizations/${"x".repeat(65)}/signing-keys`);
    assert.equal(long.status, 400);
    // A bad token does not matter on a public route.
    const withJunk = await api(t().app, "not-a-real-token-at-all")(
      "GET",
      `/v1/organizations/${t().organizationId}/signing-keys`,
    );
    assert.equal(withJunk.status, 200);
  });
});
