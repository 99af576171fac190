// Signing-key rotation seen from the SDK (SPEC X7, issue 19.1): a client that trusts the
// published key set keeps verifying what the old key signed (stored lease, license file) and
// verifies what the new key signs, picking each by its kid; a client pinned to the old key
// alone does not trust the new key's leases. A client that pinned the keys on first use trusts
// each later key its pinned keys endorsed, and no other.
import assert from "node:assert/strict";
import { test } from "node:test";
import { base64Encode, base64urlDecode, type LeaseClaims, utf8Decode } from "@keyward/formats";
import { createLease, endorseKey, generateKeyPair } from "@keyward/formats/node";
import { forEachDatabase } from "../../server/test/support/databases.js";
import {
  createClient,
  type KeywardClientOptions,
  type KeywardStorage,
  memoryStorage,
  parsePublicKey,
  verifyLease,
} from "../src/index.js";
import { countingFetch, useKeywardServer } from "./support/server.js";
import { trackableClient, trackableSetup } from "./support/trackable.js";

const HOUR = 3600;

forEachDatabase("SDK across a signing-key rotation", (db) => {
  const server = useKeywardServer(db);

  async function publishedKeys() {
    const answer = await server().admin(
      "GET",
      `/v1/organizations/${server().organizationId}/signing-keys`,
    );
    assert.equal(answer.status, 200);
    return answer.body;
  }

  async function checkOut(licenseId: string): Promise<string> {
    const answer = await server().admin("POST", `/v1/licenses/${licenseId}/actions/check-out`, {
      algorithm: "aes-256-gcm+ed25519",
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.data.certificate;
  }

  test("leases and license files from before and after a rotation verify with the key set", async () => {
    const { key, id } = await server().createLicense({ leaseDurationSeconds: HOUR });
    // 1. The next key is published ahead; the app ships (or fetches) the whole set.
    const next = await server().admin("POST", "/v1/signing-keys", { algorithm: "ed25519" });
    assert.equal(next.status, 201);
    const set = await publishedKeys();
    const oldId = set.data.find(
      (k: { algorithm: string; state: string }) =>
        k.algorithm === "ed25519" && k.state === "active",
    ).id;
    const storage = recordingStorage();
    const options = {
      serverUrl: server().url,
      licenseKey: key,
      storage,
      clock: server().clock,
      retry: { retries: 0 },
    };
    const sdk = createClient({ ...options, publicKeys: set, fetch: countingFetch() });
    const pinnedOld = createClient({
      ...options,
      storage: memoryStorage(),
      publicKey: server().publicKey,
      fetch: countingFetch(),
    });
    await sdk.activate();
    const before = await sdk.check();
    assert.equal(before.state, "valid");
    const fileBefore = await checkOut(id);

    // 2. The switch.
    const switched = await server().admin(
      "POST",
      `/v1/signing-keys/${next.body.data.id}/actions/activate`,
    );
    assert.equal(switched.status, 200);

    // The stored lease (old key) still stands, without asking the server.
    const fetch = countingFetch();
    const stored = await createClient({ ...options, publicKeys: set, fetch }).check();
    assert.equal(stored.state, "valid");
    assert.equal(fetch.paths.length, 0, "answered from the stored lease");

    // A fresh lease is signed by the new key and verified by the key its kid names.
    const fresh = await sdk.check({ force: true });
    assert.equal(fresh.state, "valid");
    assert.equal(fresh.error, null);
    const lease = [...storage.values.entries()].find(([name]) => name.startsWith("lease."))![1];
    const claims = JSON.parse(
      Buffer.from(lease.slice("lease/".length).split(".")[0]!, "base64url").toString(),
    );
    assert.equal(claims.kid, next.body.data.id);
    assert.notEqual(claims.kid, oldId);

    // Files of both generations verify through the client.
    const fileAfter = await checkOut(id);
    for (const certificate of [fileBefore, fileAfter]) {
      const verified = await sdk.verifyLicenseFile(certificate, {
        algorithm: "aes-256-gcm+ed25519",
      });
      assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
    }

    // The single-key option still works and trusts only its key: the old file, not the new lease.
    assert.ok(
      (await pinnedOld.verifyLicenseFile(fileBefore, { algorithm: "aes-256-gcm+ed25519" })).ok,
    );
    const refused = await pinnedOld.verifyLicenseFile(fileAfter, {
      algorithm: "aes-256-gcm+ed25519",
    });
    assert.equal(refused.ok ? "ok" : refused.error.code, "BAD_SIGNATURE");
    const direct = await verifyLease(lease, [{ publicKey: parsePublicKey(server().publicKey) }], {
      algorithm: "ed25519",
      now: server().clock(),
    });
    assert.equal(direct.ok ? "ok" : direct.error.code, "BAD_SIGNATURE");
  });

  test("trackable mode: a client trusting the set authorizes before and after a rotation", async () => {
    const setup = await trackableSetup(server());
    const set = await publishedKeys();
    const storage = memoryStorage();
    const options = {
      productId: setup.productId,
      organizationId: server().organizationId,
      storage,
      publicKey: undefined,
      publicKeys: set,
    };
    const before = await trackableClient(server(), options).client.authorize();
    assert.equal(before.state, "valid", before.error?.message);
    const rotated = await server().admin("POST", "/v1/signing-keys/actions/rotate", {
      algorithm: "ed25519",
    });
    assert.equal(rotated.status, 200);
    // The stored lease (old key) still stands; a fresh one needs the new key in the set.
    const { client, fetch } = trackableClient(server(), options);
    assert.equal((await client.authorize()).source, "storage");
    assert.equal(fetch.count, 0);
    const stale = await client.authorize({ force: true });
    assert.equal(stale.error?.code, "BAD_RESPONSE", "the new key is not in the old set");
    const fresh = await trackableClient(server(), {
      ...options,
      publicKeys: await publishedKeys(),
    }).client.authorize({ force: true });
    assert.equal(fresh.state, "valid", fresh.error?.message);
    assert.equal(fresh.source, "server");
  });

  /** A trust-on-first-use client of `key` on `storage`, as the device's app starts it. */
  function tofuClient(key: string, storage: KeywardStorage, fetch = countingFetch()) {
    const options: KeywardClientOptions = {
      serverUrl: server().url,
      licenseKey: key,
      trustOnFirstUse: { organizationId: server().organizationId },
      storage,
      clock: server().clock,
      retry: { retries: 0 },
      fetch,
    };
    return { sdk: createClient(options), fetch };
  }

  /** The ids of the keys pinned in `storage`. */
  function pinnedIds(storage: ReturnType<typeof recordingStorage>): string[] {
    const pinned = storage.values.get(`public-key.${server().organizationId}`);
    assert.ok(pinned, "pinned keys");
    return JSON.parse(pinned).map((entry: { id: string }) => entry.id);
  }

  const keyListFetches = (fetch: ReturnType<typeof countingFetch>) =>
    fetch.paths.filter((path) => path.endsWith("/signing-keys")).length;

  async function activeKeyId(): Promise<string> {
    const keys = (await publishedKeys()).data as { id: string; algorithm: string; state: string }[];
    return keys.find((k) => k.algorithm === "ed25519" && k.state === "active")!.id;
  }

  test("trust on first use: pinned before the next key existed, a device follows two rotations", async () => {
    const { key } = await server().createLicense({
      leaseDurationSeconds: HOUR,
      floating: true,
      maxMachines: 2,
    });
    // Two devices pin the keys before any of the new ones exists.
    const storage = recordingStorage();
    const laterStorage = recordingStorage();
    const device = tofuClient(key, storage);
    const later = tofuClient(key, laterStorage);
    for (const { sdk } of [device, later]) {
      assert.equal((await sdk.checkOrActivate()).state, "valid");
    }
    const firstPins = pinnedIds(storage);

    // 1. The documented rotation: a next key, then its activation.
    const next = await server().admin("POST", "/v1/signing-keys", { algorithm: "ed25519" });
    assert.equal(next.status, 201);
    const k2 = next.body.data.id;
    assert.ok(!firstPins.includes(k2));
    const switched = await server().admin("POST", `/v1/signing-keys/${k2}/actions/activate`);
    assert.equal(switched.status, 200);
    const afterFirst = await device.sdk.check({ force: true });
    assert.equal(afterFirst.error, null, afterFirst.error?.message);
    assert.equal(afterFirst.state, "valid");
    assert.equal(afterFirst.source, "server");
    assert.deepEqual(pinnedIds(storage), [...firstPins, k2]);
    assert.equal(keyListFetches(device.fetch), 2, "the first pin, then one for the new key");

    // 2. A one-step rotation: its key is endorsed by k2, which the device now trusts.
    const rotated = await server().admin("POST", "/v1/signing-keys/actions/rotate", {
      algorithm: "ed25519",
    });
    assert.equal(rotated.status, 200);
    const k3 = rotated.body.data.id;
    const afterSecond = await device.sdk.check({ force: true });
    assert.equal(afterSecond.error, null, afterSecond.error?.message);
    assert.equal(afterSecond.state, "valid");
    assert.deepEqual(pinnedIds(storage), [...firstPins, k2, k3]);
    assert.equal((await device.sdk.check({ force: true })).state, "valid");
    assert.equal(keyListFetches(device.fetch), 3, "one fetch per new key");

    // 3. A restart on the same storage: the stored lease (k3) verifies, no key list is fetched.
    const restarted = tofuClient(key, storage);
    const stored = await restarted.sdk.check();
    assert.equal(stored.state, "valid");
    assert.equal(stored.source, "storage");
    const fresh = await restarted.sdk.check({ force: true });
    assert.equal(fresh.state, "valid");
    assert.equal(fresh.error, null, fresh.error?.message);
    assert.equal(keyListFetches(restarted.fetch), 0);

    // 4. A device offline through both rotations walks the chain k1 → k2 → k3 in one fetch.
    const caughtUp = await later.sdk.check({ force: true });
    assert.equal(caughtUp.error, null, caughtUp.error?.message);
    assert.equal(caughtUp.state, "valid");
    assert.deepEqual(pinnedIds(laterStorage), [...firstPins, k2, k3]);
    assert.equal(keyListFetches(later.fetch), 2);
  });

  test("trust on first use: a key injected into the key list without an endorsement chain is not trusted", async () => {
    const { key } = await server().createLicense({ leaseDurationSeconds: HOUR });
    const storage = recordingStorage();
    assert.equal((await tofuClient(key, storage).sdk.checkOrActivate()).state, "valid");
    const storedLease = [...storage.values].find(([name]) => name.startsWith("lease."))!;
    // A genuine rotation the device has not seen yet: its key is endorsed.
    const endorser = await activeKeyId();
    const rotated = await server().admin("POST", "/v1/signing-keys/actions/rotate", {
      algorithm: "ed25519",
    });
    assert.equal(rotated.status, 200);
    const genuine = rotated.body.data;
    assert.equal(genuine.endorsement.keyId, endorser);

    // A man in the middle adds its own key to the list and signs the leases with it.
    const forger = generateKeyPair("ed25519");
    const forgedKey = (id: string, endorsement: unknown) => ({
      id,
      algorithm: "ed25519",
      state: "active",
      publicKey: base64Encode(forger.publicKey.spki),
      createdAt: genuine.createdAt,
      retiredAt: null,
      endorsement,
    });
    const variants = {
      // No endorsement at all.
      key_forged1: null,
      // Claiming the pinned key endorsed it: a signature by the forger's own key.
      key_forged2: endorseKey(
        { id: "key_forged2", publicKey: forger.publicKey },
        { id: endorser, privateKey: forger.privateKey },
      ),
      // The genuine key's endorsement, copied.
      key_forged3: genuine.endorsement,
    };
    for (const [forgedId, endorsement] of Object.entries(variants)) {
      const real = countingFetch();
      const mitm = Object.assign(
        async (input: string | URL | Request, init?: RequestInit) => {
          const response = await real(input, init);
          const path = new URL(String(input)).pathname;
          if (!path.endsWith("/signing-keys") && path !== "/v1/check") return response;
          const body = await response.json();
          if (path === "/v1/check") {
            const encoded = body.lease.slice("lease/".length).split(".")[0];
            const claims: LeaseClaims = JSON.parse(utf8Decode(base64urlDecode(encoded)));
            body.lease = createLease({
              privateKey: forger.privateKey,
              claims: { ...claims, kid: forgedId },
            });
          } else {
            body.data.push(forgedKey(forgedId, endorsement));
          }
          return new Response(JSON.stringify(body), { status: 200, headers: response.headers });
        },
        { count: 0, paths: real.paths },
      );
      const { sdk } = tofuClient(key, storage, mitm as ReturnType<typeof countingFetch>);
      const refused = await sdk.check({ force: true });
      assert.equal(refused.error?.code, "BAD_RESPONSE", forgedId);
      assert.equal(refused.source, "storage", "the stored lease still decides");
      assert.equal(refused.state, "valid");
      // The device looked the new id up: it learned the endorsed key, not the forged one.
      assert.ok(pinnedIds(storage).includes(genuine.id));
      assert.ok(!pinnedIds(storage).some((id) => id.startsWith("key_forged")));
      // Once per id per process: asking again refuses without another fetch.
      assert.equal((await sdk.check({ force: true })).error?.code, "BAD_RESPONSE");
      assert.equal(keyListFetches(real), 1, forgedId);
      assert.deepEqual(
        [...storage.values].find(([name]) => name.startsWith("lease.")),
        storedLease,
        "a forged lease is never stored",
      );
    }

    // Without the man in the middle the genuine new key's lease verifies with no fetch.
    const honest = tofuClient(key, storage);
    const fresh = await honest.sdk.check({ force: true });
    assert.equal(fresh.error, null, fresh.error?.message);
    assert.equal(fresh.state, "valid");
    assert.equal(keyListFetches(honest.fetch), 0);
  });

  test("publicKeys is checked: one of publicKey, publicKeys, trustOnFirstUse; entries need keys", () => {
    const base = { serverUrl: "http://127.0.0.1:1", licenseKey: "K", storage: memoryStorage() };
    assert.throws(() => createClient({ ...base }), /exactly one/);
    assert.throws(
      () => createClient({ ...base, publicKey: server().publicKey, publicKeys: [] }),
      /exactly one/,
    );
    assert.throws(() => createClient({ ...base, publicKeys: [] }), /non-empty/);
    assert.throws(
      () => createClient({ ...base, publicKeys: [{ id: "k", publicKey: "not a key" }] }),
      /not a valid public key/,
    );
  });
});

/** A storage whose values the test can read by name prefix. */
function recordingStorage(): KeywardStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async (key) => {
      values.delete(key);
    },
  };
}
