import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  base64Decode,
  base64Encode,
  exportPublicKey,
  type LicenseFileAlgorithm,
  readLicenseFileCertificate,
  verifyLicenseFile,
  webCrypto,
  writeLicenseFileCertificate,
} from "../src/index.js";
import {
  createLicenseFile,
  exportPrivateKey,
  generateKeyPair,
  type KeyPair,
  nodeCrypto,
} from "../src/node.js";
import { openssl, opensslSkip, opensslSucceeds, scratch } from "./support/openssl.js";

// Cross-checks against an independent implementation: the openssl command line verifies the
// signatures Keyward writes, and Keyward verifies signatures openssl writes, over the exact
// signing data of seed 004 (`license/<enc>`, `machine/<enc>`). (The openssl CLI has no AES-GCM
// `enc`, so decryption is cross-checked with node:crypto in license-file.test.ts instead.)

const licenseKey = "E1FBA2-5488D8-8AC81A-53157E-01939A-V3";
const fingerprint = "af249c134edd21c508e2114f0dd52628caf36e002edd9cada71eedb2d52f6841";
const issued = new Date("2026-02-02T10:00:00.000Z");
const now = new Date(issued.getTime() + 1000);

/** RSA-2048 with SHA-256: modulus bytes - digest bytes - 2, the salt Keygen's alg names. */
const MAX_PSS_SALT = 256 - 32 - 2;

const pssOptions = (salt: number | string) => [
  "-sigopt",
  "rsa_padding_mode:pss",
  "-sigopt",
  `rsa_pss_saltlen:${salt}`,
  "-sigopt",
  "rsa_mgf1_md:sha256",
];

function create(algorithm: LicenseFileAlgorithm, kind: "license" | "machine", pair: KeyPair) {
  return createLicenseFile({
    kind,
    algorithm,
    privateKey: pair.privateKey,
    data: { id: "d1", type: kind === "license" ? "licenses" : "machines" },
    issued,
    licenseKey,
    fingerprint,
  });
}

