import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  base64Decode,
  base64Encode,
  exportPublicKey,
  type LicenseFileAlgorithm,
  readLicenseFileCertificate,
  type SignatureAlgorithm,
  verifyLicenseFile,
  writeLicenseFileCertificate,
} from "../src/index.js";
import { createLicenseFile, exportPrivateKey, type KeyPair } from "../src/node.js";
import { PROVIDERS, testKeyPair } from "./support/fixtures.js";
import {
  type OpensslSignatureOptions,
  opensslSign,
  opensslSkip,
  opensslVerifies,
} from "./support/openssl.js";

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

/** The signature half of a license file algorithm name: `base64+rsa-sha256` → `rsa-sha256`. */
const signatureOf = (algorithm: LicenseFileAlgorithm) =>
  algorithm.split("+")[1] as SignatureAlgorithm;

/** The signing data of seed 004 for `kind`, and for the other kind (which must not verify). */
const signingData = (kind: "license" | "machine", enc: string) => ({
  data: `${kind}/${enc}`,
  other: `${kind === "license" ? "machine" : "license"}/${enc}`,
});

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
  const rsa = testKeyPair("rsa");
  const ed25519 = testKeyPair("ed25519");
  const rsaPublicPem = exportPublicKey(rsa.publicKey, "pem");
  const rsaPrivatePem = exportPrivateKey(rsa.privateKey, "pem");

  const cases: [LicenseFileAlgorithm, "license" | "machine", OpensslSignatureOptions[]][] = [
    // Keyward signs PSS with the maximum salt: openssl verifies with exactly that salt length.
    ["base64+rsa-pss-sha256", "license", [{ saltLength: MAX_PSS_SALT }, { saltLength: "auto" }]],
    ["aes-256-gcm+rsa-pss-sha256", "machine", [{ saltLength: MAX_PSS_SALT }]],
    ["base64+rsa-sha256", "license", [{}]],
    ["aes-256-gcm+rsa-sha256", "machine", [{}]],
  ];

  for (const [algorithm, kind, variants] of cases) {
    it(`openssl verifies the signature of a ${algorithm} ${kind} file`, () => {
      const read = readLicenseFileCertificate(create(algorithm, kind, rsa));
      assert.ok(read.ok);
      const sig = base64Decode(read.value.sig);
      const { data, other } = signingData(kind, read.value.enc);
      const verifies = (text: string, options: OpensslSignatureOptions) =>
        opensslVerifies(signatureOf(algorithm), rsaPublicPem, text, sig, options);
      for (const options of variants) {
        assert.ok(verifies(data, options), `openssl ${JSON.stringify(options)}`);
        // The same openssl call rejects the other prefix: the check above can fail.
        assert.equal(verifies(other, options), false);
      }
      if (algorithm.includes("pss")) {
        // A digest-length salt is not what Keyward writes.
        assert.equal(verifies(data, { saltLength: 32 }), false);
      }
    });
  }

  const signedByOpenssl: [LicenseFileAlgorithm, string, OpensslSignatureOptions][] = [
    ["base64+rsa-sha256", "PKCS#1 v1.5", {}],
    ["aes-256-gcm+rsa-sha256", "PKCS#1 v1.5", {}],
    ["base64+rsa-pss-sha256", "PSS, maximum salt", { saltLength: "max" }],
    ["aes-256-gcm+rsa-pss-sha256", "PSS, digest-length salt", { saltLength: "digest" }],
  ];

  for (const [algorithm, label, options] of signedByOpenssl) {
    for (const kind of ["license", "machine"] as const) {
      it(`verifies a ${algorithm} ${kind} file signed by openssl (${label})`, async () => {
        const read = readLicenseFileCertificate(create(algorithm, kind, rsa));
        assert.ok(read.ok);
        const { data, other } = signingData(kind, read.value.enc);
        const sign = (text: string) =>
          opensslSign(signatureOf(algorithm), rsaPrivatePem, text, options);
        const signature = sign(data);
        assert.equal(signature.length, 256);
        const sig = base64Encode(signature);
        if (algorithm.includes("pss")) {
          assert.notEqual(sig, read.value.sig, "PSS is randomized: a different signature");
        } else {
          // PKCS#1 v1.5 is deterministic: openssl writes exactly Keyward's signature.
          assert.equal(sig, read.value.sig);
        }
        const certificate = writeLicenseFileCertificate({ ...read.value, sig });
        for (const [, crypto] of PROVIDERS) {
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
        const forged = writeLicenseFileCertificate({
          ...read.value,
          sig: base64Encode(sign(other)),
        });
        const result = await verifyLicenseFile(forged, rsa.publicKey, {
          algorithm,
          licenseKey,
          fingerprint,
          now,
        });
        assert.equal(result.ok ? "ok" : result.error.code, "BAD_SIGNATURE");
      });
    }
  }

  it("Ed25519: openssl verifies Keyward's signature and Keyward verifies openssl's", async () => {
    const algorithm = "base64+ed25519";
    const read = readLicenseFileCertificate(create(algorithm, "license", ed25519));
    assert.ok(read.ok);
    const { data, other } = signingData("license", read.value.enc);
    const pub = exportPublicKey(ed25519.publicKey, "pem");
    const sig = base64Decode(read.value.sig);
    assert.ok(opensslVerifies("ed25519", pub, data, sig));
    assert.equal(opensslVerifies("ed25519", pub, other, sig), false);

    // Ed25519 is deterministic: openssl's signature over the same data is Keyward's.
    const key = exportPrivateKey(ed25519.privateKey, "pem");
    assert.equal(base64Encode(opensslSign("ed25519", key, data)), read.value.sig);
    const forged = writeLicenseFileCertificate({
      ...read.value,
      sig: base64Encode(opensslSign("ed25519", key, other)),
    });
    const result = await verifyLicenseFile(forged, ed25519.publicKey, { algorithm, now });
    assert.equal(result.ok ? "ok" : result.error.code, "BAD_SIGNATURE");
  });
});
