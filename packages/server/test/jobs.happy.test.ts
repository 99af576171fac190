// Background jobs: dead machines culled (SPEC X4) but never a machine activated offline inside
// its offline period (T9), expiries recorded; each row handled once even when several instances
// run at the same moment.
import assert from "node:assert/strict";
import { test } from "node:test";
import { startJobs } from "../src/jobs/index.js";
import {
  activate,
  asLicenseKey,
  createLicense,
  createPolicy,
  createProduct,
  DAY,
} from "./licensing-fixtures.js";
import {
  deviceRequest,
  encode,
  offlineKeys,
  postOffline,
  signedHeaders,
} from "./offline-activation-fixtures.js";
import { api, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const START = new Date("2030-07-01T00:00:00.000Z");

forEachDatabase("background jobs", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  async function floatingLicense(
    cullStrategy: "deactivate" | "keep",
    rules: Record<string, unknown> = {},
  ) {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), {
      floating: true,
      maxMachines: 2,
      heartbeat: { required: true, durationSeconds: 600, cullStrategy },
      ...rules,
    });
    return { call, license: await createLicense(call, policy) };
  }

  async function eventTypes(licenseId: string): Promise<string[]> {
    const events = await api(t().app, t().adminToken)("GET", "/v1/events", undefined, {
      query: { licenseId },
    });
    return events.body.data.map((event: { type: string }) => event.type);
  }

  test("a machine that stops beating is culled and its seat freed; beating keeps it", async () => {
    clock.set(START);
    const { call, license } = await floatingLicense("deactivate");
    const quiet = await activate(t().app, license.key, "quiet");
    const beating = await activate(t().app, license.key, "beating");
    const holder = asLicenseKey(t().app, license.key);
    for (let minute = 0; minute < 12; minute += 4) {
      clock.advance(4 * 60 * 1000);
      const beat = await holder("POST", `/v1/machines/${beating.id}/actions/heartbeat`);
      assert.equal(beat.status, 200, beat.text);
    }
    // Two instances culling at once: each dead machine is culled and reported once.
    const [first, second] = await Promise.all([
      t().services.activation.cullDeadMachines(),
      t().services.activation.cullDeadMachines(),
    ]);
    assert.deepEqual(
      [...first, ...second].map((m) => m.id),
      [quiet.id],
    );
    const listed = await call("GET", "/v1/machines", undefined, {
      query: { licenseId: license.id },
    });
    assert.deepEqual(
      listed.body.data.map((m: { id: string }) => m.id),
      [beating.id],
    );
    assert.equal(
      (await eventTypes(license.id)).filter((type) => type === "machine.culled").length,
      1,
    );
    // The freed seat takes a new device.
    await activate(t().app, license.key, "replacement");
  });

  test("with cull strategy keep, a dead machine stays (and still holds its seat)", async () => {
    clock.set(START);
    const { license } = await floatingLicense("keep");
    await activate(t().app, license.key, "a");
    await activate(t().app, license.key, "b");
    clock.advance(601 * 1000);
    assert.deepEqual(await t().services.activation.cullDeadMachines(), []);
    const third = await asLicenseKey(t().app, license.key)("POST", "/v1/machines", {
      fingerprint: "c",
    });
    assert.equal(third.status, 422);
  });

  test("a machine activated offline keeps its seat through culling until its offline period ends", async () => {
    clock.set(START);
    const { call, license } = await floatingLicense("deactivate", { offlineGraceSeconds: 3 * DAY });
    const keys = await offlineKeys(call);
    const offline = async (endpoint: "activate" | "deactivate", hardwareId: string) => {
      const request = await deviceRequest(
        keys,
        { license_key: license.key },
        { hardware_id: hardwareId, date: clock().toUTCString() },
      );
      return postOffline(t().app, `/v1/offline/${endpoint}`, encode(request), {
        headers: signedHeaders(keys, clock()),
      });
    };
    const machineIds = async () =>
      (
        await call("GET", "/v1/machines", undefined, { query: { licenseId: license.id } })
      ).body.data.map((m: { fingerprint: string }) => m.fingerprint);

    const activated = await offline("activate", "air-gapped");
    assert.equal(activated.status, 200, activated.text);
    await activate(t().app, license.key, "online-quiet");
    const jobs = startJobs(t().services, { intervalMs: 3_600_000, onError: assert.fail });
    try {
      // Far past its heartbeat window (10 minutes): the online machine goes, the offline one stays.
      clock.advance(DAY * 1000);
      await jobs.runOnce();
      assert.deepEqual(await machineIds(), ["air-gapped"]);

      // Just before the 3 days end, the device sends a new request: the period starts again.
      clock.advance((2 * DAY - 60) * 1000);
      await jobs.runOnce();
      assert.deepEqual(await machineIds(), ["air-gapped"]);
      const renewed = await offline("activate", "air-gapped");
      assert.equal(renewed.status, 200, renewed.text);
      assert.equal(renewed.body.device_id, activated.body.device_id, "the same machine");
      clock.advance((3 * DAY - 60) * 1000);
      await jobs.runOnce();
      assert.deepEqual(await machineIds(), ["air-gapped"]);

      // Unheard of past its offline period: culled, and its seat taken by another device.
      clock.advance(61 * 1000);
      await jobs.runOnce();
      assert.deepEqual(await machineIds(), []);
      assert.equal((await offline("activate", "second")).status, 200);
      assert.equal((await offline("activate", "third")).status, 200);
      const full = await offline("activate", "fourth");
      assert.equal(full.status, 422, full.text);
      assert.equal(full.body.error.code, "MACHINE_LIMIT_EXCEEDED");

      // Deactivated offline, a seat is free at once.
      clock.advance(1000);
      const deactivated = await offline("deactivate", "second");
      assert.equal(deactivated.status, 200, deactivated.text);
      assert.deepEqual(await machineIds(), ["third"]);
      assert.equal((await offline("activate", "fourth")).status, 200);
    } finally {
      await jobs.stop();
    }
  });

  test("offline activation on a policy without heartbeats: the seat is kept, as online", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call));
    const license = await createLicense(call, policy);
    const keys = await offlineKeys(call);
    const request = await deviceRequest(
      keys,
      { license_key: license.key },
      { hardware_id: "kept", date: clock().toUTCString() },
    );
    const response = await postOffline(t().app, "/v1/offline/activate", encode(request), {
      headers: signedHeaders(keys, clock()),
    });
    assert.equal(response.status, 200, response.text);
    clock.advance(400 * DAY * 1000);
    await t().services.activation.cullDeadMachines();
    const machine = await call("GET", `/v1/machines/${response.body.device_id}`);
    assert.equal(machine.status, 200);
    assert.equal(machine.body.data.heartbeatDeadlineAt, null);
  });

  test("a dead machine activating again: culled and activated anew, or refused when kept", async () => {
    clock.set(START);
    const culling = (await floatingLicense("deactivate")).license;
    const dead = await activate(t().app, culling.key, "revived");
    clock.advance(601 * 1000);
    const again = await asLicenseKey(t().app, culling.key)("POST", "/v1/machines", {
      fingerprint: "revived",
    });
    assert.equal(again.status, 201, again.text);
    assert.notEqual(again.body.data.id, dead.id);
    assert.ok(again.body.data.heartbeatDeadlineAt > clock().toISOString());
    assert.ok((await eventTypes(culling.id)).includes("machine.culled"));

    const keeping = (await floatingLicense("keep")).license;
    const kept = await activate(t().app, keeping.key, "kept");
    clock.advance(601 * 1000);
    const holder = asLicenseKey(t().app, keeping.key);
    const refused = await holder("POST", "/v1/machines", { fingerprint: "kept" });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.body.error.code, "HEARTBEAT_DEAD");
    assert.match(refused.body.error.message, /deactivate it/);
    assert.equal((await holder("DELETE", `/v1/machines/${kept.id}`)).status, 204);
    assert.equal((await holder("POST", "/v1/machines", { fingerprint: "kept" })).status, 201);
  });

  test("an expiry is recorded once, and again after a renewal expires", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), {
      model: "timed",
      durationSeconds: DAY,
    });
    const license = await createLicense(call, policy);
    const jobs = startJobs(t().services, { intervalMs: 3_600_000, onError: assert.fail });
    try {
      await jobs.runOnce();
      clock.advance(DAY * 1000);
      await Promise.all([jobs.runOnce(), t().services.expirations.recordExpired()]);
      await jobs.runOnce();
      assert.equal((await eventTypes(license.id)).filter((e) => e === "license.expired").length, 1);
      await call("POST", `/v1/licenses/${license.id}/actions/renew`);
      await jobs.runOnce();
      clock.advance(DAY * 1000);
      await jobs.runOnce();
      assert.deepEqual(
        (await eventTypes(license.id)).filter((e) => e.startsWith("license.")),
        ["license.created", "license.expired", "license.renewed", "license.expired"],
      );
    } finally {
      await jobs.stop();
    }
  });

  test("Idempotency-Key records are deleted 24 hours after their request, younger ones kept", async () => {
    clock.set(START);
    const call = api(t().app, t().adminToken);
    const post = (key: string, name: string) =>
      call("POST", "/v1/products", { name }, { headers: { "idempotency-key": key } });
    assert.equal((await post("old-key", "Old")).status, 201);
    clock.advance(23 * 3600 * 1000);
    assert.equal((await post("young-key", "Young")).status, 201);
    const stored = async () =>
      (
        await t()
          .store.db.selectFrom("idempotency_keys")
          .select("key")
          .where("organization_id", "=", t().organizationId)
          .where("key", "in", ["old-key", "young-key"])
          .orderBy("key")
          .execute()
      ).map((row) => row.key);
    const jobs = startJobs(t().services, { intervalMs: 3_600_000, onError: assert.fail });
    try {
      await jobs.runOnce();
      assert.deepEqual(await stored(), ["old-key", "young-key"]);
      clock.advance(3600 * 1000 + 1);
      await jobs.runOnce();
      assert.deepEqual(await stored(), ["young-key"]);
    } finally {
      await jobs.stop();
    }
  });
});
