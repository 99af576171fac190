// Trackable mode against a real Keyward server (SQLite and PostgreSQL): authorization by
// organization, by handshake code and as a public trial; the lease honored, offline grace; usage
// buffered offline and counted exactly once, also when the answer to a flush is lost.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { forEachDatabase } from "../../server/test/support/databases.js";
import {
  createClient,
  type FlushResult,
  isKeywardError,
  memoryStorage,
  type TrackableStatus,
} from "../src/index.js";
import { createTrackableClient as createNodeTrackableClient, osMachineId } from "../src/node.js";
import { countingFetch, useKeywardServer } from "./support/server.js";
import {
  enablePublicTrial,
  serverTotals,
  trackableClient,
  trackableSetup,
} from "./support/trackable.js";

const HOUR = 3600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

forEachDatabase("SDK trackable mode against a real server", (db) => {
  const server = useKeywardServer(db);

  test("by organization id: a verified lease, kept; no request while it is valid; one device UUID", async () => {
    const setup = await trackableSetup(server());
    const storage = memoryStorage();
    const { client, fetch } = trackableClient(server(), {
      productId: setup.productId,
      organizationId: server().organizationId,
      storage,
    });
    const changes: TrackableStatus["state"][] = [];
    client.on("change", (status) => changes.push(status.state));

    const status = await client.authorize();
    assert.equal(status.state, "valid", JSON.stringify(status.error?.message));
    assert.equal(status.source, "server");
    assert.equal(status.code, "VALID");
    assert.equal(status.licenseId, setup.licenseId);
    assert.equal(status.quota, "ok");
    assert.equal(status.trial, null);
    assert.deepEqual(changes, ["valid"]);

    // The device UUID is generated once, stored under the license client's key: one identity.
    const deviceId = await client.deviceId();
    assert.match(deviceId, UUID);
    assert.equal(await storage.get("device"), deviceId);
    const licenseClient = createClient({
      serverUrl: server().url,
      licenseKey: "unused",
      publicKey: server().publicKey,
      storage,
    });
    assert.equal(await licenseClient.fingerprint(), deviceId);

    const requests = fetch.count;
    server().clock.advance(HOUR * 1000);
    assert.equal((await client.authorize()).source, "storage");
    // A restarted app keeps its identity and lease: still no request.
    const restarted = trackableClient(server(), {
      productId: setup.productId,
      organizationId: server().organizationId,
      storage,
    });
    assert.equal(await restarted.client.deviceId(), deviceId);
    assert.equal((await restarted.client.authorize()).state, "valid");
    assert.equal(fetch.count + restarted.fetch.count, requests, `requests: ${fetch.paths}`);

    // The server registered the device (fingerprint = the device UUID).
    const machines = await server().admin("GET", `/v1/machines?licenseId=${setup.licenseId}`);
    assert.deepEqual(
      machines.body.data.map((m: { fingerprint: string }) => m.fingerprint),
      [deviceId],
    );
  });

  test("by handshake code with its session password; offline: grace until gr, then locked; back: valid", async () => {
    const setup = await trackableSetup(server(), {
      code: { sessionPassword: "correct horse battery" },
    });
    const { client } = trackableClient(server(), {
      productId: setup.productId,
      handshakeCode: setup.code.code,
      sessionPassword: "correct horse battery",
    });
    const first = await client.authorize();
    assert.equal(first.state, "valid", String(first.error?.message));
    assert.equal(first.licenseId, setup.licenseId);
    assert.ok(first.leaseEndsAt && first.graceEndsAt);
    assert.ok(first.graceEndsAt > first.leaseEndsAt, "an offline period after the lease");

    await server().stop();
    try {
      server().clock.set(new Date(first.leaseEndsAt.getTime() + 1000));
      const grace = await client.authorize();
      assert.equal(grace.state, "grace");
      assert.equal(grace.reason, "GRACE");
      assert.equal(grace.error?.code, "NETWORK");
      assert.equal(grace.licenseId, setup.licenseId);

      server().clock.set(first.graceEndsAt);
      const locked = await client.authorize();
      assert.equal(locked.state, "locked");
      assert.equal(locked.reason, "GRACE_ENDED");
    } finally {
      await server().start();
    }
    const back = await client.authorize();
    assert.equal(back.state, "valid");
    assert.equal(back.source, "server");
  });

  test("neither organization nor code: the product's 7-day public trial, the same one on the next authorization", async () => {
    const setup = await trackableSetup(server());
    await enablePublicTrial(server(), setup.productId);

    const storage = memoryStorage();
    const { client } = trackableClient(server(), { productId: setup.productId, storage });
    const status = await client.authorize();
    assert.equal(status.state, "valid", String(status.error?.message));
    assert.equal(status.trial, "public");
    assert.notEqual(status.licenseId, setup.licenseId);

    const again = await client.authorize({ force: true });
    assert.equal(again.source, "server");
    assert.equal(again.licenseId, status.licenseId);

    // Trial usage goes to the trial license.
    await client.count("exports", 2);
    const flushed = await client.flush();
    assert.equal(flushed.accepted, 1);
    assert.deepEqual(await serverTotals(server(), status.licenseId as string), { exports: 2 });

    // After its 7 days the same trial answers with a signed LICENSE_EXPIRED lock, never a new one.
    server().clock.advance(8 * 24 * HOUR * 1000);
    const expired = await client.authorize();
    assert.deepEqual(
      [expired.state, expired.reason, expired.code, expired.licenseId],
      ["locked", "SERVER_LOCK", "LICENSE_EXPIRED", status.licenseId],
    );
  });

  test("a public trial is once per machine: a second install on it is refused; browsers keep the UUID rule", async () => {
    const setup = await trackableSetup(server());
    await enablePublicTrial(server(), setup.productId);
    const sent: Array<Record<string, unknown>> = [];
    const recording: typeof fetch = async (input, init) => {
      if (typeof init?.body === "string") sent.push(JSON.parse(init.body));
      return fetch(input, init);
    };
    const install = (machineId: (() => string) | undefined) =>
      trackableClient(server(), {
        productId: setup.productId,
        storage: memoryStorage(),
        fetch: recording,
        ...(machineId ? { machineId } : {}),
      }).client;

    const first = await install(() => "machine-0123456789").authorize();
    assert.equal(first.state, "valid", String(first.error?.message));
    assert.equal(first.trial, "public");
    // The raw id never leaves the device: an HMAC keyed with the product id goes instead.
    const expected = createHmac("sha256", `keyward-trial:${setup.productId}`)
      .update("machine-0123456789")
      .digest("hex");
    assert.equal(sent[0]?.hardwareId, expected);
    assert.ok(!JSON.stringify(sent).includes("machine-0123456789"));

    // Storage cleared (a new UUID), same machine: no second trial, a typed error.
    const reinstalled = await install(() => "machine-0123456789").authorize();
    assert.equal(reinstalled.state, "locked");
    assert.equal(reinstalled.error?.code, "SERVER");
    assert.equal(reinstalled.error?.status, 409);
    assert.equal(reinstalled.error?.serverCode, "TRIAL_ALREADY_USED");

    // No machine id (a browser): the UUID rule, a trial per device UUID.
    const browser = await install(undefined).authorize();
    assert.equal(browser.state, "valid", String(browser.error?.message));
    assert.notEqual(browser.licenseId, first.licenseId);
    assert.equal(sent.at(-1)?.hardwareId, undefined);

    // A request with an organization or code is no trial: the hardware id is not sent at all.
    await trackableClient(server(), {
      productId: setup.productId,
      handshakeCode: setup.code.code,
      machineId: () => "machine-0123456789",
      fetch: recording,
    }).client.authorize();
    assert.equal(sent.at(-1)?.hardwareId, undefined);
  });

  test("@keyward/sdk/node's trackable client hashes the OS machine id into public-trial requests", async () => {
    const setup = await trackableSetup(server());
    await enablePublicTrial(server(), setup.productId);
    const bodies: Array<Record<string, unknown>> = [];
    const client = createNodeTrackableClient({
      serverUrl: server().url,
      publicKey: server().publicKey,
      productId: setup.productId,
      storage: memoryStorage(),
      clock: server().clock,
      retry: { retries: 0 },
      fetch: async (input, init) => {
        if (typeof init?.body === "string") bodies.push(JSON.parse(init.body));
        return fetch(input, init);
      },
    });
    assert.equal((await client.authorize()).state, "valid");
    const id = await osMachineId();
    const expected =
      id === null
        ? undefined
        : createHmac("sha256", `keyward-trial:${setup.productId}`).update(id).digest("hex");
    assert.equal(bodies[0]?.hardwareId, expected);
  });

  test("SPEC X6: a reinstalled device lists the license's devices and frees the lost one's seat; a device releases its own", async () => {
    const setup = await trackableSetup(server(), { rules: { maxMachines: 1 } });
    const options = { productId: setup.productId, handshakeCode: setup.code.code };
    const lost = trackableClient(server(), { ...options, storage: memoryStorage() }).client;
    assert.equal((await lost.authorize()).state, "valid");
    // The reinstall has a new UUID: the one seat is the lost install's.
    const { client } = trackableClient(server(), { ...options, storage: memoryStorage() });
    const refused = await client.authorize();
    assert.equal(refused.state, "locked");
    assert.equal(refused.code, "DEVICE_LIMIT_EXCEEDED");

    const devices = await client.devices();
    assert.deepEqual(
      devices.map((d) => [d.deviceId, d.licenseId]),
      [[await lost.deviceId(), setup.licenseId]],
    );
    await client.releaseDevice(devices[0]!.deviceId);
    // Already released: done, as the outcome asked for.
    await client.releaseDevice(devices[0]!.deviceId);
    const status = await client.authorize({ force: true });
    assert.equal(status.state, "valid", JSON.stringify(status.error?.message));
    assert.deepEqual(
      (await client.devices()).map((d) => d.deviceId),
      [await client.deviceId()],
    );

    // The device releases its own seat: the stored lease goes too, so it does not run on.
    const changes: string[] = [];
    client.on("change", (now) => changes.push(`${now.state} ${now.reason}`));
    await client.release();
    assert.deepEqual(changes, ["locked NO_LEASE"]);
    assert.deepEqual(await client.devices(), []);
    const machines = await server().admin("GET", `/v1/machines?licenseId=${setup.licenseId}`);
    assert.deepEqual(machines.body.data, []);
    // No lease kept: a later authorization asks the server, which registers it again.
    const again = await client.authorize();
    assert.equal(again.state, "valid");
    assert.equal(again.source, "server");
    assert.deepEqual(
      (await client.devices()).map((d) => d.deviceId),
      [await client.deviceId()],
    );

    // Public-trial clients have no credential to manage devices with.
    const trial = trackableClient(server(), {
      productId: setup.productId,
      storage: memoryStorage(),
    });
    await assert.rejects(
      trial.client.devices(),
      (error) => isKeywardError(error) && error.code === "CONFIG",
    );
    await assert.rejects(
      trial.client.release(),
      (error) => isKeywardError(error) && error.code === "CONFIG",
    );
    // A wrong credential is the server's refusal, not a silent success.
    const stranger = trackableClient(server(), {
      productId: setup.productId,
      handshakeCode: "NO-SUCH-CODE-0000",
      storage: memoryStorage(),
    }).client;
    await assert.rejects(
      stranger.releaseDevice(await lost.deviceId()),
      (error) =>
        isKeywardError(error) &&
        error.code === "SERVER" &&
        error.serverCode === "HANDSHAKE_CODE_NOT_FOUND",
    );
  });

  test("usage counted offline across a restart is sent all at once and counted exactly once", async () => {
    const setup = await trackableSetup(server());
    const storage = memoryStorage();
    const options = { productId: setup.productId, handshakeCode: setup.code.code, storage };
    const { client } = trackableClient(server(), options);
    assert.equal((await client.authorize()).state, "valid");

    await client.count("scans");
    await client.count("scans", 4);
    await client.count("images", 2);

    await server().stop();
    try {
      // Each failed flush closes the counters into a stored report; none is lost.
      await assert.rejects(
        client.flush(),
        (error) => isKeywardError(error) && error.code === "NETWORK",
      );
      await client.count("scans", 10);
      await assert.rejects(
        client.flush(),
        (error) => isKeywardError(error) && error.code === "NETWORK",
      );
      // The app restarts while offline: the new process finds the reports and counters.
      const restarted = trackableClient(server(), options).client;
      await restarted.count("images");
      assert.deepEqual(await restarted.unsent(), { scans: 15, images: 3 });
    } finally {
      await server().start();
    }

    const restarted = trackableClient(server(), options);
    const result = await restarted.client.flush();
    assert.equal(restarted.fetch.count, 1, "all the reports in one request");
    assert.deepEqual(
      { sent: result.sent, accepted: result.accepted, duplicates: result.duplicates },
      { sent: 3, accepted: 3, duplicates: 0 },
    );
    assert.deepEqual(result.rejected, []);
    assert.deepEqual(result.licenses, [{ licenseId: setup.licenseId, quota: "ok" }]);
    assert.deepEqual(await serverTotals(server(), setup.licenseId), { images: 3, scans: 15 });
    assert.deepEqual(await restarted.client.unsent(), {});

    // Nothing left: the next flush sends nothing.
    const empty = await restarted.client.flush();
    assert.equal(empty.sent, 0);
    assert.equal(restarted.fetch.count, 1);
    assert.deepEqual(await serverTotals(server(), setup.licenseId), { images: 3, scans: 15 });
  });

  test("killed between send and acknowledgment: the restarted app resends the same report id, counted once", async () => {
    const setup = await trackableSetup(server());
    const storage = memoryStorage();
    const options = { productId: setup.productId, handshakeCode: setup.code.code, storage };
    const sentBodies: { reports: { reportId: string }[] }[] = [];
    // Delivers the request to the server, then dies before the answer reaches the app.
    const killed = async (input: string, init: RequestInit) => {
      sentBodies.push(JSON.parse(String(init.body)));
      await fetch(input, init);
      throw new Error("process killed");
    };
    const dying = trackableClient(server(), { ...options, fetch: killed }).client;
    await dying.count("scans", 7);
    await assert.rejects(
      dying.flush(),
      (error) => isKeywardError(error) && error.code === "NETWORK",
    );
    assert.deepEqual(await serverTotals(server(), setup.licenseId), { scans: 7 }, "it arrived");

    const sent: string[] = [];
    const watching = countingFetch();
    const observed = async (input: string, init: RequestInit) => {
      sent.push(
        ...JSON.parse(String(init.body)).reports.map((r: { reportId: string }) => r.reportId),
      );
      return watching(input, init);
    };
    const restarted = trackableClient(server(), { ...options, fetch: observed }).client;
    const result = await restarted.flush();
    assert.deepEqual(sent, [sentBodies[0]?.reports[0]?.reportId], "the same report id again");
    assert.deepEqual(
      { accepted: result.accepted, duplicates: result.duplicates },
      { accepted: 0, duplicates: 1 },
    );
    assert.deepEqual(await serverTotals(server(), setup.licenseId), { scans: 7 });
    assert.deepEqual(await restarted.unsent(), {}, "the duplicate is purged");
  });

  test("startChecks follows the license without the app asking: suspended locks, reinstated unlocks", async () => {
    const setup = await trackableSetup(server(), { rules: { leaseDurationSeconds: HOUR } });
    const { client } = trackableClient(server(), {
      productId: setup.productId,
      handshakeCode: setup.code.code,
    });
    const states: string[] = [];
    let notify = () => {};
    client.on("change", (status) => {
      states.push(`${status.state}/${status.code}`);
      notify();
    });
    const next = (state: string) =>
      new Promise<void>((resolve) => {
        notify = () => {
          if (states.at(-1) === state) resolve();
        };
        notify();
      });
    assert.equal((await client.authorize()).state, "valid");

    const license = `/v1/licenses/${setup.licenseId}/actions`;
    assert.equal((await server().admin("POST", `${license}/suspend`)).status, 200);
    server().clock.advance((HOUR + 1) * 1000);
    // The SDK's timers do not hold the process open; the app (here: the test) does.
    const keepAlive = setInterval(() => {}, 1000);
    try {
      const locked = next("locked/LICENSE_SUSPENDED");
      client.startChecks({ retryMs: 20 });
      await locked;
      const valid = next("valid/VALID");
      assert.equal((await server().admin("POST", `${license}/reinstate`)).status, 200);
      await valid;
    } finally {
      await client.stop();
      clearInterval(keepAlive);
    }
    assert.deepEqual(states, ["valid/VALID", "locked/LICENSE_SUSPENDED", "valid/VALID"]);
  });

  test("a flush that moves the quota stage asks again: the status says grace", async () => {
    const setup = await trackableSetup(server(), {
      rules: { maxUses: 10, overage: { strategy: "count", allowance: 5 } },
    });
    const { client } = trackableClient(server(), {
      productId: setup.productId,
      handshakeCode: setup.code.code,
    });
    assert.equal((await client.authorize()).quota, "ok");
    await client.count("scans", 10);
    const flushed = await client.flush();
    assert.deepEqual(flushed.licenses, [{ licenseId: setup.licenseId, quota: "grace" }]);
    assert.deepEqual([client.status?.state, client.status?.quota], ["valid", "grace"]);
  });

  test("startFlushing sends on its interval; the flushed event reports it", async () => {
    const setup = await trackableSetup(server());
    const { client } = trackableClient(server(), {
      productId: setup.productId,
      handshakeCode: setup.code.code,
      flushIntervalMs: 20,
    });
    await client.count("scans", 3);
    const flushed = new Promise<FlushResult>((resolve) => client.on("flushed", resolve));
    client.startFlushing();
    try {
      const result = await flushed;
      assert.equal(result.accepted, 1);
    } finally {
      await client.stop();
    }
    assert.deepEqual(await serverTotals(server(), setup.licenseId), { scans: 3 });
  });
});
