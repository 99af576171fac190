// More than one device on a license, through a real server (SQLite and PostgreSQL):
// checkOrActivate() takes a seat when the server says "not activated" (whatever the code), a
// refusal to activate is a typed error, and a "not activated" answer is never kept as a lock.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { forEachDatabase } from "../../server/test/support/databases.js";
import {
  createClient,
  type KeywardClientOptions,
  type KeywardStorage,
  type LicenseStatus,
  memoryStorage,
} from "../src/index.js";
import { countingFetch, useKeywardServer } from "./support/server.js";

/** Where the client keeps the lease of `key` (a hash prefix, as docs/sdk.md says). */
const leaseKey = (key: string) =>
  `lease.${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;

/** A device refused because every seat is taken: locked, not activated, a typed 422 refusal. */
function assertSeatsTaken(status: LicenseStatus, limit: string): void {
  assert.equal(status.state, "locked");
  assert.equal(status.reason, "NOT_ACTIVATED");
  assert.equal(status.code, "FINGERPRINT_SCOPE_MISMATCH");
  assert.equal(status.error?.code, "ACTIVATION_REFUSED");
  assert.equal(status.error?.serverCode, "MACHINE_LIMIT_EXCEEDED");
  assert.equal(status.error?.status, 422);
  assert.equal(
    status.error?.message,
    `activation refused: license has reached its limit of ${limit}`,
  );
}

forEachDatabase("SDK on several devices against a real server", (db) => {
  const server = useKeywardServer(db);

  /** A device: its own storage (so its own UUID), the server's clock. */
  function device(key: string, options: Partial<KeywardClientOptions> = {}) {
    const storage = memoryStorage();
    const fetch = countingFetch();
    const sdk = createClient({
      serverUrl: server().url,
      licenseKey: key,
      publicKey: server().publicKey,
      storage,
      clock: server().clock,
      fetch,
      retry: { retries: 0 },
      ...options,
    });
    const seen: string[] = [];
    sdk.on("change", (status: LicenseStatus) => seen.push(`${status.reason}:${status.code}`));
    return { sdk, storage, fetch, seen };
  }

  async function machineCount(licenseId: string): Promise<number> {
    const listed = await server().admin("GET", `/v1/machines?licenseId=${licenseId}`);
    return listed.body.data.length;
  }

  async function storedLease(storage: KeywardStorage, key: string): Promise<string | null> {
    return storage.get(leaseKey(key));
  }

  test("three devices, two floating seats: two run, the third is refused, then runs once one leaves", async () => {
    const { key, id } = await server().createLicense({ floating: true, maxMachines: 2 });
    const [a, b, c] = [device(key), device(key), device(key)];

    assert.equal((await a.sdk.checkOrActivate()).state, "valid");
    assert.equal((await b.sdk.checkOrActivate()).state, "valid");
    // Each heard a different "not activated" code first: none yet, then others but not this one.
    assert.deepEqual(a.seen, ["NOT_ACTIVATED:NO_MACHINES", "VALID:VALID"]);
    assert.deepEqual(b.seen, ["NOT_ACTIVATED:FINGERPRINT_SCOPE_MISMATCH", "VALID:VALID"]);

    assertSeatsTaken(await c.sdk.checkOrActivate(), "2 machines");
    assert.equal(await storedLease(c.storage, key), null, "no lock kept");
    assert.equal(await machineCount(id), 2);

    await a.sdk.deactivate();
    const admitted = await c.sdk.checkOrActivate();
    assert.equal(admitted.state, "valid", JSON.stringify(admitted));
    assert.equal((await b.sdk.check({ force: true })).state, "valid");

    // The device that left is now the one refused.
    const left = await a.sdk.checkOrActivate();
    assert.equal(left.reason, "NOT_ACTIVATED");
    assert.equal(left.error?.serverCode, "MACHINE_LIMIT_EXCEEDED");
    assert.equal(await machineCount(id), 2);
  });

  test("the license holder lists its devices and frees a lost one's seat from another (X6)", async () => {
    const { key, id } = await server().createLicense({ floating: true, maxMachines: 2 });
    const [lost, kept, replacement] = [device(key), device(key), device(key)];
    assert.equal((await lost.sdk.checkOrActivate()).state, "valid");
    assert.equal((await kept.sdk.checkOrActivate()).state, "valid");
    assertSeatsTaken(await replacement.sdk.checkOrActivate(), "2 machines");

    // From the replacement (not activated itself), with the key alone: the license's devices.
    const listed = await replacement.sdk.machines();
    assert.deepEqual(
      listed.map((machine) => machine.fingerprint).sort(),
      [await lost.sdk.fingerprint(), await kept.sdk.fingerprint()].sort(),
    );
    const lostFingerprint = await lost.sdk.fingerprint();
    const lostMachine = listed.find((machine) => machine.fingerprint === lostFingerprint);
    assert.ok(lostMachine);
    await replacement.sdk.deactivateMachine(lostMachine.id);
    assert.equal(await machineCount(id), 1);
    // Gone already: done, not an error. Another license's machine: the same 404, the same.
    await replacement.sdk.deactivateMachine(lostMachine.id);
    const other = await server().createLicense();
    const stranger = device(other.key);
    assert.equal((await stranger.sdk.checkOrActivate()).state, "valid");
    const [strangerMachine] = await stranger.sdk.machines();
    assert.ok(strangerMachine);
    await replacement.sdk.deactivateMachine(strangerMachine.id);
    assert.equal((await stranger.sdk.check({ force: true })).state, "valid", "untouched");

    assert.equal((await replacement.sdk.checkOrActivate()).state, "valid");
    assert.equal((await kept.sdk.check({ force: true })).state, "valid");
  });

  test("a node-locked license: the second device is refused clearly, the first keeps running", async () => {
    const { key, id } = await server().createLicense();
    const first = device(key);
    const second = device(key);
    assert.equal((await first.sdk.checkOrActivate()).state, "valid");

    assertSeatsTaken(await second.sdk.checkOrActivate(), "1 machine");
    assert.equal(await machineCount(id), 1);

    // Asking again asks again (nothing stored decides it), and changes nothing.
    const again = await second.sdk.checkOrActivate();
    assert.equal(again.error?.serverCode, "MACHINE_LIMIT_EXCEEDED");
    assert.equal((await first.sdk.check({ force: true })).state, "valid");
  });

  test("refusals activation cannot fix stay signed locks: no activation is tried", async () => {
    const { key, id } = await server().createLicense();
    await server().admin("POST", `/v1/licenses/${id}/actions/suspend`);
    const { sdk, fetch } = device(key);
    const status = await sdk.checkOrActivate();
    assert.equal(status.state, "locked");
    assert.equal(status.reason, "SERVER_LOCK");
    assert.equal(status.code, "SUSPENDED");
    assert.deepEqual(fetch.paths, ["/v1/check"]);
    assert.equal(await machineCount(id), 0);
  });

  test("a freed seat: the stored lease goes at the next check (no lock kept), checkOrActivate takes a seat again", async () => {
    const { key, id } = await server().createLicense();
    const { sdk, storage } = device(key);
    const { machineId } = await sdk.checkOrActivate();
    assert.notEqual(await storedLease(storage, key), null);

    // The vendor deactivates the device (to move the seat, say).
    assert.equal((await server().admin("DELETE", `/v1/machines/${machineId}`)).status, 204);
    const freed = await sdk.check({ force: true });
    assert.equal(freed.reason, "NOT_ACTIVATED");
    assert.equal(freed.code, "NO_MACHINE");
    assert.equal(await storedLease(storage, key), null);

    // Offline now: no lease to run on, and no stored "not activated" lock either.
    await server().stop();
    try {
      const offline = await sdk.check();
      assert.equal(offline.state, "locked");
      assert.equal(offline.reason, "NO_LEASE");
      assert.equal(offline.error?.code, "NETWORK");
    } finally {
      await server().start();
    }
    const back = await sdk.checkOrActivate();
    assert.equal(back.state, "valid");
    assert.notEqual(back.machineId, machineId);
    assert.equal(await machineCount(id), 1);
  });

  test("a heartbeat machine that died (HEARTBEAT_DEAD) activates anew", async () => {
    const { key } = await server().createLicense({
      floating: true,
      maxMachines: 1,
      heartbeat: { required: true, durationSeconds: 120 },
    });
    const { sdk, seen } = device(key);
    const alive = await sdk.checkOrActivate();
    assert.equal(alive.state, "valid");
    server().clock.advance(121 * 1000);
    const revived = await sdk.checkOrActivate();
    assert.equal(revived.state, "valid", JSON.stringify(revived));
    assert.notEqual(revived.machineId, alive.machineId);
    assert.deepEqual(seen, [
      "NOT_ACTIVATED:NO_MACHINES",
      "VALID:VALID",
      "NOT_ACTIVATED:HEARTBEAT_DEAD",
      "VALID:VALID",
    ]);
  });
});
