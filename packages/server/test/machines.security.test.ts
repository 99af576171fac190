// Machines and license tokens: another organization gets exactly what an unknown id gets
// (404) on every machine route; a license token reads its own license and machines only —
// other licenses and their machines are unknown to it (404), every other action is 403.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import {
  createEntitlement,
  createLicense,
  createPolicy,
  createProduct,
  productToken,
} from "./licensing-fixtures.js";
import { insertMachine, licenseToken, machineRows } from "./machine-fixtures.js";
import { type Api, api, createOrganization, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const MISSING_MACHINE = "mach_01m84cp2y929bjrzt348fmrx3m";
const MISSING_LICENSE = "lic_01m84cp2y929bjrzt348fmrx3m";

forEachDatabase("machines and license tokens: isolation", (db) => {
  const t = useTestApp(db);
  let b: { organizationId: string; adminToken: string };
  const a = {
    productId: "",
    licenseId: "",
    otherLicenseId: "",
    machineId: "",
    otherMachineId: "",
    policyId: "",
  };
  let bLicenseId: string;
  let bMachineId: string;

  before(async () => {
    const asA = api(t().app, t().adminToken);
    a.productId = await createProduct(asA);
    const policy = await createPolicy(asA, a.productId, { floating: true, maxMachines: 5 });
    a.policyId = policy.id;
    a.licenseId = (await createLicense(asA, policy)).id;
    a.otherLicenseId = (await createLicense(asA, policy)).id;
    a.machineId = (await insertMachine(t(), a.licenseId)).id;
    a.otherMachineId = (await insertMachine(t(), a.otherLicenseId)).id;
    b = await createOrganization(t().services, "Organization B");
    const asB = api(t().app, b.adminToken);
    const bPolicy = await createPolicy(asB, await createProduct(asB, "B's product"));
    bLicenseId = (await createLicense(asB, bPolicy)).id;
    bMachineId = (await insertMachine(t(), bLicenseId, {}, b.organizationId)).id;
  });

  /** Without last_used_at: it records that a token authenticated, not what its request did. */
  async function tokenRows() {
    const rows = await t().store.db.selectFrom("tokens").selectAll().orderBy("id").execute();
    return rows.map(({ last_used_at: _used, ...row }) => row);
  }

  async function snapshot() {
    return {
      machines: await machineRows(t().store),
      tokens: await tokenRows(),
      licenses: await t().store.db.selectFrom("licenses").selectAll().orderBy("id").execute(),
    };
  }

  /** Asserts `foreign` answers exactly as `unknown` does: 404, same code and message. */
  function sameAsUnknown(
    foreign: Awaited<ReturnType<Api>>,
    unknown: Awaited<ReturnType<Api>>,
    ids: [string, string],
    label: string,
  ) {
    assert.equal(foreign.status, 404, `${label}: ${foreign.text}`);
    assert.equal(unknown.status, 404, `${label}: ${unknown.text}`);
    assert.equal(errorCode(foreign), errorCode(unknown), label);
    assert.equal(
      foreign.body.error.message.replace(ids[0], "<id>"),
      unknown.body.error.message.replace(ids[1], "<id>"),
      label,
    );
  }

  test("every machine route, walked from the OpenAPI document, answers B as for an unknown id", async () => {
    const asB = api(t().app, b.adminToken);
    const document = (await api(t().app, null)("GET", "/v1/openapi.json")).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const before = await snapshot();
    const walked: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.startsWith("/v1/machines/{id}")) continue;
      for (const method of Object.keys(operations)) {
        const verb = method.toUpperCase() as "GET" | "PATCH" | "DELETE" | "POST";
        const body = method === "patch" ? { name: "pwned", variables: { x: 1 } } : undefined;
        const foreign = await asB(verb, path.replace("{id}", a.machineId), body);
        const unknown = await asB(verb, path.replace("{id}", MISSING_MACHINE), body);
        sameAsUnknown(foreign, unknown, [a.machineId, MISSING_MACHINE], `${verb} ${path}`);
        walked.push(`${verb} ${path}`);
      }
    }
    for (const route of [
      "GET /v1/machines/{id}",
      "PATCH /v1/machines/{id}",
      "DELETE /v1/machines/{id}",
      "POST /v1/machines/{id}/actions/heartbeat",
      "POST /v1/machines/{id}/actions/check-out",
      "POST /v1/machines/{id}/actions/proof",
    ]) {
      assert.ok(walked.includes(route), `${route} walked: ${walked.join(", ")}`);
    }
    const token = await asB("POST", `/v1/licenses/${a.licenseId}/tokens`, {});
    const unknownToken = await asB("POST", `/v1/licenses/${MISSING_LICENSE}/tokens`, {});
    sameAsUnknown(token, unknownToken, [a.licenseId, MISSING_LICENSE], "license token");
    assert.deepEqual(await snapshot(), before);
  });

  test("B's machine list never shows A's machines, even filtered by A's ids", async () => {
    const asB = api(t().app, b.adminToken);
    const all = await asB("GET", "/v1/machines");
    assert.deepEqual(
      all.body.data.map((item: { id: string }) => item.id),
      [bMachineId],
    );
    const machine = (await machineRows(t().store)).find((row) => row.id === a.machineId)!;
    for (const query of [
      `licenseId=${a.licenseId}`,
      `productId=${a.productId}`,
      `fingerprint=${machine.fingerprint}`,
    ]) {
      const response = await asB("GET", `/v1/machines?${query}`);
      assert.equal(response.status, 200, query);
      assert.deepEqual(response.body.data, [], query);
    }
  });

  test("a product token of another product gets 403 on the machines of this product", async () => {
    const asA = api(t().app, t().adminToken);
    const other = api(t().app, await productToken(asA, await createProduct(asA, "Other")));
    const before = await snapshot();
    for (const [method, body] of [
      ["GET", undefined],
      ["PATCH", { name: "x" }],
      ["DELETE", undefined],
    ] as const) {
      const response = await other(method, `/v1/machines/${a.machineId}`, body);
      assert.equal(response.status, 403, `${method}: ${response.text}`);
    }
    assert.equal((await other("GET", `/v1/machines?productId=${a.productId}`)).status, 403);
    const own = await other("GET", "/v1/machines");
    assert.equal(own.status, 200);
    assert.deepEqual(own.body.data, []);
    assert.deepEqual(await snapshot(), before);
  });

  test("a license token cannot see other licenses or their machines: 404 as for unknown ids", async () => {
    const asLicense = api(t().app, await licenseToken(api(t().app, t().adminToken), a.licenseId));
    const before = await snapshot();
    for (const [foreignId, missing] of [
      [a.otherLicenseId, MISSING_LICENSE],
      [bLicenseId, MISSING_LICENSE],
    ] as const) {
      for (const [method, suffix, body] of [
        ["GET", "", undefined],
        ["PATCH", "", { name: "x" }],
        ["DELETE", "", undefined],
        ["POST", "/actions/revoke", undefined],
        ["GET", "/entitlements", undefined],
        ["POST", "/tokens", {}],
      ] as const) {
        const foreign = await asLicense(method, `/v1/licenses/${foreignId}${suffix}`, body);
        const unknown = await asLicense(method, `/v1/licenses/${missing}${suffix}`, body);
        sameAsUnknown(foreign, unknown, [foreignId, missing], `${method} ${foreignId}${suffix}`);
      }
      const filtered = await asLicense("GET", `/v1/machines?licenseId=${foreignId}`);
      const unknownFilter = await asLicense("GET", `/v1/machines?licenseId=${missing}`);
      sameAsUnknown(filtered, unknownFilter, [foreignId, missing], "machines?licenseId");
    }
    for (const machineId of [a.otherMachineId, bMachineId]) {
      for (const [method, body] of [
        ["GET", undefined],
        ["PATCH", { name: "x" }],
        ["DELETE", undefined],
      ] as const) {
        const foreign = await asLicense(method, `/v1/machines/${machineId}`, body);
        const unknown = await asLicense(method, `/v1/machines/${MISSING_MACHINE}`, body);
        sameAsUnknown(foreign, unknown, [machineId, MISSING_MACHINE], `${method} ${machineId}`);
      }
    }
    const listed = await asLicense("GET", `/v1/machines?productId=${a.productId}`);
    assert.deepEqual(
      listed.body.data.map((item: { id: string }) => item.id),
      [a.machineId],
    );
    assert.deepEqual(await snapshot(), before);
  });

  test("a license token reads and deactivates its machines: everything else is 403", async () => {
    const asA = api(t().app, t().adminToken);
    const entitlementId = await createEntitlement(asA, "feature");
    const asLicense = api(t().app, await licenseToken(asA, a.licenseId));
    const before = await snapshot();
    const own = `/v1/licenses/${a.licenseId}`;
    for (const [method, path, body] of [
      ["PATCH", own, { name: "x" }],
      ["DELETE", own, undefined],
      ["POST", `${own}/actions/suspend`, undefined],
      ["POST", `${own}/actions/revoke`, undefined],
      ["POST", `${own}/actions/renew`, undefined],
      ["GET", `${own}/entitlements`, undefined],
      ["POST", `${own}/entitlements`, { entitlementIds: [entitlementId] }],
      ["POST", `${own}/tokens`, {}],
      ["PATCH", `/v1/machines/${a.machineId}`, { name: "x" }],
      ["GET", "/v1/licenses", undefined],
      ["POST", "/v1/licenses", { productId: a.productId, policyId: a.policyId }],
      ["GET", "/v1/products", undefined],
      ["GET", `/v1/products/${a.productId}`, undefined],
      ["GET", "/v1/policies", undefined],
      ["GET", "/v1/entitlements", undefined],
      ["GET", "/v1/users", undefined],
      ["GET", "/v1/handshake-codes", undefined],
      ["GET", "/v1/tokens", undefined],
      ["POST", "/v1/tokens", { kind: "admin" }],
      ["GET", "/v1/organization", undefined],
      ["GET", "/v1/signing-keys", undefined],
    ] as const) {
      const response = await asLicense(method, path, body);
      assert.equal(response.status, 403, `${method} ${path}: ${response.text}`);
      assert.equal(errorCode(response), "FORBIDDEN", `${method} ${path}`);
    }
    assert.deepEqual(await snapshot(), before);
    // What it may do still works.
    assert.equal((await asLicense("GET", own)).status, 200);
    assert.equal((await asLicense("GET", `/v1/machines/${a.machineId}`)).status, 200);
    // Self-service deactivation of a lost device (SPEC X6).
    assert.equal((await asLicense("DELETE", `/v1/machines/${a.machineId}`)).status, 204);
    assert.equal((await asLicense("GET", `/v1/machines/${a.machineId}`)).status, 404);
  });

  test("a revoked license token answers 401; B cannot revoke A's", async () => {
    const asA = api(t().app, t().adminToken);
    const created = await asA("POST", `/v1/licenses/${a.licenseId}/tokens`, {});
    const asLicense = api(t().app, created.body.data.token);
    assert.equal((await asLicense("GET", `/v1/licenses/${a.licenseId}`)).status, 200);
    const foreign = await api(t().app, b.adminToken)(
      "DELETE",
      `/v1/tokens/${created.body.data.id}`,
    );
    assert.equal(foreign.status, 404);
    assert.equal((await asLicense("GET", `/v1/licenses/${a.licenseId}`)).status, 200);
    assert.equal((await asA("DELETE", `/v1/tokens/${created.body.data.id}`)).status, 200);
    assert.equal((await asLicense("GET", `/v1/licenses/${a.licenseId}`)).status, 401);
    assert.equal((await asLicense("GET", "/v1/machines")).status, 401);
  });

  test("the public keys endpoint gives each organization its own keys, and no secrets", async () => {
    const anonymous = api(t().app, null);
    const aKeys = (await anonymous("GET", `/v1/organizations/${t().organizationId}/signing-keys`))
      .body.data as Array<{ id: string }>;
    const bKeys = (await anonymous("GET", `/v1/organizations/${b.organizationId}/signing-keys`))
      .body.data as Array<{ id: string }>;
    assert.equal(aKeys.length, 2);
    assert.equal(bKeys.length, 2);
    assert.ok(!aKeys.some((key) => bKeys.some((other) => other.id === key.id)));
    const rows = await t()
      .store.db.selectFrom("signing_keys")
      .select("private_key_encrypted")
      .execute();
    const text = JSON.stringify(aKeys) + JSON.stringify(bKeys);
    for (const row of rows) assert.ok(!text.includes(row.private_key_encrypted));
  });
});
