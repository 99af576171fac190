// Check-ins (policies with checkInIntervalSeconds: a license that does not check in within the
// interval validates OVERDUE) from the SDK against a real server: checkIn() itself, the check
// that checks in by itself when the server's signed answer is OVERDUE, and what happens when the
// check-in cannot be made.
import assert from "node:assert/strict";
import { test } from "node:test";
import { forEachDatabase } from "../../server/test/support/databases.js";
import { type KeywardClientOptions, type License, memoryStorage } from "../src/index.js";
import { countingFetch, sdkClient, useKeywardServer } from "./support/server.js";

const HOUR = 3600;
const DAY = 86_400;

forEachDatabase("SDK check-ins against a real server", (db) => {
  const server = useKeywardServer(db);

  const client = (key: string, options: Partial<KeywardClientOptions> = {}) =>
    sdkClient(server(), key, options);

  /** The license as the vendor sees it. */
  async function serverLicense(id: string) {
    const answer = await server().admin("GET", `/v1/licenses/${id}`);
    assert.equal(answer.status, 200);
    return answer.body.data;
  }

  /** A license whose policy wants a check-in every 2 days, with 1-day leases. */
  const checkInLicense = () =>
    server().createLicense({
      checkInIntervalSeconds: 2 * DAY,
      leaseDurationSeconds: DAY,
      offlineGraceSeconds: 3 * DAY,
    });

  test("checkIn() restarts the interval: the license is not OVERDUE", async () => {
    const { key, id } = await checkInLicense();
    // Without the automatic check-in: only checkIn() can keep the license from OVERDUE here.
    const { sdk, fetch } = client(key, { autoCheckIn: false });
    const checkIns: License[] = [];
    sdk.on("checkIn", (license) => checkIns.push(license));

    // Before any check the client does not know its license id: the server names it once.
    const license = await sdk.checkIn();
    assert.equal(license.id, id);
    assert.equal(license.status, "active");
    assert.equal(license.lastCheckInAt, server().clock().toISOString());
    assert.deepEqual(fetch.paths, ["/v1/tokens/current", `/v1/licenses/${id}/actions/check-in`]);
    assert.deepEqual(checkIns, [license]);
    assert.equal((await serverLicense(id)).lastCheckInAt, license.lastCheckInAt);

    // Inside two days of that check-in the license validates; after a new one, two more days.
    await sdk.activate();
    server().clock.advance((2 * DAY - 60) * 1000);
    assert.equal((await sdk.check()).code, "VALID");
    await sdk.checkIn();
    server().clock.advance(DAY * 1000 + 60_000);
    const status = await sdk.check({ force: true });
    assert.equal(status.state, "valid");
    assert.equal(status.code, "VALID");
    // Once the id is known (the last check's lease), it is not asked again.
    assert.equal(fetch.paths.filter((path) => path === "/v1/tokens/current").length, 1);
  });

  test("a check answered OVERDUE checks in and asks again: the app sees VALID", async () => {
    const { key, id } = await checkInLicense();
    const { sdk, fetch } = client(key);
    const first = await sdk.checkOrActivate();
    assert.equal(first.state, "valid");
    // Offline, the device could run until the check-in is due (2 days after the license's
    // creation), not for its 1-day lease plus 3 days of grace.
    const due = Date.parse((await serverLicense(id)).createdAt) + 2 * DAY * 1000;
    assert.equal(first.graceEndsAt?.getTime(), Math.floor(due / 1000) * 1000);
    const changes: string[] = [];
    sdk.on("change", (status) => changes.push(`${status.state}/${status.code}`));
    const checkIns: string[] = [];
    sdk.on("checkIn", (license) => checkIns.push(license.lastCheckInAt ?? ""));

    assert.equal((await serverLicense(id)).lastCheckInAt, null, "no check-in while not due");

    // The interval (from the license's creation) passes; the lease (1 day) ended long before.
    server().clock.advance((2 * DAY + 60) * 1000);
    const before = fetch.paths.length;
    const status = await sdk.check();
    assert.equal(status.state, "valid", JSON.stringify(status));
    assert.equal(status.code, "VALID");
    assert.equal(status.source, "server");
    assert.equal(status.error, null);
    assert.deepEqual(fetch.paths.slice(before), [
      "/v1/check",
      `/v1/licenses/${id}/actions/check-in`,
      "/v1/check",
    ]);
    const now = server().clock().toISOString();
    assert.deepEqual(checkIns, [now]);
    assert.equal((await serverLicense(id)).lastCheckInAt, now);
    // VALID throughout: no lock published between the OVERDUE answer and the check-in.
    assert.deepEqual(changes, []);

    // The timed checks do the same by themselves, without the app.
    const keepAlive = setInterval(() => {}, 1000);
    const checkedIn = new Promise<void>((resolve) => sdk.on("checkIn", () => resolve()));
    server().clock.advance((2 * DAY + 60) * 1000);
    sdk.startChecks({ retryMs: 20 });
    await checkedIn;
    await sdk.stop();
    clearInterval(keepAlive);
    assert.equal(checkIns.length, 2);
    assert.equal((await serverLicense(id)).lastCheckInAt, server().clock().toISOString());

    // A license without a check-in interval is never checked in: no answer says OVERDUE.
    const plain = await server().createLicense({ leaseDurationSeconds: HOUR });
    const other = client(plain.key);
    await other.sdk.checkOrActivate();
    for (let i = 0; i < 3; i++) {
      server().clock.advance(30 * DAY * 1000);
      assert.equal((await other.sdk.check()).state, "valid");
    }
    assert.ok(!other.fetch.paths.some((path) => path.endsWith("/check-in")));
    assert.equal((await serverLicense(plain.id)).lastCheckInAt, null);
  });

  test("autoCheckIn: false leaves OVERDUE a lock until the app checks in", async () => {
    const { key, id } = await checkInLicense();
    const { sdk, fetch } = client(key, { autoCheckIn: false });
    await sdk.checkOrActivate();
    server().clock.advance((2 * DAY + 60) * 1000);
    const locked = await sdk.check();
    assert.equal(locked.state, "locked");
    assert.equal(locked.reason, "SERVER_LOCK");
    assert.equal(locked.code, "OVERDUE");
    assert.ok(!fetch.paths.some((path) => path.endsWith("/check-in")));

    const license = await sdk.checkIn();
    assert.equal(license.id, id);
    assert.ok(!fetch.paths.includes("/v1/tokens/current"), "the id came from the OVERDUE lease");
    assert.equal((await sdk.check()).state, "valid");
  });

  test("offline, the check-in fails like a heartbeat; an OVERDUE check stays locked until it succeeds", async () => {
    const { key } = await checkInLicense();
    const storage = memoryStorage();
    // The network drops check-ins only: the check answers OVERDUE, the check-in that follows
    // does not get through.
    let dropCheckIns = false;
    const fetch = countingFetch();
    const { sdk } = client(key, {
      storage,
      fetch: async (input, init) => {
        if (dropCheckIns && String(input).endsWith("/check-in")) {
          throw new TypeError("fetch failed");
        }
        return fetch(input, init);
      },
    });
    await sdk.checkOrActivate();

    await server().stop();
    try {
      await assert.rejects(sdk.checkIn(), { name: "KeywardError", code: "NETWORK" });
    } finally {
      await server().start();
    }

    server().clock.advance((2 * DAY + 60) * 1000);
    dropCheckIns = true;
    const overdue = await sdk.check();
    assert.equal(overdue.state, "locked");
    assert.equal(overdue.code, "OVERDUE");
    assert.equal(overdue.error?.code, "NETWORK");
    assert.match(overdue.error?.message ?? "", /check-in failed/);

    // The signed OVERDUE is stored like any refusal: offline, a restart stays locked.
    await server().stop();
    try {
      const restarted = client(key, { storage }).sdk;
      const offline = await restarted.check();
      assert.equal(offline.state, "locked");
      assert.equal(offline.code, "OVERDUE");
      assert.equal(offline.error?.code, "NETWORK");
    } finally {
      await server().start();
    }

    dropCheckIns = false;
    const back = await sdk.check();
    assert.equal(back.state, "valid");
    assert.equal(back.code, "VALID");
  });

  test("an unknown key's check-in is a SERVER error (401), an unsigned NOT_FOUND no check-in", async () => {
    const { sdk, fetch } = client("NOT-A-KEY-OF-THIS-SERVER");
    await assert.rejects(sdk.checkIn(), {
      name: "KeywardError",
      code: "SERVER",
      status: 401,
      serverCode: "UNAUTHORIZED",
    });
    const status = await sdk.check();
    assert.equal(status.state, "locked");
    assert.equal(status.error?.code, "UNKNOWN_KEY");
    assert.ok(!fetch.paths.some((path) => path.endsWith("/check-in")));
  });
});