describe("license files against the openssl command line", { skip: opensslSkip }, () => {
  const rsa = generateKeyPair("rsa");
  const ed25519 = generateKeyPair("ed25519");

  const cases: [LicenseFileAlgorithm, "license" | "machine", string[][]][] = [
    // Keyward signs PSS with the maximum salt: openssl verifies with exactly that salt length.
    ["base64+rsa-pss-sha256", "license", [pssOptions(MAX_PSS_SALT), pssOptions("auto")]],
    ["aes-256-gcm+rsa-pss-sha256", "machine", [pssOptions(MAX_PSS_SALT)]],
    ["base64+rsa-sha256", "license", [[]]],
    ["aes-256-gcm+rsa-sha256", "machine", [[]]],
  ];

  for (const [algorithm, kind, variants] of cases) {
    it(`openssl verifies the signature of a ${algorithm} ${kind} file`, () => {
      const read = readLicenseFileCertificate(create(algorithm, kind, rsa));
      assert.ok(read.ok);
      const tmp = scratch();
      try {
        const pub = tmp.write("pub.pem", exportPublicKey(rsa.publicKey, "pem"));
        const sig = tmp.write("sig.bin", base64Decode(read.value.sig));
        const data = tmp.write("data", `${kind}/${read.value.enc}`);
        const other = tmp.write(
          "other",
          `${kind === "license" ? "machine" : "license"}/${read.value.enc}`,
        );
        for (const extra of variants) {
          const args = ["dgst", "-sha256", "-verify", pub, "-signature", sig, ...extra];
          assert.ok(opensslSucceeds([...args, data]), `openssl ${extra.join(" ")}`);
          // The same openssl call rejects the other prefix: the check above can fail.
          assert.equal(opensslSucceeds([...args, other]), false);
        }
        if (algorithm.includes("pss")) {
          // A digest-length salt is not what Keyward writes.
          const args = ["dgst", "-sha256", "-verify", pub, "-signature", sig, ...pssOptions(32)];
          assert.equal(opensslSucceeds([...args, data]), false);
        }
      } finally {
        tmp.cleanup();
      }
    });
  }

  const signedByOpenssl: [LicenseFileAlgorithm, string, string[]][] = [
    ["base64+rsa-sha256", "PKCS#1 v1.5", []],
    ["aes-256-gcm+rsa-sha256", "PKCS#1 v1.5", []],
    ["base64+rsa-pss-sha256", "PSS, maximum salt", pssOptions("max")],
    ["aes-256-gcm+rsa-pss-sha256", "PSS, digest-length salt", pssOptions("digest")],
  ];

  for (const [algorithm, label, extra] of signedByOpenssl) {
    for (const kind of ["license", "machine"] as const) {
      it(`verifies a ${algorithm} ${kind} file signed by openssl (${label})`, async () => {
        const read = readLicenseFileCertificate(create(algorithm, kind, rsa));
        assert.ok(read.ok);
        const tmp = scratch();
        try {
          const key = tmp.write("key.pem", exportPrivateKey(rsa.privateKey, "pem"));
          const data = tmp.write("data", `${kind}/${read.value.enc}`);
          const signature = openssl(["dgst", "-sha256", "-sign", key, ...extra, data]);
          assert.equal(signature.length, 256);
          const sig = base64Encode(new Uint8Array(signature));
          if (algorithm.includes("pss")) {
            assert.notEqual(sig, read.value.sig, "PSS is randomized: a different signature");
          } else {
            // PKCS#1 v1.5 is deterministic: openssl writes exactly Keyward's signature.
            assert.equal(sig, read.value.sig);
          }
          const certificate = writeLicenseFileCertificate({ ...read.value, sig });
          for (const crypto of [webCrypto, nodeCrypto]) {
            const result = await verifyLicenseFile(certificate, rsa.publicKey, {
              algorithm,
              kind,
              licenseKey,
              fingerprint,
              now,
              crypto,
            });
            assert.ok(result.ok, result.ok ? "" : result.error.message);
            assert.deepEqual(result.value.document.data, {
              id: "d1",
              type: kind === "license" ? "licenses" : "machines",
            });
          }
          // openssl's signature over the other prefix does not verify.
          const wrongData = tmp.write(
            "wrong",
            `${kind === "license" ? "machine" : "license"}/${read.value.enc}`,
          );
          const wrong = openssl(["dgst", "-sha256", "-sign", key, ...extra, wrongData]);
          const forged = writeLicenseFileCertificate({
            ...read.value,
            sig: base64Encode(new Uint8Array(wrong)),
          });
          const result = await verifyLicenseFile(forged, rsa.publicKey, {
            algorithm,
            licenseKey,
            fingerprint,
            now,
          });
          assert.equal(result.ok ? "ok" : result.error.code, "BAD_SIGNATURE");
        } finally {
          tmp.cleanup();
        }
      });
    }
  }

  it("Ed25519: openssl verifies Keyward's signature and Keyward verifies openssl's", async () => {
    const algorithm = "base64+ed25519";
    const read = readLicenseFileCertificate(create(algorithm, "license", ed25519));
    assert.ok(read.ok);
    const tmp = scratch();
    try {
      const pub = tmp.write("pub.pem", exportPublicKey(ed25519.publicKey, "pem"));
      const key = tmp.write("key.pem", exportPrivateKey(ed25519.privateKey, "pem"));
      const data = tmp.write("data", `license/${read.value.enc}`);
      const sig = tmp.write("sig.bin", base64Decode(read.value.sig));
      const verifyArgs = ["pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-sigfile", sig];
      assert.ok(opensslSucceeds([...verifyArgs, "-in", data]));
      const other = tmp.write("other", `machine/${read.value.enc}`);
      assert.equal(opensslSucceeds([...verifyArgs, "-in", other]), false);

      // Ed25519 is deterministic: openssl's signature over the same data is Keyward's.
      const signature = openssl(["pkeyutl", "-sign", "-inkey", key, "-rawin", "-in", data]);
      assert.equal(base64Encode(new Uint8Array(signature)), read.value.sig);
      const otherSignature = openssl(["pkeyutl", "-sign", "-inkey", key, "-rawin", "-in", other]);
      const forged = writeLicenseFileCertificate({
        ...read.value,
        sig: base64Encode(new Uint8Array(otherSignature)),
      });
      const result = await verifyLicenseFile(forged, ed25519.publicKey, { algorithm, now });
      assert.equal(result.ok ? "ok" : result.error.code, "BAD_SIGNATURE");
    } finally {
      tmp.cleanup();
    }
  });
});
