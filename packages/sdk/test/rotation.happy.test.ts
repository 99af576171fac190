// Signing-key rotation seen from the SDK (SPEC X7, issue 19.1): a client that trusts the
// published key set keeps verifying what the old key signed (stored lease, license file) and
// verifies what the new key signs, picking each by its kid; a client pinned to the old key
// alone does not trust the new key's leases.
import assert from "node:assert/strict";
import { test } from "node:test";
import { forEachDatabase } from "../../server/test/support/databases.js";
import {
  createClient,
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
