import assert from "node:assert/strict";
import { before, test } from "node:test";
import { KEY_SCHEMES, keyTypeOfScheme, parsePublicKey, verifyLicenseKey } from "@keyward/formats";
import {
  createLicense,
  createPolicy,
  createProduct,
  DAY,
  productToken,
} from "./licensing-fixtures.js";
import { insertMachine, licenseToken, machineRows } from "./machine-fixtures.js";
import { api, listAll, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const START = new Date("2030-01-02T03:04:05.678Z");

forEachDatabase("machines: happy paths", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });
  let productId: string;
  let otherProductId: string;
  let policy: { id: string; productId: string };
  let otherPolicy: { id: string; productId: string };

  before(async () => {
    const call = api(t().app, t().adminToken);
    productId = await createProduct(call);
    otherProductId = await createProduct(call, "Other");
    policy = await createPolicy(call, productId, { floating: true, maxMachines: 5 });
    otherPolicy = await createPolicy(call, otherProductId);
  });

  test("GET one and the list present every field; filters by license, product, fingerprint", async () => {
    const call = api(t().app, t().adminToken);
    const license = await createLicense(call, policy);
    const other = await createLicense(call, otherPolicy);
    const machine = await insertMachine(t(), license.id, {
      fingerprint: "3f2b6c1e-0000-4000-8000-000000000001",
      name: "Build box",
      variables: JSON.stringify({ cpu: 16, region: "eu" }),
      metadata: JSON.stringify({ asset: 7 }),
      last_heartbeat_at: START.toISOString(),
      created_at: START.toISOString(),
      updated_at: START.toISOString(),
    });
    const second = await insertMachine(t(), license.id);
    const elsewhere = await insertMachine(t(), other.id, { fingerprint: machine.fingerprint });

    const fetched = await call("GET", `/v1/machines/${machine.id}`);
    assert.equal(fetched.status, 200, fetched.text);
    assert.deepEqual(fetched.body.data, {
      id: machine.id,
      licenseId: license.id,
      fingerprint: "3f2b6c1e-0000-4000-8000-000000000001",
      name: "Build box",
      platform: "linux",
      osVersion: "6.8",
      appIdentifier: "com.example.app",
      appVersion: "1.2.3",
      variables: { cpu: 16, region: "eu" },
      metadata: { asset: 7 },
      lastHeartbeatAt: START.toISOString(),
      heartbeatDeadlineAt: null,
      createdAt: START.toISOString(),
      updatedAt: START.toISOString(),
    });

    const byLicense = await call("GET", `/v1/machines?licenseId=${license.id}`);
    assert.equal(byLicense.status, 200, byLicense.text);
    assert.deepEqual(
      byLicense.body.data.map((item: { id: string }) => item.id),
      [machine.id, second.id],
    );
    assert.deepEqual(byLicense.body.data[0], fetched.body.data);
    const byProduct = await call("GET", `/v1/machines?productId=${otherProductId}`);
    assert.deepEqual(
      byProduct.body.data.map((item: { id: string }) => item.id),
      [elsewhere.id],
    );
    const byFingerprint = await call(
      "GET",
      `/v1/machines?fingerprint=${encodeURIComponent(machine.fingerprint)}`,
    );
    assert.deepEqual(
      byFingerprint.body.data.map((item: { id: string }) => item.id),
      [machine.id, elsewhere.id],
    );
    const both = await call(
      "GET",
      `/v1/machines?fingerprint=${machine.fingerprint}&productId=${productId}`,
    );
    assert.deepEqual(
      both.body.data.map((item: { id: string }) => item.id),
      [machine.id],
    );
    const all = (await listAll(call, "/v1/machines")).map((item) => item.id);
    for (const id of [machine.id, second.id, elsewhere.id]) assert.ok(all.includes(id));
  });

  test("the list pages by id with limit and cursor", async () => {
    const call = api(t().app, t().adminToken);
    const license = await createLicense(call, policy);
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await insertMachine(t(), license.id)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const page = await call("GET", `/v1/machines?licenseId=${license.id}&limit=2${query}`);
      assert.equal(page.status, 200, page.text);
      assert.ok(page.body.data.length <= 2);
      seen.push(...page.body.data.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(seen, made);
  });

  test("PATCH changes name, metadata and variables; what is left out stays", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const license = await createLicense(call, policy);
    const machine = await insertMachine(t(), license.id, { name: "old" });
    clock.advance(60_000);
    const renamed = await call("PATCH", `/v1/machines/${machine.id}`, { name: "new" });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.data.name, "new");
    assert.deepEqual(renamed.body.data.variables, { cpu: 8 });
    assert.equal(renamed.body.data.updatedAt, new Date(START.getTime() + 60_000).toISOString());
    assert.equal(renamed.body.data.createdAt, machine.created_at);
    const changed = await call("PATCH", `/v1/machines/${machine.id}`, {
      metadata: { owner: "ops" },
      variables: { cpu: 4, gpu: true },
    });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body.data.name, "new");
    assert.deepEqual(changed.body.data.metadata, { owner: "ops" });
    assert.deepEqual(changed.body.data.variables, { cpu: 4, gpu: true });
    const cleared = await call("PATCH", `/v1/machines/${machine.id}`, { name: null });
    assert.equal(cleared.body.data.name, null);
    assert.deepEqual(
      (await call("GET", `/v1/machines/${machine.id}`)).body.data,
      cleared.body.data,
    );
  });

  test("DELETE deactivates: 204, the machine is gone, the license stays", async () => {
    const call = api(t().app, t().adminToken);
    const license = await createLicense(call, policy);
    const machine = await insertMachine(t(), license.id);
    const kept = await insertMachine(t(), license.id);
    const deleted = await call("DELETE", `/v1/machines/${machine.id}`);
    assert.equal(deleted.status, 204, deleted.text);
    assert.equal(deleted.text, "");
    assert.equal((await call("GET", `/v1/machines/${machine.id}`)).status, 404);
    assert.equal((await call("DELETE", `/v1/machines/${machine.id}`)).status, 404);
    const left = await call("GET", `/v1/machines?licenseId=${license.id}`);
    assert.deepEqual(
      left.body.data.map((item: { id: string }) => item.id),
      [kept.id],
    );
    assert.equal((await call("GET", `/v1/licenses/${license.id}`)).status, 200);
    // The same device may be activated again (the fingerprint is free on the license).
    await insertMachine(t(), license.id, { fingerprint: machine.fingerprint });
  });

  test("product tokens see, change and delete the machines of their product's licenses", async () => {
    const admin = api(t().app, t().adminToken);
    const asProduct = api(t().app, await productToken(admin, productId));
    const license = await createLicense(admin, policy);
    const machine = await insertMachine(t(), license.id);
    const foreign = await insertMachine(t(), (await createLicense(admin, otherPolicy)).id);
    const listed = (await listAll(asProduct, "/v1/machines")).map((item) => item.id);
    assert.ok(listed.includes(machine.id));
    assert.ok(!listed.includes(foreign.id));
    assert.equal((await asProduct("GET", `/v1/machines/${machine.id}`)).status, 200);
    const patched = await asProduct("PATCH", `/v1/machines/${machine.id}`, { name: "p" });
    assert.equal(patched.status, 200, patched.text);
    assert.equal((await asProduct("DELETE", `/v1/machines/${machine.id}`)).status, 204);
  });

  test("deleting a license deletes its machines and revokes its license tokens", async () => {
    const call = api(t().app, t().adminToken);
    const license = await createLicense(call, policy);
    const kept = await createLicense(call, policy);
    const machines = [await insertMachine(t(), license.id), await insertMachine(t(), license.id)];
    const keptMachine = await insertMachine(t(), kept.id);
    const token = await licenseToken(call, license.id);
    const keptToken = await licenseToken(call, kept.id);
    assert.equal((await api(t().app, token)("GET", `/v1/licenses/${license.id}`)).status, 200);

    const deleted = await call("DELETE", `/v1/licenses/${license.id}`);
    assert.equal(deleted.status, 204, deleted.text);
    for (const machine of machines) {
      assert.equal((await call("GET", `/v1/machines/${machine.id}`)).status, 404);
    }
    const rows = (await machineRows(t().store)).map((row) => row.license_id);
    assert.ok(!rows.includes(license.id));
    assert.equal((await call("GET", `/v1/machines/${keptMachine.id}`)).status, 200);
    assert.equal((await api(t().app, token)("GET", `/v1/licenses/${license.id}`)).status, 401);
    assert.equal((await api(t().app, keptToken)("GET", `/v1/licenses/${kept.id}`)).status, 200);
  });

  test("a license token: created by an admin or the product's token, reads its license and machines", async () => {
    clock.set(START);
    const admin = api(t().app, t().adminToken);
    const license = await createLicense(admin, policy);
    const machine = await insertMachine(t(), license.id);
    const other = await insertMachine(t(), (await createLicense(admin, policy)).id);

    const created = await admin("POST", `/v1/licenses/${license.id}/tokens`, {
      name: "SDK",
      expiresAt: new Date(START.getTime() + DAY * 1000).toISOString(),
    });
    assert.equal(created.status, 201, created.text);
    const { token, ...fields } = created.body.data;
    assert.match(token, /^kw_license_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(
      { ...fields, id: "x" },
      {
        id: "x",
        kind: "license",
        name: "SDK",
        productId: null,
        licenseId: license.id,
        createdAt: START.toISOString(),
        expiresAt: new Date(START.getTime() + DAY * 1000).toISOString(),
        revokedAt: null,
        scope: "write",
        lastUsedAt: null,
      },
    );
    const listed = await admin("GET", `/v1/tokens/${fields.id}`);
    assert.equal(listed.body.data.licenseId, license.id);

    const asLicense = api(t().app, token);
    const own = await asLicense("GET", `/v1/licenses/${license.id}`);
    assert.equal(own.status, 200, own.text);
    assert.equal(own.body.data.key, license.key);
    const machines = await asLicense("GET", "/v1/machines");
    assert.equal(machines.status, 200, machines.text);
    assert.deepEqual(
      machines.body.data.map((item: { id: string }) => item.id),
      [machine.id],
    );
    const filtered = await asLicense("GET", `/v1/machines?licenseId=${license.id}`);
    assert.equal(filtered.body.data.length, 1);
    assert.ok(!filtered.body.data.some((item: { id: string }) => item.id === other.id));
    assert.equal((await asLicense("GET", `/v1/machines/${machine.id}`)).status, 200);

    // A product token of the license's product may create one too; no body is the same as {}.
    const asProduct = api(t().app, await productToken(admin, productId));
    const byProduct = await asProduct("POST", `/v1/licenses/${license.id}/tokens`);
    assert.equal(byProduct.status, 201, byProduct.text);
    assert.equal(byProduct.body.data.name, null);
    assert.equal(
      (await api(t().app, byProduct.body.data.token)("GET", "/v1/machines")).status,
      200,
    );

    // It expires like any token.
    clock.advance(DAY * 1000);
    assert.equal((await asLicense("GET", `/v1/licenses/${license.id}`)).status, 401);
  });

  test("GET /v1/organizations/:id/signing-keys: no token needed, verifies the API's license keys", async () => {
    clock.set(START);
    const admin = api(t().app, t().adminToken);
    const anonymous = api(t().app, null);
    const response = await anonymous("GET", `/v1/organizations/${t().organizationId}/signing-keys`);
    assert.equal(response.status, 200, response.text);
    const keys = response.body.data as Array<{
      id: string;
      algorithm: "ed25519" | "rsa";
      publicKey: string;
      publicKeyPem: string;
      createdAt: string;
      retiredAt: string | null;
    }>;
    assert.deepEqual(keys.map((key) => key.algorithm).sort(), ["ed25519", "rsa"]);
    // The same keys the authenticated endpoint gives, plus PEM; never a private half.
    const authenticated = (await admin("GET", "/v1/signing-keys")).body.data;
    assert.deepEqual(
      keys.map(({ publicKeyPem, ...rest }) => rest),
      authenticated,
    );
    for (const key of keys) {
      assert.deepEqual(Object.keys(key).sort(), [
        "algorithm",
        "createdAt",
        "endorsement",
        "id",
        "publicKey",
        "publicKeyPem",
        "retiredAt",
        "state",
      ]);
      assert.match(
        key.publicKeyPem,
        /^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n?$/,
      );
      assert.deepEqual(parsePublicKey(key.publicKeyPem).spki, parsePublicKey(key.publicKey).spki);
      assert.equal(key.retiredAt, null);
    }
    assert.ok(!response.text.toLowerCase().includes("private"));

    for (const scheme of KEY_SCHEMES) {
      const signed = await createPolicy(admin, productId, {
        model: "timed",
        durationSeconds: 30 * DAY,
        scheme,
      });
      const license = await createLicense(admin, signed);
      const algorithm = keyTypeOfScheme(scheme);
      const key = keys.find((k) => k.algorithm === algorithm)!;
      for (const text of [key.publicKey, key.publicKeyPem]) {
        const result = await verifyLicenseKey(license.key, parsePublicKey(text), {
          scheme,
          now: START,
        });
        assert.ok(result.ok, `${scheme}: ${JSON.stringify(result)}`);
      }
    }
  });
});
