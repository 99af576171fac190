// The SDK against a real Keyward server (SQLite and PostgreSQL): activation, leases honored,
// offline grace, locks, recovery, heartbeats and deactivation.
import assert from "node:assert/strict";
import { test } from "node:test";
import { forEachDatabase } from "../../server/test/support/databases.js";
import { type KeywardClientOptions, type LicenseStatus, memoryStorage } from "../src/index.js";
import { sdkClient, useKeywardServer } from "./support/server.js";

const HOUR = 3600;
const DAY = 86_400;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

forEachDatabase("SDK client against a real server", (db) => {
  const server = useKeywardServer(db);

  const client = (key: string, options: Partial<KeywardClientOptions> = {}) =>
    sdkClient(server(), key, options);

  test("activate, then check: a verified lease that spares the server while it is valid", async () => {
    const { key, id } = await server().createLicense();
    const storage = memoryStorage();
    const { sdk, fetch } = client(key, { storage });

    // Before activation the server signs "not activated": the device is locked, not trusted
    // blindly (devices.happy.test.ts: checkOrActivate() activates on it).
    const before = await sdk.check();
    assert.equal(before.state, "locked");
    assert.equal(before.reason, "NOT_ACTIVATED");
    assert.equal(before.code, "NO_MACHINE");

    const machine = await sdk.activate();
    assert.match(machine.fingerprint, UUID);
    assert.equal(machine.fingerprint, await sdk.fingerprint());
    assert.equal(machine.licenseId, id);

    const status = await sdk.check();
    assert.equal(status.state, "valid");
    assert.equal(status.reason, "VALID");
    assert.equal(status.source, "server");
    assert.equal(status.code, "VALID");
    assert.equal(status.licenseId, id);
    assert.equal(status.machineId, machine.id);
    assert.equal(status.error, null);
    assert.equal(
      status.leaseEndsAt?.getTime(),
      Math.floor(server().clock().getTime() / 1000 + DAY) * 1000,
    );

    // The lease (1 day by default) holds: no request at all for the next checks.
    const requests = fetch.count;
    for (let i = 0; i < 3; i++) {
      server().clock.advance(7 * HOUR * 1000);
      const cached = await sdk.check();
      assert.equal(cached.state, "valid");
      assert.equal(cached.source, "storage");
    }
    assert.equal(fetch.count, requests, `requests while the lease held: ${fetch.paths}`);

    // A restarted app (a new client on the same storage) keeps its identity and its lease.
    const restarted = client(key, { storage });
    assert.equal(await restarted.sdk.fingerprint(), machine.fingerprint);
    assert.equal((await restarted.sdk.check()).source, "storage");
    assert.equal(restarted.fetch.count, 0);

    // After the lease ends the client asks again, and the next lease holds in turn.
    server().clock.advance(4 * HOUR * 1000);
    const renewed = await sdk.check();
    assert.equal(renewed.source, "server");
    assert.equal(renewed.state, "valid");
    assert.equal(fetch.count, requests + 1);
  });

  test("server down: grace after the lease, locked after the grace, valid again once back", async () => {
    const { key } = await server().createLicense({
      leaseDurationSeconds: HOUR,
      offlineGraceSeconds: 3 * DAY,
    });
    const { sdk } = client(key);
    const changes: Array<[string, string]> = [];
    sdk.on("change", (status: LicenseStatus) => changes.push([status.state, status.reason]));
    await sdk.activate();
    assert.equal((await sdk.check()).state, "valid");

    await server().stop();
    try {
      server().clock.advance((HOUR - 1) * 1000);
      assert.equal((await sdk.check()).state, "valid", "still inside the lease: no request");

      server().clock.advance(2 * 1000);
      const grace = await sdk.check();
      assert.equal(grace.state, "grace");
      assert.equal(grace.reason, "GRACE");
      assert.equal(grace.error?.code, "NETWORK");
      assert.equal(grace.source, "storage");

      server().clock.advance((3 * DAY - 10) * 1000);
      assert.equal((await sdk.check()).state, "grace");

      server().clock.advance(10 * 1000);
      const locked = await sdk.check();
      assert.equal(locked.state, "locked");
      assert.equal(locked.reason, "GRACE_ENDED");
    } finally {
      await server().start();
    }
    const back = await sdk.check();
    assert.equal(back.state, "valid");
    assert.equal(back.source, "server");
    assert.deepEqual(changes, [
      ["valid", "VALID"],
      ["grace", "GRACE"],
      ["locked", "GRACE_ENDED"],
      ["valid", "VALID"],
    ]);
  });

  test("timed checks report valid → grace → locked → valid by themselves", async () => {
    const { key } = await server().createLicense({
      leaseDurationSeconds: HOUR,
      offlineGraceSeconds: 3 * DAY,
    });
    const { sdk } = client(key);
    await sdk.activate();
    assert.equal((await sdk.check()).state, "valid");
    const states: string[] = [];
    let notify = () => {};
    sdk.on("change", (status) => {
      states.push(status.state);
      notify();
    });
    const next = (state: string) =>
      new Promise<void>((resolve) => {
        notify = () => {
          if (states.at(-1) === state) resolve();
        };
        notify();
      });

    // The SDK's timers do not hold the process open; the app (here: the test) does.
    const keepAlive = setInterval(() => {}, 1000);
    await server().stop();
    try {
      server().clock.advance((HOUR + 1) * 1000);
      const grace = next("grace");
      sdk.startChecks({ retryMs: 20 });
      await grace;
      const locked = next("locked");
      server().clock.advance(3 * DAY * 1000);
      await locked;
    } finally {
      await server().start();
    }
    await next("valid");
    await sdk.stop();
    clearInterval(keepAlive);
    assert.deepEqual(states, ["grace", "locked", "valid"]);
  });

  test("a signed SUSPENDED answer locks at once, also offline; reinstating unlocks", async () => {
    const { key, id } = await server().createLicense();
    const { sdk } = client(key);
    await sdk.activate();
    assert.equal((await sdk.check()).state, "valid");

    assert.equal((await server().admin("POST", `/v1/licenses/${id}/actions/suspend`)).status, 200);
    const locked = await sdk.check({ force: true });
    assert.equal(locked.state, "locked");
    assert.equal(locked.reason, "SERVER_LOCK");
    assert.equal(locked.code, "SUSPENDED");
    assert.equal(locked.source, "server");

    // The lock replaced the valid lease: offline, the device stays locked (no grace to fall to).
    await server().stop();
    try {
      const offline = await sdk.check();
      assert.equal(offline.state, "locked");
      assert.equal(offline.reason, "SERVER_LOCK");
      assert.equal(offline.error?.code, "NETWORK");
    } finally {
      await server().start();
    }

    assert.equal(
      (await server().admin("POST", `/v1/licenses/${id}/actions/reinstate`)).status,
      200,
    );
    assert.equal((await sdk.check()).state, "valid");
  });

  test("the lease expiring while the license is suspended locks on the next check", async () => {
    const { key, id } = await server().createLicense({ leaseDurationSeconds: HOUR });
    const { sdk } = client(key);
    await sdk.activate();
    await sdk.check();
    await server().admin("POST", `/v1/licenses/${id}/actions/suspend`);
    assert.equal((await sdk.check()).state, "valid", "the lease is honored until it ends");
    server().clock.advance((HOUR + 1) * 1000);
    const status = await sdk.check();
    assert.equal(status.state, "locked");
    assert.equal(status.code, "SUSPENDED");
  });

  test("a seat: a second device is refused until the first deactivates", async () => {
    const { key, id } = await server().createLicense({ maxMachines: 1 });
    const first = client(key).sdk;
    const second = client(key).sdk;
    const machine = await first.activate();
    assert.equal((await first.activate()).id, machine.id, "activation is idempotent");

    await assert.rejects(second.activate(), {
      name: "KeywardError",
      code: "ACTIVATION_REFUSED",
      status: 422,
      serverCode: "MACHINE_LIMIT_EXCEEDED",
      message: "activation refused: license has reached its limit of 1 machine",
    });
    await first.check();
    await first.deactivate();
    const listed = await server().admin("GET", `/v1/machines?licenseId=${id}`);
    assert.deepEqual(listed.body.data, []);
    // Deactivation dropped the lease: the device no longer runs on the released seat.
    const after = await first.check();
    assert.equal(after.state, "locked");
    assert.equal(after.reason, "NOT_ACTIVATED");
    assert.equal(after.code, "NO_MACHINE");

    await second.activate();
    assert.equal((await second.check()).state, "valid");
  });

  test("heartbeats on a timer keep a heartbeat machine alive; stop() can deactivate", async () => {
    const { key, id } = await server().createLicense({
      floating: true,
      maxMachines: 2,
      heartbeat: { required: true, durationSeconds: 120 },
    });
    const { sdk, fetch } = client(key);
    const machine = await sdk.activate();
    const beats: string[] = [];
    const beaten = new Promise<void>((resolve) => {
      sdk.on("heartbeat", (beat) => {
        beats.push(beat.lastHeartbeatAt ?? "");
        if (beats.length === 3) resolve();
      });
    });
    sdk.startHeartbeats({ intervalMs: 10 });
    await beaten;
    await sdk.stop({ deactivate: true });
    const sent = fetch.paths.filter((path) => path.endsWith("/actions/heartbeat")).length;
    assert.ok(sent >= 3, `${sent} heartbeats`);
    assert.deepEqual(fetch.paths.at(-1), `/v1/machines/${machine.id}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(
      fetch.paths.filter((path) => path.endsWith("/actions/heartbeat")).length,
      sent,
      "no heartbeat after stop()",
    );
    const listed = await server().admin("GET", `/v1/machines?licenseId=${id}`);
    assert.deepEqual(listed.body.data, []);
  });

  test("heartbeat machines get valid leases while beating", async () => {
    const { key } = await server().createLicense({
      heartbeat: { required: true, durationSeconds: 600 },
      leaseDurationSeconds: HOUR,
    });
    const { sdk } = client(key);
    await sdk.activate();
    await sdk.heartbeat();
    const status = await sdk.check();
    assert.equal(status.state, "valid", JSON.stringify(status));
    // The lease does not outlive the heartbeat deadline.
    assert.ok(status.leaseEndsAt!.getTime() <= server().clock().getTime() + 600_000);
  });

  test("the standby URL answers when the main server is down", async () => {
    const { key } = await server().createLicense();
    const { sdk, fetch } = client(key, {
      serverUrl: "http://127.0.0.1:9",
      standbyUrl: server().url,
    });
    await sdk.activate();
    assert.equal((await sdk.check()).state, "valid");
    assert.ok(fetch.count >= 4, "each call tried the main URL first");
  });

  test("trust on first use: the key is fetched once, pinned and used to verify", async () => {
    const { key } = await server().createLicense();
    const storage = memoryStorage();
    const { sdk } = client(key, {
      publicKey: undefined,
      trustOnFirstUse: { organizationId: server().organizationId },
      storage,
    });
    await sdk.activate();
    assert.equal((await sdk.check()).state, "valid");
    // Every published Ed25519 key is pinned with its id (next, active and retired: SPEC X7).
    const pinned = JSON.parse((await storage.get(`public-key.${server().organizationId}`))!);
    assert.deepEqual(
      pinned.map((entry: { publicKey: string }) => entry.publicKey),
      [server().publicKey],
    );
    assert.match(pinned[0].id, /^key_/);
    const again = client(key, {
      publicKey: undefined,
      trustOnFirstUse: { organizationId: server().organizationId },
      storage,
    });
    assert.equal((await again.sdk.check({ force: true })).state, "valid");
    assert.ok(!again.fetch.paths.some((path) => path.includes("signing-keys")), "pinned");
  });
});
