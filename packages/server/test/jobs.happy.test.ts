// Background jobs: dead machines culled (SPEC X4), expiries recorded; each row handled once even
// when several instances run at the same moment.
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
import { api, manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";

const START = new Date("2030-07-01T00:00:00.000Z");

forEachDatabase("background jobs", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  async function floatingLicense(cullStrategy: "deactivate" | "keep") {
    const call = api(t().app, t().adminToken);
    const policy = await createPolicy(call, await createProduct(call), {
      floating: true,
      maxMachines: 2,
      heartbeat: { required: true, durationSeconds: 600, cullStrategy },
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
