// Organization isolation of policies, licenses and entitlements beyond the walk of every {id}
// route (isolation.security.test.ts): references across organizations, filtered lists, keys.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import {
  createEntitlement,
  createLicense,
  createPolicy,
  createProduct,
  DAY,
} from "./licensing-fixtures.js";
import { api, createOrganization, errorCode, listAll, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("licensing: organization isolation", (db) => {
  const t = useTestApp(db);
  let b: { organizationId: string; adminToken: string };
  const a = { productId: "", policyId: "", licenseId: "", entitlementId: "" };
  let bEntitlement: string;
  let bPolicy: { id: string; productId: string };

  before(async () => {
    const asA = api(t().app, t().adminToken);
    a.productId = await createProduct(asA);
    const policy = await createPolicy(asA, a.productId, { model: "timed", durationSeconds: DAY });
    a.policyId = policy.id;
    a.licenseId = (await createLicense(asA, policy)).id;
    a.entitlementId = await createEntitlement(asA, "a-feature");
    await asA("POST", `/v1/policies/${a.policyId}/entitlements`, {
      entitlementIds: [a.entitlementId],
    });
    await asA("POST", `/v1/licenses/${a.licenseId}/entitlements`, {
      entitlementIds: [a.entitlementId],
    });
    b = await createOrganization(t().services, "Organization B");
    const asB = api(t().app, b.adminToken);
    bEntitlement = await createEntitlement(asB, "b-feature");
    bPolicy = await createPolicy(asB, await createProduct(asB, "B's product"));
  });

  /** Everything A has, as A sees it. */
  async function snapshot() {
    const asA = api(t().app, t().adminToken);
    return {
      policies: await listAll(asA, "/v1/policies"),
      licenses: await listAll(asA, "/v1/licenses"),
      entitlements: await listAll(asA, "/v1/entitlements"),
      policyEntitlements: await listAll(asA, `/v1/policies/${a.policyId}/entitlements`),
      licenseEntitlements: await listAll(asA, `/v1/licenses/${a.licenseId}/entitlements`),
    };
  }

  test("B cannot build on A's product, policy or entitlements", async () => {
    const asB = api(t().app, b.adminToken);
    const asA = api(t().app, t().adminToken);
    const before = await snapshot();
    const policy = await asB("POST", "/v1/policies", { productId: a.productId, name: "x" });
    assert.equal(policy.status, 404);
    assert.equal(errorCode(policy), "PRODUCT_NOT_FOUND");
    const license = await asB("POST", "/v1/licenses", {
      productId: a.productId,
      policyId: a.policyId,
    });
    assert.equal(license.status, 404);
    assert.equal(errorCode(license), "POLICY_NOT_FOUND");
    const attach = await asB("POST", `/v1/policies/${bPolicy.id}/entitlements`, {
      entitlementIds: [a.entitlementId],
    });
    assert.equal(attach.status, 404);
    assert.equal(errorCode(attach), "ENTITLEMENT_NOT_FOUND");
    // Nor can A attach B's entitlement.
    const reverse = await asA("POST", `/v1/policies/${a.policyId}/entitlements`, {
      entitlementIds: [bEntitlement],
    });
    assert.equal(reverse.status, 404);
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual(await listAll(asB, `/v1/policies/${bPolicy.id}/entitlements`), []);
  });

  test("B's lists never show A's items, even filtered by A's ids", async () => {
    const asB = api(t().app, b.adminToken);
    const bLicense = await createLicense(asB, bPolicy);
    assert.deepEqual(
      (await listAll(asB, "/v1/policies")).map((p) => p.id),
      [bPolicy.id],
    );
    assert.deepEqual(
      (await listAll(asB, "/v1/licenses")).map((l) => l.id),
      [bLicense.id],
    );
    assert.deepEqual(
      (await listAll(asB, "/v1/entitlements")).map((e) => e.id),
      [bEntitlement],
    );
    for (const query of [
      `/v1/policies?productId=${a.productId}`,
      `/v1/licenses?productId=${a.productId}`,
      `/v1/licenses?policyId=${a.policyId}`,
      `/v1/licenses?policyId=${a.policyId}&status=active`,
    ]) {
      const response = await asB("GET", query);
      assert.equal(response.status, 200, query);
      assert.deepEqual(response.body.data, [], query);
    }
    const asA = api(t().app, t().adminToken);
    const aLicenses = (await listAll(asA, "/v1/licenses")).map((l) => l.id);
    assert.ok(aLicenses.includes(a.licenseId));
    assert.ok(!aLicenses.includes(bLicense.id));
  });

  test("license keys are made with each organization's own signing keys", async () => {
    const asA = api(t().app, t().adminToken);
    const asB = api(t().app, b.adminToken);
    const aPolicy = await createPolicy(asA, a.productId, { scheme: "ED25519_SIGN" });
    const bSigned = await createPolicy(asB, bPolicy.productId, { scheme: "ED25519_SIGN" });
    const { parsePublicKey, verifyLicenseKey } = await import("@keyward/formats");
    const aKey = (await createLicense(asA, aPolicy)).key;
    const bKey = (await createLicense(asB, bSigned)).key;
    const publicKey = async (call: typeof asA) =>
      parsePublicKey(
        (
          (await call("GET", "/v1/signing-keys")).body.data as Array<{
            algorithm: string;
            publicKey: string;
          }>
        ).find((k) => k.algorithm === "ed25519")!.publicKey,
      );
    const options = { scheme: "ED25519_SIGN" as const };
    assert.ok((await verifyLicenseKey(aKey, await publicKey(asA), options)).ok);
    assert.ok((await verifyLicenseKey(bKey, await publicKey(asB), options)).ok);
    assert.equal((await verifyLicenseKey(aKey, await publicKey(asB), options)).ok, false);
    assert.equal((await verifyLicenseKey(bKey, await publicKey(asA), options)).ok, false);
  });
});
