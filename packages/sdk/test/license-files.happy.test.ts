// Offline license and machine files checked out from a real server and verified by the SDK:
// `ok` says the file is authentic and within its own validity window; `usable` says whether the
// license it holds lets the app run now — not for revoked, suspended or expired licenses, whose
// files the server checks out all the same.
import assert from "node:assert/strict";
import { test } from "node:test";
import { forEachDatabase } from "../../server/test/support/databases.js";
import {
  createClient,
  licenseFileState,
  memoryStorage,
  parsePublicKey,
  verifyLicenseFile,
} from "../src/index.js";
import { useKeywardServer } from "./support/server.js";

const DAY = 86_400;
const ALGORITHM = "aes-256-gcm+ed25519";

forEachDatabase("SDK license files: whether the license is usable", (db) => {
  const server = useKeywardServer(db);

  function client(key: string) {
    return createClient({
      serverUrl: server().url,
      licenseKey: key,
      publicKey: server().publicKey,
      storage: memoryStorage(),
      clock: server().clock,
      retry: { retries: 0 },
    });
  }

  /** A certificate checked out by the vendor (`…/licenses/{id}` or `…/machines/{id}`). */
  async function checkOut(path: string, body: Record<string, unknown> = {}): Promise<string> {
    const answer = await server().admin("POST", `${path}/actions/check-out`, {
      algorithm: ALGORITHM,
      ...body,
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.data.certificate;
  }

  async function act(id: string, action: "suspend" | "reinstate" | "revoke") {
    const answer = await server().admin("POST", `/v1/licenses/${id}/actions/${action}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
  }

  test("a clock set back does not bring an expired file back (CLOCK_ROLLBACK)", async () => {
    const { key, id } = await server().createLicense();
    const storage = memoryStorage();
    const device = { now: server().clock() };
    const sdk = createClient({
      serverUrl: server().url,
      licenseKey: key,
      publicKey: server().publicKey,
      storage,
      clock: () => device.now,
      retry: { retries: 0 },
    });
    const certificate = await checkOut(`/v1/licenses/${id}`, { ttlSeconds: 30 * DAY });
    const verify = () => sdk.verifyLicenseFile(certificate, { algorithm: ALGORITHM });
    assert.equal((await verify()).usable, true);

    // 40 days on, the file has expired; a newer one is verified (its issue time is trusted).
    const start = server().clock().getTime();
    server().clock.set(new Date(start + 40 * DAY * 1000));
    device.now = server().clock();
    assert.equal((await verify()).reason, "FILE_INVALID");
    assert.equal(
      (await sdk.verifyLicenseFile(await checkOut(`/v1/licenses/${id}`), { algorithm: ALGORITHM }))
        .usable,
      true,
    );

    // The clock set back to day 10: the first file is inside its window again, but not usable.
    device.now = new Date(start + 10 * DAY * 1000);
    const rolledBack = await verify();
    assert.equal(rolledBack.ok, true, "inside its own window at the device's time");
    assert.equal(rolledBack.usable, false);
    assert.equal(rolledBack.reason, "CLOCK_ROLLBACK");
    // The limit: a storage that has seen no later trusted time cannot tell.
    const fresh = createClient({
      serverUrl: server().url,
      licenseKey: key,
      publicKey: server().publicKey,
      storage: memoryStorage(),
      clock: () => device.now,
      retry: { retries: 0 },
    });
    assert.equal(
      (await fresh.verifyLicenseFile(certificate, { algorithm: ALGORITHM })).usable,
      true,
    );
  });

  test("a revoked or suspended license's file verifies (ok) but is not usable", async () => {
    const { key, id } = await server().createLicense();
    const sdk = client(key);
    const verify = async (certificate: string) =>
      sdk.verifyLicenseFile(certificate, { algorithm: ALGORITHM, kind: "license" });

    const active = await verify(await checkOut(`/v1/licenses/${id}`));
    assert.equal(active.ok, true);
    assert.equal(active.usable, true);
    assert.equal(active.reason, null);
    assert.equal(active.status, "active");
    assert.equal(active.licenseId, id);
    assert.equal(active.expiresAt, null);

    await act(id, "suspend");
    const suspended = await verify(await checkOut(`/v1/licenses/${id}`));
    assert.equal(suspended.ok, true, "authentic");
    assert.equal(suspended.usable, false);
    assert.equal(suspended.reason, "LICENSE_SUSPENDED");
    assert.equal(suspended.status, "suspended");

    await act(id, "reinstate");
    await act(id, "revoke");
    const revoked = await verify(await checkOut(`/v1/licenses/${id}`));
    assert.equal(revoked.ok, true, "authentic");
    assert.ok(revoked.ok && revoked.value.document.data, "the document is there to show");
    assert.equal(revoked.usable, false);
    assert.equal(revoked.reason, "LICENSE_REVOKED");
    assert.equal(revoked.status, "revoked");

    // The same verdict for the verify function of @keyward/formats, re-exported.
    const direct = await verifyLicenseFile(
      await checkOut(`/v1/licenses/${id}`),
      parsePublicKey(server().publicKey),
      { algorithm: ALGORITHM, licenseKey: key, now: server().clock() },
    );
    assert.equal(direct.ok, true);
    assert.deepEqual(licenseFileState(direct, server().clock()), {
      usable: false,
      reason: "LICENSE_REVOKED",
      status: "revoked",
      licenseId: id,
      expiresAt: null,
    });
  });

  test("a file outlives its license's expiry: not usable after it, unless the policy keeps access", async () => {
    const restrict = await server().createLicense({ model: "timed", durationSeconds: DAY });
    const restrictFile = await checkOut(`/v1/licenses/${restrict.id}`, { include: ["policy"] });
    const maintain = await server().createLicense({
      model: "timed",
      durationSeconds: DAY,
      expirationStrategy: "maintain",
    });
    const maintainFile = await checkOut(`/v1/licenses/${maintain.id}`, { include: ["policy"] });
    const maintainBare = await checkOut(`/v1/licenses/${maintain.id}`);
    const at = (days: number) => new Date(server().clock().getTime() + days * DAY * 1000);
    const verify = (key: string, certificate: string, now: Date) =>
      client(key).verifyLicenseFile(certificate, { algorithm: ALGORITHM, now });

    const before = await verify(restrict.key, restrictFile, at(0.5));
    assert.equal(before.usable, true);
    assert.equal(before.status, "active");
    const license = await server().admin("GET", `/v1/licenses/${restrict.id}`);
    assert.equal(before.expiresAt?.toISOString(), license.body.data.expiresAt);

    // Two days on: the file (30 days) is still valid; the license it holds has expired.
    const after = await verify(restrict.key, restrictFile, at(2));
    assert.equal(after.ok, true);
    assert.equal(after.usable, false);
    assert.equal(after.reason, "LICENSE_EXPIRED");
    assert.equal(after.status, "expired");

    // `maintain` keeps access after expiry, as the server's validation does; the file must
    // include the policy to say so.
    const kept = await verify(maintain.key, maintainFile, at(2));
    assert.equal(kept.usable, true);
    assert.equal(kept.reason, null);
    assert.equal(kept.status, "expired");
    const unknown = await verify(maintain.key, maintainBare, at(2));
    assert.equal(unknown.usable, false);
    assert.equal(unknown.reason, "LICENSE_EXPIRED");
  });

  test("a machine file tells the license's state only when it includes the license", async () => {
    const { key, id } = await server().createLicense();
    const sdk = client(key);
    const machine = await sdk.activate();
    const verify = (certificate: string) =>
      sdk.verifyLicenseFile(certificate, { algorithm: ALGORITHM, kind: "machine" });

    const bare = await verify(await checkOut(`/v1/machines/${machine.id}`));
    assert.equal(bare.ok, true);
    assert.equal(bare.usable, false);
    assert.equal(bare.reason, "LICENSE_UNKNOWN");
    assert.equal(bare.status, null);

    const withLicense = await verify(
      await checkOut(`/v1/machines/${machine.id}`, { include: ["license"] }),
    );
    assert.equal(withLicense.usable, true);
    assert.equal(withLicense.licenseId, id);

    await act(id, "revoke");
    const revoked = await verify(
      await checkOut(`/v1/machines/${machine.id}`, { include: ["license"] }),
    );
    assert.equal(revoked.ok, true);
    assert.equal(revoked.usable, false);
    assert.equal(revoked.reason, "LICENSE_REVOKED");
  });

  test("a rejected file is never usable; its document still tells the license's state", async () => {
    const { key, id } = await server().createLicense();
    const sdk = client(key);
    const certificate = await checkOut(`/v1/licenses/${id}`, { ttlSeconds: 3600 });
    const now = new Date(server().clock().getTime() + 2 * 3600 * 1000);
    const expired = await sdk.verifyLicenseFile(certificate, { algorithm: ALGORITHM, now });
    assert.equal(expired.ok, false);
    assert.equal(!expired.ok && expired.error.code, "EXPIRED");
    assert.equal(expired.usable, false);
    assert.equal(expired.reason, "FILE_INVALID");
    assert.equal(expired.status, "active");
    assert.equal(expired.licenseId, id);

    const wrongAlgorithm = await sdk.verifyLicenseFile(certificate, {
      algorithm: "base64+ed25519",
    });
    assert.equal(wrongAlgorithm.ok, false);
    assert.equal(wrongAlgorithm.usable, false);
    assert.equal(wrongAlgorithm.reason, "FILE_INVALID");
    assert.equal(wrongAlgorithm.status, null);
  });
});
