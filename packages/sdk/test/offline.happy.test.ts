// Offline verification through the client: machine files bound to this device and license key,
// signed license keys; the expected algorithm or scheme is always the caller's.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { exportPublicKey } from "@keyward/formats";
import { createLicenseFile, generateKeyPair, signLicenseKey } from "@keyward/formats/node";
import { createClient, type KeywardClientOptions, memoryStorage } from "../src/index.js";

const vendor = generateKeyPair("ed25519");
const publicKey = exportPublicKey(vendor.publicKey, "pem") as string;
const LICENSE_KEY = signLicenseKey("ED25519_SIGN", vendor.privateKey, '{"id":"lic_1"}');
const ISSUED = new Date("2026-01-01T00:00:00Z");
const HOUR_MS = 3_600_000;

function client(overrides: Partial<KeywardClientOptions> = {}) {
  return createClient({
    serverUrl: "http://127.0.0.1:9",
    licenseKey: LICENSE_KEY,
    publicKey,
    storage: memoryStorage(),
    fingerprint: "device-1",
    clock: () => new Date(ISSUED.getTime() + HOUR_MS),
    ...overrides,
  });
}

function machineFile(fingerprint: string, licenseKey = LICENSE_KEY): string {
  return createLicenseFile({
    kind: "machine",
    algorithm: "aes-256-gcm+ed25519",
    privateKey: vendor.privateKey,
    data: { id: "mach_1", attributes: { fingerprint } },
    issued: ISSUED,
    ttl: 24 * 3600,
    licenseKey,
    fingerprint,
  });
}

/** The data id of a verified file, or the error code. */
async function outcome(result: Promise<{ ok: boolean; value?: unknown; error?: unknown }>) {
  const settled = await result;
  return settled.ok
    ? (settled.value as { document: { data: { id: string } } }).document.data.id
    : (settled.error as { code: string }).code;
}

describe("offline verification with the client", () => {
  const algorithm = "aes-256-gcm+ed25519" as const;

  test("this device's machine file verifies and decrypts with the expected algorithm", async () => {
    const file = machineFile("device-1");
    assert.equal(
      await outcome(client().verifyLicenseFile(file, { algorithm, kind: "machine" })),
      "mach_1",
    );
  });

  test("refused: another algorithm, another kind, another device, another license, expired", async () => {
    const sdk = client();
    const file = machineFile("device-1");
    assert.equal(
      await outcome(sdk.verifyLicenseFile(file, { algorithm: "base64+ed25519" })),
      "WRONG_ALGORITHM",
    );
    assert.equal(
      await outcome(sdk.verifyLicenseFile(file, { algorithm, kind: "license" })),
      "BAD_FORMAT",
    );
    assert.equal(
      await outcome(sdk.verifyLicenseFile(machineFile("device-2"), { algorithm })),
      "CANNOT_DECRYPT",
    );
    assert.equal(
      await outcome(sdk.verifyLicenseFile(machineFile("device-1", "OTHER-KEY"), { algorithm })),
      "CANNOT_DECRYPT",
    );
    const later = client({ clock: () => new Date(ISSUED.getTime() + 25 * HOUR_MS) });
    assert.equal(await outcome(later.verifyLicenseFile(file, { algorithm })), "EXPIRED");
    const before = client({ clock: () => new Date(ISSUED.getTime() - HOUR_MS) });
    assert.equal(await outcome(before.verifyLicenseFile(file, { algorithm })), "ISSUED_IN_FUTURE");
  });

  test("the client's signed license key verifies only with its scheme and the vendor's key", async () => {
    const verified = await client().verifyLicenseKey({ scheme: "ED25519_SIGN" });
    assert.ok(verified.ok);
    assert.equal(verified.value.dataset, '{"id":"lic_1"}');

    const wrongScheme = await client().verifyLicenseKey({ scheme: "RSA_2048_PKCS1_PSS_SIGN_V2" });
    assert.equal(wrongScheme.ok ? "ok" : wrongScheme.error.code, "BAD_KEY");
    const stranger = exportPublicKey(generateKeyPair("ed25519").publicKey, "hex") as string;
    const otherKey = await client({ publicKey: stranger }).verifyLicenseKey({
      scheme: "ED25519_SIGN",
    });
    assert.equal(otherKey.ok ? "ok" : otherKey.error.code, "BAD_SIGNATURE");
    const forged = LICENSE_KEY.replace("key/", "key/e");
    const tampered = await client({ licenseKey: forged }).verifyLicenseKey({
      scheme: "ED25519_SIGN",
    });
    assert.equal(tampered.ok, false);
  });
});
