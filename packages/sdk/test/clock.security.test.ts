// A device clock ahead of the server's (docs/sdk.md, "Activation, checks and leases"): online,
// the lease the server has just signed is judged at the server's time and the status says
// CLOCK_AHEAD with the offset, not "offline" nor "grace ended"; the stored lease stays judged at
// the device's time, so a clock ahead never gains time, nor does one set back afterwards, and
// clock rollback is still detected.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { databases } from "../../server/test/support/databases.js";
import { type KeywardClientOptions, type LicenseStatus, memoryStorage } from "../src/index.js";
import { countingFetch, sdkClient, useKeywardServer } from "./support/server.js";
import { trackableClient, trackableSetup } from "./support/trackable.js";

const DAY_MS = 86_400_000;
const DAY = 86_400;

const offline: typeof fetch = async () => {
  throw new TypeError("fetch failed");
};

/** The fields a clock test reads. */
function seen(status: LicenseStatus) {
  return {
    state: status.state,
    reason: status.reason,
    source: status.source,
    error: status.error?.code ?? null,
    clockOffsetSeconds: status.clockOffsetSeconds,
  };
}

// The client side is the same whatever the database: SQLite only.
const sqlite = databases().find((db) => db.name === "sqlite")!;

describe("a device clock ahead of the server's [sqlite]", () => {
  const server = useKeywardServer(sqlite);

  /**
   * A device on a new license (lease 1 day, grace 7 days: the defaults) whose clock reads the
   * server's plus `aheadMs`; `device.aheadMs` moves it, the server's clock moves both.
   */
  async function device(aheadMs: number, options: Partial<KeywardClientOptions> = {}) {
    const { key } = await server().createLicense();
    const clock = { aheadMs };
    const storage = memoryStorage();
    const make = (overrides: Partial<KeywardClientOptions> = {}) =>
      sdkClient(server(), key, {
        storage,
        clock: () => new Date(server().clock().getTime() + clock.aheadMs),
        ...options,
        ...overrides,
      });
    return { clock, make, ...make() };
  }

  test("2 days ahead, online: valid, CLOCK_AHEAD with the offset — not offline, not grace", async () => {
    const issued = server().clock();
    const { sdk, fetch } = await device(2 * DAY_MS);
    const status = await sdk.checkOrActivate();
    assert.deepEqual(seen(status), {
      state: "valid",
      reason: "CLOCK_AHEAD",
      source: "server",
      error: null,
      clockOffsetSeconds: 2 * DAY,
    });
    // The lease's own times (the server's), and the device time it was checked at.
    assert.equal(status.leaseEndsAt?.getTime(), Math.floor(issued.getTime() / 1000 + DAY) * 1000);
    assert.equal(status.checkedAt.getTime(), issued.getTime() + 2 * DAY_MS);

    // The stored lease has ended by the device's time: every check asks the server again.
    const requests = fetch.count;
    assert.equal((await sdk.check()).reason, "CLOCK_AHEAD");
    assert.equal(fetch.count, requests + 1);

    // A clock within the tolerated skew is no news: VALID, offset still reported.
    const close = await device(60_000);
    assert.deepEqual(seen(await close.sdk.checkOrActivate()), {
      state: "valid",
      reason: "VALID",
      source: "server",
      error: null,
      clockOffsetSeconds: 60,
    });
  });

  test("2 days ahead, then offline: the stored lease is judged at the device's time (grace ends 2 days early)", async () => {
    const issued = server().clock();
    const { sdk, make } = await device(2 * DAY_MS);
    assert.equal((await sdk.checkOrActivate()).reason, "CLOCK_AHEAD");
    const away = make({ fetch: offline }).sdk;
    const status = await away.check();
    assert.deepEqual(seen(status), {
      state: "grace",
      reason: "GRACE",
      source: "storage",
      error: "NETWORK",
      clockOffsetSeconds: null,
    });
    // Grace ends at the lease's end + 7 days — on the device's clock, which reads 2 days ahead.
    const graceEnd = Math.floor(issued.getTime() / 1000 + 8 * DAY) * 1000;
    assert.equal(status.graceEndsAt?.getTime(), graceEnd);
    const start = server().clock();
    try {
      server().clock.set(new Date(graceEnd - 2 * DAY_MS + 1000));
      assert.equal((await away.check()).reason, "GRACE_ENDED");
    } finally {
      server().clock.set(start);
    }
  });

  test("9 days ahead (past the lease and its grace): valid while online, locked offline", async () => {
    const { sdk, make } = await device(9 * DAY_MS);
    assert.deepEqual(seen(await sdk.checkOrActivate()), {
      state: "valid",
      reason: "CLOCK_AHEAD",
      source: "server",
      error: null,
      clockOffsetSeconds: 9 * DAY,
    });
    assert.deepEqual(seen(await make({ fetch: offline }).sdk.check()), {
      state: "locked",
      reason: "GRACE_ENDED",
      source: "storage",
      error: "NETWORK",
      clockOffsetSeconds: null,
    });
  });

  test("the clock set right afterwards: the stored lease is valid again, no request", async () => {
    const { sdk, clock, fetch } = await device(9 * DAY_MS);
    assert.equal((await sdk.checkOrActivate()).reason, "CLOCK_AHEAD");
    clock.aheadMs = 0;
    const requests = fetch.count;
    assert.deepEqual(seen(await sdk.check()), {
      state: "valid",
      reason: "VALID",
      source: "storage",
      error: null,
      clockOffsetSeconds: null,
    });
    assert.equal(fetch.count, requests);
  });

  test("set back after running ahead: no time gained, and rollback is still detected", async () => {
    const issued = server().clock();
    const { sdk, clock, make } = await device(2 * DAY_MS);
    assert.equal((await sdk.checkOrActivate()).reason, "CLOCK_AHEAD");
    const start = server().clock();
    try {
      // Offline, the clock set right just after the grace's end by the server's time: locked
      // (a stored offset would have judged it 2 days earlier, still in grace).
      server().clock.set(new Date(Math.floor(issued.getTime() / 1000 + 8 * DAY) * 1000 + 1000));
      clock.aheadMs = 0;
      const away = make({ fetch: offline }).sdk;
      assert.equal((await away.check()).reason, "GRACE_ENDED");

      // Behind the server time the lease was signed at: CLOCK_ROLLBACK, without a request.
      const fetch = countingFetch();
      const rolled = make({ fetch }).sdk;
      server().clock.set(start);
      clock.aheadMs = -DAY_MS;
      assert.deepEqual(seen(await rolled.check()), {
        state: "locked",
        reason: "CLOCK_ROLLBACK",
        source: "none",
        error: null,
        clockOffsetSeconds: null,
      });
      assert.equal(fetch.count, 0);
    } finally {
      server().clock.set(start);
    }
  });

  test("a signed refusal locks a device whose clock is ahead too", async () => {
    const { key, id } = await server().createLicense();
    const sdk = sdkClient(server(), key, {
      clock: () => new Date(server().clock().getTime() + 2 * DAY_MS),
    }).sdk;
    assert.equal((await sdk.checkOrActivate()).reason, "CLOCK_AHEAD");
    await server().admin("POST", `/v1/licenses/${id}/actions/suspend`);
    assert.deepEqual(seen(await sdk.check({ force: true })), {
      state: "locked",
      reason: "SERVER_LOCK",
      source: "server",
      error: null,
      clockOffsetSeconds: 2 * DAY,
    });
  });

  test("timed checks wait for the lease's end by the server's clock, not at once over and over", async () => {
    const { sdk, fetch } = await device(2 * DAY_MS);
    await sdk.activate();
    const changed = new Promise<LicenseStatus>((resolve) => sdk.on("change", resolve));
    sdk.startChecks();
    try {
      assert.equal((await changed).reason, "CLOCK_AHEAD");
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await sdk.stop();
    }
    assert.deepEqual(
      fetch.paths.filter((path) => path === "/v1/check"),
      ["/v1/check"],
    );
  });

  test("heartbeats keep their pace (half the time to the server's deadline), not every second", async () => {
    const { key } = await server().createLicense({
      floating: true,
      heartbeat: { required: true, durationSeconds: 120 },
    });
    const { sdk, fetch } = sdkClient(server(), key, {
      clock: () => new Date(server().clock().getTime() + 2 * DAY_MS),
    });
    await sdk.activate();
    const beat = new Promise((resolve) => sdk.on("heartbeat", resolve));
    sdk.startHeartbeats();
    try {
      await beat;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } finally {
      await sdk.stop();
    }
    assert.equal(fetch.paths.filter((path) => path.endsWith("/actions/heartbeat")).length, 1);
  });

  test("the trackable client: CLOCK_AHEAD the same way", async () => {
    const setup = await trackableSetup(server());
    const { client } = trackableClient(server(), {
      productId: setup.productId,
      handshakeCode: setup.code.code,
      clock: () => new Date(server().clock().getTime() + 9 * DAY_MS),
    });
    const status = await client.authorize();
    assert.deepEqual(seen(status), {
      state: "valid",
      reason: "CLOCK_AHEAD",
      source: "server",
      error: null,
      clockOffsetSeconds: 9 * DAY,
    });
    assert.equal(status.quota, "ok");
  });
});
