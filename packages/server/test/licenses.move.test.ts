// Moving a license to another policy (PATCH /v1/licenses/{id} with policyId): an upgrade keeps
// the key, overrides, expiry and machines and follows the new rules; a policy of another
// product, a key scheme the key was not made with, limits the license already passes and
// another organization's policy are refused with nothing changed.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import {
  activate,
  createLicense,
  createPolicy,
  createProduct,
  DAY,
  productToken,
} from "./licensing-fixtures.js";
import { type Api, api, createOrganization, errorCode, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

type Policy = { id: string; productId: string };

forEachDatabase("licenses: moving to another policy", (db) => {
  const t = useTestApp(db);
  let call: Api;
  let productId: string;

  before(async () => {
    call = api(t().app, t().adminToken);
    productId = await createProduct(call, "Moves");
  });

  const move = (id: string, body: Record<string, unknown>) =>
    call("PATCH", `/v1/licenses/${id}`, body);

  /** The license and its events and audit entries, to show a refusal changed nothing. */
  async function state(id: string) {
    const license = await call("GET", `/v1/licenses/${id}`);
    const events = await call("GET", `/v1/events?licenseId=${id}&limit=100`);
    const audit = await call("GET", `/v1/audit-log?resourceId=${id}&limit=100`);
    return { license: license.body, events: events.body, audit: audit.body };
  }

  /** `body` is refused with `status` and `code`, and the license is as it was. */
  async function refused(id: string, body: Record<string, unknown>, status: number, code: string) {
    const before = await state(id);
    const response = await move(id, body);
    assert.equal(response.status, status, response.text);
    assert.equal(errorCode(response), code);
    assert.deepEqual(await state(id), before);
    return response.body.error.message as string;
  }

  test("trial → paid: the key, overrides, expiry and machines stay, the new rules apply", async () => {
    const trial = await createPolicy(call, productId, {
      model: "trial",
      durationSeconds: 14 * DAY,
    });
    const paid = await createPolicy(call, productId, { floating: true, maxMachines: 5 });
    const overrides = { offlineGraceSeconds: 30 * DAY };
    const license = await createLicense(call, trial, { overrides });
    await activate(t().app, license.key, "device-1");
    // Node-locked on the trial: a second device is refused.
    const second = await call("POST", "/v1/machines", {
      licenseId: license.id,
      fingerprint: "device-2",
    });
    assert.equal(errorCode(second), "MACHINE_LIMIT_EXCEEDED");

    const moved = await move(license.id, { policyId: paid.id });
    assert.equal(moved.status, 200, moved.text);
    const data = moved.body.data;
    assert.equal(data.policyId, paid.id);
    assert.equal(data.productId, productId);
    assert.deepEqual(
      { key: data.key, overrides: data.overrides, expiresAt: data.expiresAt },
      { key: license.key, overrides, expiresAt: license.expiresAt },
    );
    // Floating now: the second device activates; the first is still there.
    await activate(t().app, license.key, "device-2");
    const machines = await call("GET", `/v1/machines?licenseId=${license.id}`);
    assert.deepEqual(
      machines.body.data.map((machine: { fingerprint: string }) => machine.fingerprint).sort(),
      ["device-1", "device-2"],
    );
    // An event (the webhooks' source) and an audit entry, each naming the new policy.
    const events = await call("GET", `/v1/events?licenseId=${license.id}&type=license.updated`);
    assert.deepEqual(events.body.data.at(-1).data, { policyId: paid.id, by: "admin" });
    const audit = await call(
      "GET",
      `/v1/audit-log?resourceId=${license.id}&resourceType=license&limit=100`,
    );
    const entry = audit.body.data.at(-1);
    assert.equal(entry.action, "license.updated");
    assert.deepEqual([entry.before.policyId, entry.after.policyId], [trial.id, paid.id]);
    // The trial policy has no license left: it can go.
    assert.equal((await call("DELETE", `/v1/policies/${trial.id}`)).status, 204);
    // Naming the policy it has already changes nothing but is no error.
    const again = await move(license.id, { policyId: paid.id, name: "Paid" });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.data.policyId, paid.id);
  });

  test("a policy of another product → 422 POLICY_PRODUCT_MISMATCH (a product token: 403)", async () => {
    const license = await createLicense(call, await createPolicy(call, productId));
    const other = await createPolicy(call, await createProduct(call, "Other product"));
    const message = await refused(
      license.id,
      { policyId: other.id },
      422,
      "POLICY_PRODUCT_MISMATCH",
    );
    assert.match(message, new RegExp(other.productId));
    // The license's product's token reaches no other product's policy, as on creation.
    const asProduct = api(t().app, await productToken(call, productId));
    const before = await state(license.id);
    const refusedToken = await asProduct("PATCH", `/v1/licenses/${license.id}`, {
      policyId: other.id,
    });
    assert.equal(refusedToken.status, 403, refusedToken.text);
    assert.equal(errorCode(refusedToken), "FORBIDDEN");
    assert.deepEqual(await state(license.id), before);
    // Within its product, it moves the license.
    const sibling = await createPolicy(call, productId, { floating: true });
    const moved = await asProduct("PATCH", `/v1/licenses/${license.id}`, { policyId: sibling.id });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.data.policyId, sibling.id);
  });

  test("a signed key moves only to a policy of its scheme; a plain key to any", async () => {
    const ed25519 = await createPolicy(call, productId, { scheme: "ED25519_SIGN" });
    const ed25519Pro = await createPolicy(call, productId, {
      scheme: "ED25519_SIGN",
      floating: true,
      maxMachines: 3,
    });
    const rsa = await createPolicy(call, productId, { scheme: "RSA_2048_PKCS1_PSS_SIGN_V2" });
    const plain = await createPolicy(call, productId);
    const signed = await createLicense(call, ed25519);
    for (const policy of [plain, rsa]) {
      const message = await refused(signed.id, { policyId: policy.id }, 409, "KEY_SCHEME_MISMATCH");
      assert.match(message, /ED25519_SIGN/);
    }
    const toPro = await move(signed.id, { policyId: ed25519Pro.id });
    assert.equal(toPro.status, 200, toPro.text);
    assert.equal(toPro.body.data.key, signed.key);

    // A plain key is looked up by its hash under any scheme: it moves to a signed policy, and
    // (a generated plain key, known as one) back.
    const plainLicense = await createLicense(call, plain);
    for (const policy of [ed25519, plain]) {
      const moved = await move(plainLicense.id, { policyId: policy.id });
      assert.equal(moved.status, 200, moved.text);
      assert.equal(moved.body.data.key, plainLicense.key);
    }
  });

  test("limits: machines or uses beyond the new rules, or overrides breaking them, are refused", async () => {
    const floating = await createPolicy(call, productId, { floating: true, maxMachines: 3 });
    const nodeLocked = await createPolicy(call, productId);
    const two = await createPolicy(call, productId, { floating: true, maxMachines: 2 });
    const twoWithOverage = await createPolicy(call, productId, {
      floating: true,
      maxMachines: 2,
      overage: { strategy: "count", allowance: 1 },
    });
    const license = await createLicense(call, floating);
    for (const device of ["a", "b", "c"]) await activate(t().app, license.key, device);

    const message = await refused(license.id, { policyId: two.id }, 409, "POLICY_LIMITS_EXCEEDED");
    assert.match(message, /3 machines \(it allows 2\)/);
    // Overrides are checked against the new policy: a node-locked one takes no 3 machines.
    await refused(
      license.id,
      { policyId: nodeLocked.id, overrides: { maxMachines: 3 } },
      400,
      "INVALID_OVERRIDES",
    );
    // With overrides that allow them, or an overage that does, the move goes through.
    const withSeats = await move(license.id, { policyId: two.id, overrides: { maxMachines: 3 } });
    assert.equal(withSeats.status, 200, withSeats.text);
    assert.deepEqual(withSeats.body.data.overrides, { maxMachines: 3 });
    // Its overrides now break a node-locked policy, whatever its machines.
    await refused(license.id, { policyId: nodeLocked.id }, 400, "INVALID_OVERRIDES");
    const overage = await move(license.id, { policyId: twoWithOverage.id, overrides: {} });
    assert.equal(overage.status, 200, overage.text);

    // Uses count as validation counts them: 50 of a quota of 20 is over it.
    const quota = { model: "consumption", maxUses: 100 };
    const consumption = await createLicense(call, await createPolicy(call, productId, quota));
    const used = await call("POST", `/v1/licenses/${consumption.id}/actions/consume`, {
      uses: 50,
    });
    assert.equal(used.status, 200, used.text);
    const smaller = await createPolicy(call, productId, { model: "consumption", maxUses: 20 });
    const usesMessage = await refused(
      consumption.id,
      { policyId: smaller.id },
      409,
      "POLICY_LIMITS_EXCEEDED",
    );
    assert.match(usesMessage, /50 uses \(it allows 20\)/);
  });

  test("another organization's policy, or none → 404 POLICY_NOT_FOUND, nothing changed", async () => {
    const license = await createLicense(call, await createPolicy(call, productId));
    const b = await createOrganization(t().services, "Organization B");
    const asB = api(t().app, b.adminToken);
    const theirs: Policy = await createPolicy(asB, await createProduct(asB, "B's product"));
    for (const policyId of [theirs.id, "pol_01m84cp2y929bjrzt348fmrx3m", "not-a-policy"]) {
      await refused(license.id, { policyId }, 404, "POLICY_NOT_FOUND");
    }
    // Nor does B's policy gain a license: it can still be deleted.
    assert.equal((await asB("DELETE", `/v1/policies/${theirs.id}`)).status, 204);
  });
});
