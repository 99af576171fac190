import assert from "node:assert/strict";
import { before, test } from "node:test";
import { verifyActivationProof, verifyLicenseFile } from "@keyward/formats";
import { activate, type OrganizationKey, organizationKeys, snapshot } from "./checkout-fixtures.js";
import { createLicense, createPolicy, createProduct, productToken } from "./licensing-fixtures.js";
import { licenseToken } from "./machine-fixtures.js";
import { type Api, api, createOrganization, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("checkout: access and isolation", (db) => {
  const t = useTestApp(db);
  let call: Api;
  let other: Api;
  let otherKeys: { ed25519: OrganizationKey };
  let license: { id: string; key: string };
  let machineId: string;
  let neighbour: { id: string; key: string };
  let neighbourMachineId: string;
  let productId: string;

  before(async () => {
    call = api(t().app, t().adminToken);
    productId = await createProduct(call);
    const policy = await createPolicy(call, productId, { floating: true, maxMachines: 5 });
    license = await createLicense(call, policy);
    neighbour = await createLicense(call, policy);
    machineId = (await activate(call, license.id, "fp-security-0001")).id;
    neighbourMachineId = (await activate(call, neighbour.id, "fp-security-0002")).id;
    const b = await createOrganization(t().services, "Organization B");
    other = api(t().app, b.adminToken);
    otherKeys = await organizationKeys(other, b.organizationId);
  });

  const paths = (licenseId: string, machine: string) => [
    { url: `/v1/licenses/${licenseId}/actions/check-out`, code: "LICENSE_NOT_FOUND" },
    { url: `/v1/machines/${machine}/actions/check-out`, code: "MACHINE_NOT_FOUND" },
    { url: `/v1/machines/${machine}/actions/proof`, code: "MACHINE_NOT_FOUND" },
  ];

  async function expectRefusal(as: Api, url: string, status: number, code: string) {
    const before = await snapshot(t());
    const response = await as("POST", url);
    assert.equal(response.status, status, `${url}: ${response.text}`);
    assert.equal(errorCode(response), code, url);
    assert.equal(response.body.error.message.includes("BEGIN"), false);
    assert.deepEqual(await snapshot(t()), before);
  }

  test("another organization's token gets 404, as for unknown ids", async () => {
    for (const { url, code } of paths(license.id, machineId)) {
      await expectRefusal(other, url, 404, code);
    }
  });

  test("a license token or key reaches its own license only (404 elsewhere)", async () => {
    const byToken = api(t().app, await licenseToken(call, license.id));
    const byKey: Api = (method, url, body, options = {}) =>
      api(t().app, null)(method, url, body, {
        ...options,
        headers: { authorization: `License ${license.key}` },
      });
    for (const holder of [byToken, byKey]) {
      for (const { url, code } of paths(neighbour.id, neighbourMachineId)) {
        await expectRefusal(holder, url, 404, code);
      }
      // A file that never expires would outlive a revocation: not for the license holder.
      const before = await snapshot(t());
      const forever = await holder("POST", `/v1/licenses/${license.id}/actions/check-out`, {
        ttlSeconds: null,
      });
      assert.equal(forever.status, 403, forever.text);
      assert.equal(errorCode(forever), "FORBIDDEN");
      const machineForever = await holder("POST", `/v1/machines/${machineId}/actions/check-out`, {
        ttlSeconds: null,
      });
      assert.equal(machineForever.status, 403, machineForever.text);
      assert.deepEqual(await snapshot(t()), before);
    }
  });

  test("a product token of another product gets 403; of this product, the file", async () => {
    const elsewhere = api(t().app, await productToken(call, await createProduct(call, "Other")));
    for (const { url } of paths(license.id, machineId)) {
      await expectRefusal(elsewhere, url, 403, "FORBIDDEN");
    }
    const own = api(t().app, await productToken(call, productId));
    for (const { url } of paths(license.id, machineId)) {
      const response = await own("POST", url);
      assert.equal(response.status, 200, `${url}: ${response.text}`);
    }
  });

  test("files and proofs are signed with the organization's key, not another's", async () => {
    const file = await call("POST", `/v1/licenses/${license.id}/actions/check-out`);
    const verified = await verifyLicenseFile(file.body.data.certificate, otherKeys.ed25519.key, {
      algorithm: "base64+ed25519",
    });
    assert.equal(!verified.ok && verified.error.code, "BAD_SIGNATURE");
    const proof = await call("POST", `/v1/machines/${machineId}/actions/proof`);
    const proved = await verifyActivationProof(proof.body.data.proof, otherKeys.ed25519.key, {
      algorithm: "ed25519",
    });
    assert.equal(!proved.ok && proved.error.code, "BAD_SIGNATURE");
  });

  test("unauthenticated check-out is 401", async () => {
    for (const { url } of paths(license.id, machineId)) {
      await expectRefusal(api(t().app, null), url, 401, "UNAUTHORIZED");
    }
  });
});
