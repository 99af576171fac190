import assert from "node:assert/strict";
import { test } from "node:test";
import {
  activate,
  asLicenseKey,
  createLicense,
  createPolicy,
  createProduct,
  DAY,
} from "./licensing-fixtures.js";
import { api, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const START = new Date("2030-01-02T03:04:05.678Z");

forEachDatabase("activation: happy paths", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  test("a license key activates a device; the same device again gets the same machine", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const license = await createLicense(call, policy);
    const machine = await activate(t().app, license.key, "device-uuid-1", {
      name: "Laptop",
      platform: "linux",
      osVersion: "6.8",
      appIdentifier: "com.acme.app",
      appVersion: "2.1.0",
      variables: { seats: 2 },
    });
    assert.deepEqual(
      { ...machine, id: "x" },
      {
        id: "x",
        licenseId: license.id,
        fingerprint: "device-uuid-1",
        name: "Laptop",
        platform: "linux",
        osVersion: "6.8",
        appIdentifier: "com.acme.app",
        appVersion: "2.1.0",
        variables: { seats: 2 },
        metadata: {},
        lastHeartbeatAt: null,
        heartbeatDeadlineAt: null,
        createdAt: START.toISOString(),
        updatedAt: START.toISOString(),
      },
    );
    const again = await asLicenseKey(t().app, license.key)("POST", "/v1/machines", {
      fingerprint: "device-uuid-1",
    });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.data.id, machine.id);
    const stored = await call("GET", `/v1/licenses/${license.id}`);
    assert.equal(stored.body.data.firstActivatedAt, START.toISOString());
  });

  test("the vendor activates with an admin token and licenseId; deactivation frees the seat", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const license = await createLicense(call, policy);
    const first = await call("POST", "/v1/machines", { licenseId: license.id, fingerprint: "a" });
    assert.equal(first.status, 201, first.text);
    const second = await call("POST", "/v1/machines", { licenseId: license.id, fingerprint: "b" });
    assert.equal(second.status, 422);
    assert.equal(second.body.error.code, "MACHINE_LIMIT_EXCEEDED");
    const removed = await call("DELETE", `/v1/machines/${first.body.data.id}`);
    assert.equal(removed.status, 204);
    const third = await call("POST", "/v1/machines", { licenseId: license.id, fingerprint: "b" });
    assert.equal(third.status, 201, third.text);
  });

  test("the license holder deactivates a lost device with the key (SPEC X6)", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const license = await createLicense(call, policy);
    const lost = await activate(t().app, license.key, "lost-laptop");
    const holder = asLicenseKey(t().app, license.key);
    assert.equal((await holder("DELETE", `/v1/machines/${lost.id}`)).status, 204);
    await activate(t().app, license.key, "new-laptop");
  });

  test("a first_activation policy starts the license clock at the first activation", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), {
      model: "timed",
      durationSeconds: 30 * DAY,
      expirationBasis: "first_activation",
      floating: true,
      maxMachines: 3,
    });
    const license = await createLicense(call, policy);
    assert.equal(license.expiresAt, null);
    clock.advance(5 * DAY * 1000);
    await activate(t().app, license.key, "one");
    clock.advance(DAY * 1000);
    await activate(t().app, license.key, "two");
    const stored = (await call("GET", `/v1/licenses/${license.id}`)).body.data;
    const firstActivation = new Date(START.getTime() + 5 * DAY * 1000);
    assert.equal(stored.firstActivatedAt, firstActivation.toISOString());
    assert.equal(
      stored.expiresAt,
      new Date(firstActivation.getTime() + 30 * DAY * 1000).toISOString(),
    );
  });

  test("an overage allows machines above the limit up to the grace stage", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), {
      floating: true,
      maxMachines: 2,
      overage: { strategy: "count", allowance: 1 },
    });
    const license = await createLicense(call, policy);
    for (const fingerprint of ["a", "b", "c"]) await activate(t().app, license.key, fingerprint);
    const fourth = await asLicenseKey(t().app, license.key)("POST", "/v1/machines", {
      fingerprint: "d",
    });
    assert.equal(fourth.status, 422);
    const validation = await api(t().app, null)("POST", "/v1/licenses/actions/validate-key", {
      key: license.key,
    });
    assert.equal(validation.body.valid, true);
    assert.match(validation.body.detail, /grace/);
  });

  test("activations, deactivations and license changes are in the event log", async () => {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const license = await createLicense(call, policy);
    const machine = await activate(t().app, license.key, "evt-device");
    await asLicenseKey(t().app, license.key)("DELETE", `/v1/machines/${machine.id}`);
    await call("POST", `/v1/licenses/${license.id}/actions/suspend`);
    await call("POST", `/v1/licenses/${license.id}/actions/reinstate`);
    await call("POST", `/v1/licenses/${license.id}/actions/revoke`);
    const events = await call("GET", "/v1/events", undefined, {
      query: { licenseId: license.id },
    });
    assert.equal(events.status, 200, events.text);
    assert.deepEqual(
      events.body.data.map((event: { type: string }) => event.type),
      [
        "license.created",
        "machine.activated",
        "machine.deactivated",
        "license.suspended",
        "license.reinstated",
        "license.revoked",
      ],
    );
    assert.equal(events.body.data[2].data.by, "license");
    assert.equal(events.body.data[1].machineId, machine.id);
  });
});
