// The SDK never decides from unsigned or altered data: tampered or copied stored leases, forged
// or replayed answers, another key, clock rollback.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import {
  base64urlDecode,
  base64urlEncode,
  exportPublicKey,
  utf8Decode,
  utf8Encode,
} from "@keyward/formats";
import { generateKeyPair } from "@keyward/formats/node";
import { forEachDatabase } from "../../server/test/support/databases.js";
import { createClient, type KeywardClientOptions, type KeywardStorage } from "../src/index.js";
import { countingFetch, useKeywardServer } from "./support/server.js";

const DAY_MS = 86_400_000;

/** Memory storage whose entries the test can read and alter, as an attacker with disk access. */
function openStorage(): KeywardStorage & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: async (key) => entries.get(key) ?? null,
    set: async (key, value) => {
      entries.set(key, value);
    },
    delete: async (key) => {
      entries.delete(key);
    },
  };
}

function leaseEntry(storage: { entries: Map<string, string> }): [string, string] {
  const entry = [...storage.entries].find(([key]) => key.startsWith("lease."));
  assert.ok(entry, "a stored lease");
  return entry;
}

/** The lease with its claims edited and the signature kept. */
function editClaims(lease: string, edit: (claims: Record<string, unknown>) => void): string {
  const [body, signature] = lease.slice("lease/".length).split(".");
  const claims = JSON.parse(utf8Decode(base64urlDecode(body!)));
  edit(claims);
  return `lease/${base64urlEncode(utf8Encode(JSON.stringify(claims)), { pad: false })}.${signature}`;
}

const offline: typeof fetch = async () => {
  throw new TypeError("fetch failed");
};

