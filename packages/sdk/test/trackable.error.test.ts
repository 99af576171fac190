// Trackable mode's failures against a real Keyward server (SQLite and PostgreSQL): typed errors
// for refused credentials (nothing lost), signed quota locks, refused reports, bad input, and
// answers that are not what this device asked for.
import assert from "node:assert/strict";
import { test } from "node:test";
import { forEachDatabase } from "../../server/test/support/databases.js";
import {
  isKeywardError,
  KeywardError,
  type KeywardStorage,
  memoryStorage,
  type RejectedReport,
} from "../src/index.js";
import { useKeywardServer } from "./support/server.js";
import { serverTotals, trackableClient, trackableSetup } from "./support/trackable.js";

forEachDatabase("SDK trackable mode: errors", (db) => {
  const server = useKeywardServer(db);

  test("a wrong session password: a typed error, locked without a lease, usage kept for later", async () => {
    const setup = await trackableSetup(server(), {
      code: { sessionPassword: "correct horse battery" },
    });
    const storage = memoryStorage();
    const options = { productId: setup.productId, handshakeCode: setup.code.code, storage };
    const { client } = trackableClient(server(), { ...options, sessionPassword: "wrong" });

    const status = await client.authorize();
    assert.equal(status.state, "locked");
    assert.equal(status.reason, "NO_LEASE");
    assert.ok(status.error instanceof KeywardError);
    assert.equal(status.error.code, "SERVER");
    assert.equal(status.error.status, 401);
    assert.equal(status.error.serverCode, "SESSION_PASSWORD_INVALID");

    await client.count("scans", 5);
    await assert.rejects(
      client.flush(),
      (error) => isKeywardError(error) && error.serverCode === "SESSION_PASSWORD_INVALID",
    );
    assert.deepEqual(await client.unsent(), { scans: 5 }, "nothing lost");
    assert.deepEqual(await serverTotals(server(), setup.licenseId), {});

    // Fixed password (same storage): the kept report is counted.
    const fixed = trackableClient(server(), {
      ...options,
      sessionPassword: "correct horse battery",
    }).client;
    assert.equal((await fixed.flush()).accepted, 1);
    assert.deepEqual(await serverTotals(server(), setup.licenseId), { scans: 5 });
  });

  test("an unknown handshake code, a product without public trial: typed 404s, locked", async () => {
    const setup = await trackableSetup(server());
    const cases = [
      [{ handshakeCode: "NOPE-NOPE-NOPE-NOPE" }, "HANDSHAKE_CODE_NOT_FOUND"],
      [{}, "TRIAL_NOT_AVAILABLE"],
    ] as const;
    for (const [credential, serverCode] of cases) {
      const { client } = trackableClient(server(), { productId: setup.productId, ...credential });
      const status = await client.authorize();
      assert.equal(status.state, "locked");
      assert.equal(status.reason, "NO_LEASE");
      assert.equal(status.error?.status, 404);
      assert.equal(status.error?.serverCode, serverCode);
    }
  });

  test("the app's domain, process and identifier are sent: a code restricting them refuses others (403)", async () => {
    const setup = await trackableSetup(server(), {
      code: {
        validationFields: {
          domains: ["acme.com"],
          processNames: ["acme"],
          appIdentifiers: ["com.acme.app"],
        },
      },
    });
    const allowed = { domain: "acme.com", processName: "acme", identifier: "com.acme.app" };
    const cases = [
      [{ ...allowed, domain: "evil.example" }, "DOMAIN_NOT_ALLOWED"],
      [{ ...allowed, processName: "other" }, "PROCESS_NOT_ALLOWED"],
      [{ ...allowed, identifier: "com.other" }, "APP_IDENTIFIER_NOT_ALLOWED"],
    ] as const;
    for (const [app, serverCode] of cases) {
      const { client } = trackableClient(server(), {
        productId: setup.productId,
        handshakeCode: setup.code.code,
        app,
      });
      const status = await client.authorize();
      assert.equal(status.state, "locked");
      assert.equal(status.error?.status, 403);
      assert.equal(status.error?.serverCode, serverCode);
    }
    const { client } = trackableClient(server(), {
      productId: setup.productId,
      handshakeCode: setup.code.code,
      app: allowed,
    });
    assert.equal((await client.authorize()).state, "valid");
  });

  test("the device clock set back behind a signed server time: CLOCK_ROLLBACK, no request", async () => {
    const setup = await trackableSetup(server());
    const { client, fetch } = trackableClient(server(), {
      productId: setup.productId,
      handshakeCode: setup.code.code,
    });
    assert.equal((await client.authorize()).state, "valid");
    const requests = fetch.count;
    const now = server().clock();
    server().clock.advance(-2 * 86_400 * 1000);
    try {
      const status = await client.authorize();
      assert.deepEqual([status.state, status.reason], ["locked", "CLOCK_ROLLBACK"]);
      assert.equal(fetch.count, requests);
    } finally {
      server().clock.set(now);
    }
  });

  test("quota used up: further reports refused (event, purged), and a signed QUOTA_EXCEEDED lock", async () => {
    const setup = await trackableSetup(server(), { rules: { maxUses: 10 } });
    const options = {
      productId: setup.productId,
      handshakeCode: setup.code.code,
      storage: memoryStorage(),
    };
    const { client } = trackableClient(server(), options);
    const first = await client.authorize();
    assert.equal(first.state, "valid");
    assert.equal(first.quota, "ok");

    const changes: string[] = [];
    client.on("change", (status) => changes.push(`${status.state}/${status.code}`));
    await client.count("scans", 10);
    const full = await client.flush();
    assert.equal(full.accepted, 1);
    assert.equal(full.licenses[0]?.quota, "exhausted");
    // The flush that used the quota up asked again at once: the device does not run on its
    // still-valid lease (the server's signed answer locks it), and "change" tells the app.
    assert.deepEqual([client.status?.state, client.status?.code], ["locked", "QUOTA_EXCEEDED"]);
    assert.deepEqual(changes, ["locked/QUOTA_EXCEEDED"]);

    const refusedEvents: RejectedReport[][] = [];
    client.on("rejected", (reports) => refusedEvents.push(reports));
    await client.count("scans", 3);
    const refused = await client.flush();
    assert.equal(refused.accepted, 0);
    assert.equal(refused.rejected.length, 1);
    assert.equal(refused.rejected[0]?.code, "QUOTA_EXCEEDED");
    assert.deepEqual(refused.rejected[0]?.report.counters, { scans: 3 });
    assert.deepEqual(refusedEvents, [refused.rejected]);
    assert.deepEqual(await client.unsent(), {}, "a refused report is not sent again");
    assert.deepEqual(await serverTotals(server(), setup.licenseId), { scans: 10 });

    // The server's signed lock is what the device holds, and asks about again.
    const locked = await client.authorize();
    assert.equal(locked.state, "locked");
    assert.equal(locked.reason, "SERVER_LOCK");
    assert.equal(locked.code, "QUOTA_EXCEEDED");
    assert.equal(locked.source, "server");
    // The lock is what is stored now: a restart does not bring the old valid lease back.
    const restarted = trackableClient(server(), options);
    const afterRestart = await restarted.client.authorize();
    assert.deepEqual([afterRestart.state, afterRestart.code], ["locked", "QUOTA_EXCEEDED"]);
  });

  test("a replayed or edited answer is not trusted: BAD_RESPONSE or LEASE_REJECTED, never valid", async () => {
    const setup = await trackableSetup(server());
    let recorded: string | undefined;
    let replay = false;
    // Records the first answer, then replays it for later requests (an attacker on the path).
    const replaying = async (input: string, init: RequestInit) => {
      if (replay && recorded !== undefined) return new Response(recorded, { status: 200 });
      const response = await fetch(input, init);
      recorded = await response.clone().text();
      return response;
    };
    const { storage, keys } = recordingStorage();
    const options = { productId: setup.productId, handshakeCode: setup.code.code, storage };
    const { client } = trackableClient(server(), { ...options, fetch: replaying });
    const first = await client.authorize();
    assert.equal(first.state, "valid");

    // A replayed answer carries the old nonce: rejected, the stored lease judged instead.
    replay = true;
    const replayed = await client.authorize({ force: true });
    assert.equal(replayed.error?.code, "BAD_RESPONSE");
    assert.equal(replayed.source, "storage");

    // An edited stored lease fails verification: locked (here the server cannot be reached).
    const leaseKey = [...keys].find((key) => key.startsWith("trackable-lease."));
    assert.ok(leaseKey);
    const lease = (await storage.get(leaseKey)) as string;
    await storage.set(
      leaseKey,
      lease.replace(/\.(.)/, (_, c) => `.${c === "A" ? "B" : "A"}`),
    );
    await server().stop();
    try {
      const offline = trackableClient(server(), options).client;
      const status = await offline.authorize();
      assert.equal(status.state, "locked");
      assert.equal(status.reason, "LEASE_REJECTED");
    } finally {
      await server().start();
    }
  });

  test("bad counts and feature names: CONFIG errors, nothing stored", async () => {
    const setup = await trackableSetup(server());
    const { client } = trackableClient(server(), {
      productId: setup.productId,
      handshakeCode: setup.code.code,
    });
    for (const [feature, n] of [
      ["has space", 1],
      ["", 1],
      ["scans", 0],
      ["scans", -1],
      ["scans", 1.5],
      ["scans", 2_000_000_000],
    ] as const) {
      await assert.rejects(
        client.count(feature, n),
        (error) => isKeywardError(error) && error.code === "CONFIG",
        `${feature}: ${n}`,
      );
    }
    assert.deepEqual(await client.unsent(), {});
    assert.equal((await client.flush()).sent, 0);
    assert.throws(
      () => trackableClient(server(), { productId: "" }),
      (error) => isKeywardError(error) && error.code === "CONFIG",
    );
  });
});

/** A memory storage that remembers the keys written (to edit the stored lease). */
function recordingStorage() {
  const inner = memoryStorage();
  const keys = new Set<string>();
  const storage: KeywardStorage = {
    get: (key) => inner.get(key),
    set: (key, value) => {
      keys.add(key);
      return inner.set(key, value);
    },
    delete: (key) => inner.delete(key),
  };
  return { storage, keys };
}
