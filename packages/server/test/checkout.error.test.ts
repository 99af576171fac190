import assert from "node:assert/strict";
import { before, test } from "node:test";
import { activate, snapshot } from "./checkout-fixtures.js";
import { createLicense, createPolicy, createProduct } from "./licensing-fixtures.js";
import { type Api, api, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

forEachDatabase("checkout: bad input", (db) => {
  const t = useTestApp(db);
  let call: Api;
  let licenseId: string;
  let machineId: string;

  before(async () => {
    call = api(t().app, t().adminToken);
    const productId = await createProduct(call);
    const policy = await createPolicy(call, productId, { floating: true, maxMachines: 2 });
    licenseId = (await createLicense(call, policy)).id;
    machineId = (await activate(call, licenseId, "fp-error-0001")).id;
  });

  /** Sends the request, expects status + code, and that nothing in the store changed. */
  async function refused(
    status: number,
    code: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) {
    const before = await snapshot(t());
    const response = await call("POST", url, body, headers ? { headers } : {});
    assert.equal(response.status, status, `${url} ${JSON.stringify(body)}: ${response.text}`);
    assert.equal(errorCode(response), code, `${url} ${JSON.stringify(body)}`);
    assert.deepEqual(await snapshot(t()), before);
  }

  test("file options out of range or unknown: 400 VALIDATION_FAILED", async () => {
    for (const path of [
      `/v1/licenses/${licenseId}/actions/check-out`,
      `/v1/machines/${machineId}/actions/check-out`,
    ]) {
      for (const body of [
        { algorithm: "aes-128-cbc+ed25519" },
        { algorithm: "ED25519" },
        { algorithm: "ed25519" },
        { ttlSeconds: 3599 },
        { ttlSeconds: 31_556_953 },
        { ttlSeconds: 86_400.5 },
        { ttlSeconds: "86400" },
        { include: ["machines"] },
        { include: ["product", "product"] },
        { include: "product" },
        { encrypt: true },
      ]) {
        await refused(400, "VALIDATION_FAILED", path, body);
      }
      await refused(400, "VALIDATION_FAILED", `${path}?format=pdf`);
      await refused(400, "VALIDATION_FAILED", `${path}?download=1`);
    }
    // "license" is a machine file's include: a license file is the license.
    await refused(400, "VALIDATION_FAILED", `/v1/licenses/${licenseId}/actions/check-out`, {
      include: ["license"],
    });
  });

  test("proof options: an unknown algorithm is 400", async () => {
    for (const body of [{ algorithm: "rsa" }, { algorithm: "base64+ed25519" }, { x: 1 }]) {
      await refused(400, "VALIDATION_FAILED", `/v1/machines/${machineId}/actions/proof`, body);
    }
  });

  test("a suspended or revoked license's device gets no activation proof: 409, as activating would", async () => {
    const productId = await createProduct(call);
    const policy = await createPolicy(call, productId, { floating: true, maxMachines: 2 });
    const license = (await createLicense(call, policy)).id;
    const machine = (await activate(call, license, "fp-error-proof-1")).id;
    const proof = `/v1/machines/${machine}/actions/proof`;
    assert.equal((await call("POST", proof)).status, 200);
    await call("POST", `/v1/licenses/${license}/actions/suspend`);
    await refused(409, "LICENSE_SUSPENDED", proof);
    await call("POST", `/v1/licenses/${license}/actions/reinstate`);
    assert.equal((await call("POST", proof)).status, 200);
    await call("POST", `/v1/licenses/${license}/actions/revoke`);
    await refused(409, "LICENSE_REVOKED", proof);
  });

  test("unknown ids: 404 before anything is signed", async () => {
    for (const id of ["lic_00000000000000000000000000", "nonsense", machineId]) {
      await refused(404, "LICENSE_NOT_FOUND", `/v1/licenses/${id}/actions/check-out`);
    }
    for (const id of ["mach_00000000000000000000000000", "nonsense", licenseId]) {
      await refused(404, "MACHINE_NOT_FOUND", `/v1/machines/${id}/actions/check-out`);
      await refused(404, "MACHINE_NOT_FOUND", `/v1/machines/${id}/actions/proof`);
    }
  });
});
