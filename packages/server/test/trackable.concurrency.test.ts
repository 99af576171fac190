// Trackable device models under racing requests (SPEC T2, T10): limits hold inside the
// database transaction (the license row lock), on SQLite and on PostgreSQL.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DAY } from "./licensing-fixtures.js";
import { manualClock, useTestApp } from "./support/app.js";
import { forEachDatabase } from "./support/databases.js";
import {
  authorize,
  device,
  publicTrialProduct,
  report,
  trackableLicense,
  usageReport,
} from "./trackable-fixtures.js";

const START = new Date("2030-05-10T00:00:00.000Z");
const RACERS = 50;

forEachDatabase("trackable device models under racing requests", (db) => {
  const clock = manualClock(START);
  const t = useTestApp(db, { clock });

  async function machinesOf(licenseId: string) {
    return t()
      .store.db.selectFrom("machines")
      .selectAll()
      .where("license_id", "=", licenseId)
      .execute();
  }

  async function race(body: Record<string, unknown>, devices: string[]) {
    const answers = await Promise.all(
      devices.map((deviceId) => authorize(t(), { ...body, deviceId })),
    );
    for (const answer of answers) assert.equal(answer.status, 200, answer.text);
    return answers.map((answer) => answer.body);
  }

  const codes = (bodies: Array<{ code: string }>) =>
    bodies.reduce<Record<string, number>>((counts, b) => {
      counts[b.code] = (counts[b.code] ?? 0) + 1;
      return counts;
    }, {});

  test("per device: 50 racing devices on 5 seats → exactly 5 registered; the same device racing → one", async () => {
    clock.set(START);
    const { license, code, productId } = await trackableLicense(t(), { rules: { maxMachines: 5 } });
    const body = { handshakeCode: code.code, productId };
    const answers = await race(body, Array.from({ length: RACERS }, device));
    assert.deepEqual(codes(answers), { VALID: 5, DEVICE_LIMIT_EXCEEDED: RACERS - 5 });
    assert.equal((await machinesOf(license.id)).length, 5);

    const same = await trackableLicense(t(), { rules: { maxMachines: 5 } });
    const one = device();
    const again = await race(
      { handshakeCode: same.code.code, productId: same.productId },
      Array(RACERS).fill(one),
    );
    assert.deepEqual(codes(again), { VALID: RACERS });
    assert.equal((await machinesOf(same.license.id)).length, 1);
  });

  test("per device: a device idle past inactiveDays is released by the job; activity keeps it", async () => {
    clock.set(START);
    const { license, code, productId } = await trackableLicense(t(), {
      rules: { maxMachines: 2 },
      settings: { deviceModel: "per_device", inactiveDays: 1 },
    });
    const body = { handshakeCode: code.code, productId };
    const [a, b] = [device(), device()];
    await race(body, [a, b]);
    clock.advance(0.5 * DAY * 1000);
    // A usage report is activity too.
    const reported = await report(t(), { ...body, reports: [usageReport(a, { scans: 1 })] });
    assert.equal(reported.body.accepted, 1, reported.text);
    clock.advance(0.7 * DAY * 1000);
    assert.equal(
      (await authorize(t(), { ...body, deviceId: device() })).body.code,
      "DEVICE_LIMIT_EXCEEDED",
    );
    const released = await t().services.trackable.releaseInactive();
    assert.deepEqual(
      released.map((m) => m.fingerprint),
      [b],
    );
    assert.deepEqual(
      (await machinesOf(license.id)).map((m) => m.fingerprint),
      [a],
    );
    const events = await t()
      .store.db.selectFrom("events")
      .selectAll()
      .where("type", "=", "machine.released")
      .where("license_id", "=", license.id)
      .execute();
    assert.equal(events.length, 1);
    assert.equal((await t().services.trackable.releaseInactive()).length, 0, "released once");
    assert.equal((await authorize(t(), { ...body, deviceId: device() })).body.valid, true);
  });

  test("concurrent: 50 racing devices on 3 seats → 3; a lapsed seat is free again, then culled", async () => {
    clock.set(START);
    const { license, code, productId } = await trackableLicense(t(), {
      rules: { maxMachines: 3 },
      settings: { deviceModel: "concurrent", seatSeconds: 60 },
    });
    const body = { handshakeCode: code.code, productId };
    const first = await race(body, Array.from({ length: RACERS }, device));
    assert.deepEqual(codes(first), { VALID: 3, DEVICE_LIMIT_EXCEEDED: RACERS - 3 });
    // A concurrent seat needs the connection: the lease ends with the seat.
    const seated = first.find((b) => b.valid);
    const claims = JSON.parse(
      Buffer.from(seated.lease.split("/")[1].split(".")[0], "base64url").toString(),
    );
    assert.equal(claims.gr, claims.iat + 60);

    clock.advance(61_000);
    const second = await race(body, Array.from({ length: RACERS }, device));
    assert.deepEqual(codes(second), { VALID: 3, DEVICE_LIMIT_EXCEEDED: RACERS - 3 });
    clock.advance(61_000);
    await t().services.activation.cullDeadMachines();
    assert.equal((await machinesOf(license.id)).length, 0);
    // A culled device that comes back takes a seat again like any device.
    const back = second.findIndex((b) => b.valid);
    assert.ok(back >= 0);
    const again = await authorize(t(), {
      ...body,
      deviceId: JSON.parse(
        Buffer.from(second[back].lease.split("/")[1].split(".")[0], "base64url").toString(),
      ).fp,
    });
    assert.equal(again.body.valid, true, again.text);
    assert.equal((await machinesOf(license.id)).length, 1);
  });

  test("per active device: 4 per month; racing devices → 4, next month 4 others", async () => {
    clock.set(START);
    const { code, productId } = await trackableLicense(t(), {
      rules: { maxMachines: 4 },
      settings: { deviceModel: "per_active_device", period: "month" },
    });
    const body = { handshakeCode: code.code, productId };
    const may = Array.from({ length: RACERS }, device);
    const first = await race(body, may);
    assert.deepEqual(codes(first), { VALID: 4, DEVICE_LIMIT_EXCEEDED: RACERS - 4 });
    clock.set(new Date("2030-06-01T00:00:00.000Z"));
    const june = await race(body, may);
    assert.deepEqual(codes(june), { VALID: 4, DEVICE_LIMIT_EXCEEDED: RACERS - 4 });
  });

  test("public trial: 50 device UUIDs of one machine racing → one trial, the others refused", async () => {
    clock.set(START);
    const { productId, trialPolicy } = await publicTrialProduct(t());
    const hardwareId = "c".repeat(64);
    const answers = await Promise.all(
      Array.from({ length: RACERS }, () =>
        authorize(t(), { productId, deviceId: device(), hardwareId }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    assert.deepEqual(statuses, [200, ...Array(RACERS - 1).fill(409)]);
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      assert.equal(refused.body.error.code, "TRIAL_ALREADY_USED");
    }
    const licenses = await t()
      .store.db.selectFrom("licenses")
      .select("id")
      .where("policy_id", "=", trialPolicy.id)
      .execute();
    assert.equal(licenses.length, 1);
  });

  test("public trial: 50 racing requests of one device → one trial license, the same for all", async () => {
    clock.set(START);
    const { productId, trialPolicy } = await publicTrialProduct(t());
    const one = device();
    const answers = await race({ productId }, Array(RACERS).fill(one));
    assert.equal(new Set(answers.map((a) => a.licenseId)).size, 1);
    assert.ok(answers.every((a) => a.valid));
    const grants = await t()
      .store.db.selectFrom("trial_grants")
      .selectAll()
      .where("subject", "=", one)
      .execute();
    assert.equal(grants.length, 1);
    const licenses = await t()
      .store.db.selectFrom("licenses")
      .select("id")
      .where("policy_id", "=", trialPolicy.id)
      .execute();
    assert.deepEqual(
      licenses.map((l) => l.id),
      [answers[0].licenseId],
    );
  });
});
