import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createEntitlement,
  createLicense,
  createPolicy,
  createProduct,
  productToken,
} from "./licensing-fixtures.js";
import { api, createOrganization, errorCode, listAll, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const ENTITLEMENT_ID = /^ent_[0-9a-hjkmnp-tv-z]{26}$/;

forEachDatabase("entitlements", (db) => {
  const t = useTestApp(db);

  test("CRUD: create, get, list, patch, delete", async () => {
    const { adminToken } = await createOrganization(t().services, "Entitlements CRUD");
    const call = api(t().app, adminToken);
    const created = await call("POST", "/v1/entitlements", {
      code: "export.pdf",
      name: "PDF export",
      metadata: { tier: 2 },
    });
    assert.equal(created.status, 201, created.text);
    const entitlement = created.body.data;
    assert.match(entitlement.id, ENTITLEMENT_ID);
    assert.deepEqual(
      { code: entitlement.code, name: entitlement.name, metadata: entitlement.metadata },
      { code: "export.pdf", name: "PDF export", metadata: { tier: 2 } },
    );
    assert.deepEqual(
      (await call("GET", `/v1/entitlements/${entitlement.id}`)).body.data,
      entitlement,
    );
    const second = await createEntitlement(call, "cloud-sync");
    assert.deepEqual(
      (await listAll(call, "/v1/entitlements")).map((e) => e.id),
      [entitlement.id, second],
    );
    const patched = await call("PATCH", `/v1/entitlements/${entitlement.id}`, {
      name: "Export to PDF",
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.data.name, "Export to PDF");
    assert.equal(patched.body.data.code, "export.pdf");
    assert.equal((await call("DELETE", `/v1/entitlements/${entitlement.id}`)).status, 204);
    assert.equal((await call("GET", `/v1/entitlements/${entitlement.id}`)).status, 404);
    assert.deepEqual(
      (await listAll(call, "/v1/entitlements")).map((e) => e.id),
      [second],
    );
  });

  test("codes are unique per organization (409), not across organizations", async () => {
    const { adminToken } = await createOrganization(t().services, "Codes 1");
    const other = await createOrganization(t().services, "Codes 2");
    const call = api(t().app, adminToken);
    await createEntitlement(call, "same");
    const again = await call("POST", "/v1/entitlements", { code: "same", name: "x" });
    assert.equal(again.status, 409);
    assert.equal(errorCode(again), "CONFLICT");
    const renamed = await createEntitlement(call, "different");
    const clash = await call("PATCH", `/v1/entitlements/${renamed}`, { code: "same" });
    assert.equal(clash.status, 409);
    await createEntitlement(api(t().app, other.adminToken), "same");
    assert.equal((await listAll(call, "/v1/entitlements")).length, 2);
  });

  test("bad input → 400 and nothing written", async () => {
    const { adminToken } = await createOrganization(t().services, "Entitlements bad");
    const call = api(t().app, adminToken);
    for (const body of [
      {},
      { code: "x" },
      { code: "has space", name: "x" },
      { code: "", name: "x" },
      { code: "x", name: "x", extra: 1 },
      { code: 5, name: "x" },
    ]) {
      const response = await call("POST", "/v1/entitlements", body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(errorCode(response), "VALIDATION_FAILED");
    }
    assert.deepEqual(await listAll(call, "/v1/entitlements"), []);
  });

  for (const kind of ["policies", "licenses"] as const) {
    test(`attach, list and detach entitlements on ${kind}`, async () => {
      const { adminToken } = await createOrganization(t().services, `Attach ${kind}`);
      const call = api(t().app, adminToken);
      const policy = await createPolicy(call, await createProduct(call));
      const ownerId = kind === "policies" ? policy.id : (await createLicense(call, policy)).id;
      const path = `/v1/${kind}/${ownerId}/entitlements`;
      const [a, b, c] = [
        await createEntitlement(call, "a"),
        await createEntitlement(call, "b"),
        await createEntitlement(call, "c"),
      ];
      assert.deepEqual((await call("GET", path)).body, { data: [], nextCursor: null });

      const attached = await call("POST", path, { entitlementIds: [c, a, a] });
      assert.equal(attached.status, 204, attached.text);
      assert.deepEqual(
        (await listAll(call, path)).map((e) => e.id),
        [a, c],
      );
      // Attaching again keeps what is there and adds the rest.
      assert.equal((await call("POST", path, { entitlementIds: [a, b] })).status, 204);
      const listed = await call("GET", `${path}?limit=2`);
      assert.deepEqual(
        listed.body.data.map((e: { id: string }) => e.id),
        [a, b],
      );
      assert.equal(listed.body.data[0].code, "a");
      assert.equal(listed.body.nextCursor, b);

      // Unknown ids: 404 and nothing attached.
      const unknown = await call("POST", path, {
        entitlementIds: [c, "ent_01m84cp2y929bjrzt348fmrx3m"],
      });
      assert.equal(unknown.status, 404);
      assert.equal(errorCode(unknown), "ENTITLEMENT_NOT_FOUND");
      for (const body of [
        { entitlementIds: [] },
        {},
        { entitlementIds: "a" },
        { entitlementIds: [a], x: 1 },
      ]) {
        assert.equal((await call("POST", path, body)).status, 400, JSON.stringify(body));
      }

      const detached = await call("DELETE", path, { entitlementIds: [a] });
      assert.equal(detached.status, 204, detached.text);
      assert.deepEqual(
        (await listAll(call, path)).map((e) => e.id),
        [b, c],
      );

      // Deleting an entitlement detaches it everywhere.
      assert.equal((await call("DELETE", `/v1/entitlements/${b}`)).status, 204);
      assert.deepEqual(
        (await listAll(call, path)).map((e) => e.id),
        [c],
      );
    });
  }

  test("a policy or license with entitlements can still be deleted", async () => {
    const { adminToken } = await createOrganization(t().services, "Delete owners");
    const call = api(t().app, adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const license = await createLicense(call, policy);
    const entitlement = await createEntitlement(call, "feature");
    await call("POST", `/v1/policies/${policy.id}/entitlements`, { entitlementIds: [entitlement] });
    await call("POST", `/v1/licenses/${license.id}/entitlements`, {
      entitlementIds: [entitlement],
    });
    assert.equal((await call("DELETE", `/v1/licenses/${license.id}`)).status, 204);
    assert.equal((await call("DELETE", `/v1/policies/${policy.id}`)).status, 204);
    assert.equal((await call("GET", `/v1/entitlements/${entitlement}`)).status, 200);
  });

  test("product tokens read entitlements and attach them to their own policies only", async () => {
    const { adminToken } = await createOrganization(t().services, "Product tokens");
    const call = api(t().app, adminToken);
    const mine = await createProduct(call, "mine");
    const theirs = await createProduct(call, "theirs");
    const myPolicy = await createPolicy(call, mine);
    const theirPolicy = await createPolicy(call, theirs);
    const entitlement = await createEntitlement(call, "feature");
    const asProduct = api(t().app, await productToken(call, mine));
    assert.equal((await asProduct("GET", "/v1/entitlements")).status, 200);
    assert.equal((await asProduct("GET", `/v1/entitlements/${entitlement}`)).status, 200);
    assert.equal(
      (await asProduct("POST", "/v1/entitlements", { code: "p", name: "p" })).status,
      403,
    );
    assert.equal(
      (await asProduct("PATCH", `/v1/entitlements/${entitlement}`, { name: "p" })).status,
      403,
    );
    assert.equal((await asProduct("DELETE", `/v1/entitlements/${entitlement}`)).status, 403);
    const body = { entitlementIds: [entitlement] };
    assert.equal(
      (await asProduct("POST", `/v1/policies/${myPolicy.id}/entitlements`, body)).status,
      204,
    );
    assert.equal(
      (await asProduct("POST", `/v1/policies/${theirPolicy.id}/entitlements`, body)).status,
      403,
    );
    assert.deepEqual(await listAll(call, `/v1/policies/${theirPolicy.id}/entitlements`), []);
  });
});