forEachDatabase("SDK security against a real server", (db) => {
  const server = useKeywardServer(db);

  function client(key: string, options: Partial<KeywardClientOptions> = {}) {
    return createClient({
      serverUrl: server().url,
      licenseKey: key,
      publicKey: server().publicKey,
      storage: openStorage(),
      clock: server().clock,
      retry: { retries: 0 },
      ...options,
    });
  }

  async function activated(storage = openStorage()) {
    const { key, id } = await server().createLicense({ leaseDurationSeconds: 3600 });
    const sdk = client(key, { storage });
    await sdk.activate();
    assert.equal((await sdk.check()).state, "valid");
    return { key, id, storage };
  }

  test("an edited stored lease is rejected: offline it locks, online a fresh lease replaces it", async () => {
    const { key, storage } = await activated();
    const [name, lease] = leaseEntry(storage);
    storage.entries.set(
      name,
      editClaims(lease, (claims) => {
        claims.exp = (claims.exp as number) + 365 * 86_400;
        claims.gr = (claims.gr as number) + 365 * 86_400;
      }),
    );
    const offlineStatus = await client(key, { storage, fetch: offline }).check();
    assert.equal(offlineStatus.state, "locked");
    assert.equal(offlineStatus.reason, "LEASE_REJECTED");

    const fetch = countingFetch();
    const online = await client(key, { storage, fetch }).check();
    assert.equal(online.state, "valid");
    assert.equal(online.source, "server");
    assert.equal(fetch.count, 1, "the rejected lease did not spare the request");
    assert.notEqual(leaseEntry(storage)[1], lease);
  });

  test("a lease copied from another device is rejected (fingerprint binding)", async () => {
    const { key, storage } = await activated();
    const [name, lease] = leaseEntry(storage);
    const other = openStorage();
    other.entries.set(name, lease);
    other.entries.set("device", "another-device-uuid");
    const status = await client(key, { storage: other, fetch: offline }).check();
    assert.equal(status.state, "locked");
    assert.equal(status.reason, "LEASE_REJECTED");
  });

  test("with productId set, a lease of another product on the same device is rejected", async () => {
    const device = "shared-device-uuid";
    const bought = await server().createLicense({ leaseDurationSeconds: 3600 });
    const wanted = await server().createLicense({ leaseDurationSeconds: 3600 });
    const storage = openStorage();
    storage.entries.set("device", device);
    const cheap = client(bought.key, { storage, productId: bought.productId });
    await cheap.activate();
    assert.equal((await cheap.check()).state, "valid");
    // The attacker stores the bought product's lease in the other product's slot.
    const [, lease] = leaseEntry(storage);
    const forged = openStorage();
    forged.entries.set("device", device);
    const slot = createHash("sha256").update(wanted.key).digest("hex").slice(0, 16);
    forged.entries.set(`lease.${slot}`, lease);
    const status = await client(wanted.key, {
      storage: forged,
      fetch: offline,
      productId: wanted.productId,
    }).check();
    assert.equal(status.state, "locked");
    assert.equal(status.reason, "LEASE_REJECTED");
  });

  test("clock rollback below the last signed server time locks with its own reason", async () => {
    const { key, storage } = await activated();
    const fetch = countingFetch();
    const start = server().clock();
    const device = { now: new Date(start.getTime() - DAY_MS) };
    const sdk = client(key, { storage, fetch, clock: () => device.now });
    const rolled = await sdk.check();
    assert.equal(rolled.state, "locked");
    assert.equal(rolled.reason, "CLOCK_ROLLBACK");
    assert.equal(fetch.count, 0);

    // Within the tolerated skew (5 minutes) it is not tampering.
    device.now = new Date(start.getTime() - 60_000);
    assert.equal((await sdk.check()).state, "valid");

    // Deleting the stored server time does not help: the lease itself was issued later.
    for (const name of [...storage.entries.keys()]) {
      if (name === "server-time") storage.entries.delete(name);
    }
    device.now = new Date(start.getTime() - DAY_MS);
    assert.equal((await sdk.check()).reason, "CLOCK_ROLLBACK");
    device.now = start;
    assert.equal((await sdk.check()).state, "valid");
  });

  test("an old lease put back with the clock set back is clock rollback, not valid", async () => {
    const { key, storage } = await activated();
    const [name, oldLease] = leaseEntry(storage);
    const start = server().clock();
    const device = { now: new Date(start.getTime() + 2 * DAY_MS) };
    server().clock.set(device.now);
    const sdk = client(key, { storage, clock: () => device.now });
    assert.equal((await sdk.check()).source, "server", "a new lease two days later");

    // Back to within the old lease, which is authentic and was issued before that time.
    device.now = new Date(start.getTime() + 30 * 60_000);
    storage.entries.set(name, oldLease);
    const status = await sdk.check();
    assert.equal(status.state, "locked");
    assert.equal(status.reason, "CLOCK_ROLLBACK");
  });

  test("a fresh lease issued in the device's future is clock rollback, and is not stored", async () => {
    const { key } = await server().createLicense();
    const storage = openStorage();
    const behind = new Date(server().clock().getTime() - DAY_MS);
    const sdk = client(key, { storage, clock: () => behind });
    await sdk.activate();
    const status = await sdk.check();
    assert.equal(status.reason, "CLOCK_ROLLBACK");
    assert.ok(![...storage.entries.keys()].some((name) => name.startsWith("lease.")));
  });

  test("leases signed by another key are refused and never stored", async () => {
    const { key } = await server().createLicense();
    const storage = openStorage();
    const stranger = exportPublicKey(generateKeyPair("ed25519").publicKey, "pem") as string;
    const sdk = client(key, { storage, publicKey: stranger });
    await sdk.activate();
    const status = await sdk.check();
    assert.equal(status.state, "locked");
    assert.equal(status.reason, "NO_LEASE");
    assert.equal(status.error?.code, "BAD_RESPONSE");
    assert.ok(![...storage.entries.keys()].some((name) => name.startsWith("lease.")));
  });

  test("unsigned or replayed answers neither lock nor unlock", async () => {
    const { key, storage } = await activated();
    const real = countingFetch();
    let replay: string | undefined;
    // Records the first real answer, then plays a man in the middle.
    const mitm: typeof fetch = async (input, init) => {
      if (replay === undefined) {
        const response = await real(input, init);
        replay = await response.text();
        return new Response(replay, { status: response.status, headers: response.headers });
      }
      return new Response(replay, { status: 200, headers: { "content-type": "application/json" } });
    };
    const sdk = client(key, { storage, fetch: mitm });
    assert.equal((await sdk.check({ force: true })).source, "server");

    // A replayed lease answers another nonce: refused; the stored lease still decides.
    const replayed = await sdk.check({ force: true });
    assert.equal(replayed.source, "storage");
    assert.equal(replayed.error?.code, "BAD_RESPONSE");

    // An unsigned "suspended" does not lock a device inside its grace.
    replay = JSON.stringify({ valid: false, code: "SUSPENDED" });
    server().clock.advance(2 * 3600 * 1000);
    const forged = await sdk.check();
    assert.equal(forged.state, "grace");
    assert.equal(forged.error?.serverCode, "SUSPENDED");

    // An unsigned "valid" does not unlock a device whose grace has ended.
    replay = JSON.stringify({ valid: true, code: "VALID" });
    server().clock.advance(8 * DAY_MS);
    const stillLocked = await sdk.check();
    assert.equal(stillLocked.state, "locked");
    assert.equal(stillLocked.reason, "GRACE_ENDED");
  });
});
