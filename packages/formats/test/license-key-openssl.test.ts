import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import {
  base64urlDecode,
  base64urlEncode,
  exportPublicKey,
  type KeyScheme,
  parsePublicKey,
  utf8Encode,
  verifyLicenseKey,
} from "../src/index.js";
import { generateKeyPair, parsePrivateKey, signLicenseKey } from "../src/node.js";
import { PROVIDERS } from "./support/fixtures.js";
import {
  openssl,
  opensslSign,
  opensslSkip,
  opensslVerifies,
  withScratch,
} from "./support/openssl.js";

// Keys made by Keyward are checked with the openssl command line, and signatures/ciphertexts
// made by openssl, assembled into keys by hand, are verified by Keyward.

const DATASET = '{"email":"zoë@example.com","seats":5,"note":"ünïcödé ✓"}';
/** RSA-2048 with SHA-256: modulus bytes - digest bytes - 2, the salt Keygen's PSS keys use. */
const MAX_SALT_2048 = 256 - 32 - 2;

describe("openssl verifies keys made by Keyward", { skip: opensslSkip }, () => {
  const rsa = generateKeyPair("rsa");
  const rsaPem = exportPublicKey(rsa.publicKey, "pem");
  const encodedDataset = base64urlEncode(utf8Encode(DATASET));

  it("RSA_2048_PKCS1_PSS_SIGN_V2: PSS with the maximum salt over key/<dataset>", () => {
    const key = signLicenseKey("RSA_2048_PKCS1_PSS_SIGN_V2", rsa.privateKey, DATASET);
    const [signingData, signature] = key.split(".") as [string, string];
    assert.equal(signingData, `key/${encodedDataset}`);
    const sig = base64urlDecode(signature);
    const verifies = (data: string, saltLength: number | string) =>
      opensslVerifies("rsa-pss-sha256", rsaPem, data, sig, { saltLength });
    assert.ok(verifies(signingData, MAX_SALT_2048));
    assert.ok(verifies(signingData, "auto"));
    assert.equal(verifies(signingData, 32), false, "salt is not digest-length");
    assert.equal(verifies(`${signingData}x`, "auto"), false);
  });

  it("RSA_2048_PKCS1_SIGN_V2: PKCS#1 v1.5 SHA-256 over key/<dataset>", () => {
    const key = signLicenseKey("RSA_2048_PKCS1_SIGN_V2", rsa.privateKey, DATASET);
    const [signingData, signature] = key.split(".") as [string, string];
    const sig = base64urlDecode(signature);
    assert.ok(opensslVerifies("rsa-sha256", rsaPem, signingData, sig));
    assert.equal(opensslVerifies("rsa-sha256", rsaPem, DATASET, sig), false);
  });

  it("legacy RSA_2048_PKCS1_PSS_SIGN / RSA_2048_PKCS1_SIGN: signature over the raw dataset", () => {
    for (const [scheme, algorithm] of [
      ["RSA_2048_PKCS1_PSS_SIGN", "rsa-pss-sha256"],
      ["RSA_2048_PKCS1_SIGN", "rsa-sha256"],
    ] as const) {
      const key = signLicenseKey(scheme, rsa.privateKey, DATASET);
      const [datasetPart, signature] = key.split(".") as [string, string];
      assert.equal(datasetPart, encodedDataset);
      const sig = base64urlDecode(signature);
      const options = { saltLength: MAX_SALT_2048 };
      assert.ok(opensslVerifies(algorithm, rsaPem, utf8Encode(DATASET), sig, options), scheme);
      assert.equal(
        opensslVerifies(algorithm, rsaPem, `key/${datasetPart}`, sig, options),
        false,
        scheme,
      );
    }
  });

  it("RSA_2048_PKCS1_ENCRYPT: openssl recovers the dataset with the public key", () => {
    const key = signLicenseKey("RSA_2048_PKCS1_ENCRYPT", rsa.privateKey, DATASET);
    const recovered = withScratch((tmp) => {
      const pub = tmp.write("pub.pem", rsaPem);
      const ciphertext = tmp.write("key.bin", base64urlDecode(key));
      const args = ["pkeyutl", "-verifyrecover", "-pubin", "-inkey", pub];
      return openssl([...args, "-pkeyopt", "rsa_padding_mode:pkcs1", "-in", ciphertext]);
    });
    assert.equal(recovered.toString("utf8"), DATASET);
  });

  it("RSA_2048_JWT_RS256: openssl verifies the RS256 signature over header.payload", () => {
    const claims = JSON.stringify({ sub: "lic", aud: "acct", iat: 1 });
    const key = signLicenseKey("RSA_2048_JWT_RS256", rsa.privateKey, claims);
    const [header, payload, signature] = key.split(".") as [string, string, string];
    const sig = base64urlDecode(signature);
    assert.ok(opensslVerifies("rsa-sha256", rsaPem, `${header}.${payload}`, sig));
    assert.equal(opensslVerifies("rsa-sha256", rsaPem, payload, sig), false);
  });

  it("ED25519_SIGN: openssl verifies the Ed25519 signature over key/<dataset>", () => {
    const ed = generateKeyPair("ed25519");
    const key = signLicenseKey("ED25519_SIGN", ed.privateKey, DATASET);
    const [signingData, signature] = key.split(".") as [string, string];
    const pem = exportPublicKey(ed.publicKey, "pem");
    const verifies = (data: string) =>
      opensslVerifies("ed25519", pem, data, base64urlDecode(signature));
    assert.ok(verifies(signingData));
    assert.equal(verifies(`${signingData}.`), false);
  });
});

describe("Keyward verifies keys assembled from openssl output", { skip: opensslSkip }, () => {
  const keys = opensslSkip
    ? undefined
    : withScratch((tmp) => {
        const rsaKey = tmp.write(
          "rsa.pem",
          openssl(["genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:2048"]),
        );
        const edKey = tmp.write("ed.pem", openssl(["genpkey", "-algorithm", "ed25519"]));
        return {
          rsaPrivatePem: readFileSync(rsaKey, "utf8"),
          edPrivatePem: readFileSync(edKey, "utf8"),
          rsa: parsePublicKey(openssl(["pkey", "-in", rsaKey, "-pubout"]).toString()),
          ed: parsePublicKey(openssl(["pkey", "-in", edKey, "-pubout"]).toString()),
        };
      });

  /** openssl dgst -sha256 -sign: PSS with the given salt length, else PKCS#1 v1.5. */
  function rsaSign(data: string | Uint8Array, pssSalt?: string): Uint8Array {
    return pssSalt === undefined
      ? opensslSign("rsa-sha256", keys!.rsaPrivatePem, data)
      : opensslSign("rsa-pss-sha256", keys!.rsaPrivatePem, data, { saltLength: pssSalt });
  }

  async function expectDataset(scheme: KeyScheme, key: string, dataset: string): Promise<void> {
    const publicKey = scheme === "ED25519_SIGN" ? keys!.ed : keys!.rsa;
    for (const [name, crypto] of PROVIDERS) {
      const result = await verifyLicenseKey(key, publicKey, { scheme, crypto });
      assert.ok(result.ok, `${scheme} (${name}): ${result.ok ? "" : result.error.message}`);
      assert.equal(result.value.dataset, dataset);
    }
  }

  async function expectBadSignature(scheme: KeyScheme, key: string): Promise<void> {
    const publicKey = scheme === "ED25519_SIGN" ? keys!.ed : keys!.rsa;
    for (const [, crypto] of PROVIDERS) {
      const result = await verifyLicenseKey(key, publicKey, { scheme, crypto });
      assert.ok(!result.ok && result.error.code === "BAD_SIGNATURE", scheme);
    }
  }

  const encodedDataset = base64urlEncode(utf8Encode(DATASET));
  const signingData = `key/${encodedDataset}`;

  it("RSA_2048_PKCS1_PSS_SIGN_V2 with maximum salt (Keygen's) and digest-length salt", async () => {
    for (const salt of ["max", "32"]) {
      const key = `${signingData}.${base64urlEncode(rsaSign(signingData, salt))}`;
      await expectDataset("RSA_2048_PKCS1_PSS_SIGN_V2", key, DATASET);
    }
    const other = `${signingData}.${base64urlEncode(rsaSign(`${signingData}x`, "max"))}`;
    await expectBadSignature("RSA_2048_PKCS1_PSS_SIGN_V2", other);
  });

  it("RSA_2048_PKCS1_SIGN_V2", async () => {
    await expectDataset(
      "RSA_2048_PKCS1_SIGN_V2",
      `${signingData}.${base64urlEncode(rsaSign(signingData))}`,
      DATASET,
    );
    const overDataset = `${signingData}.${base64urlEncode(rsaSign(DATASET))}`;
    await expectBadSignature("RSA_2048_PKCS1_SIGN_V2", overDataset);
  });

  it("legacy RSA_2048_PKCS1_PSS_SIGN and RSA_2048_PKCS1_SIGN (signature over the dataset)", async () => {
    const pss = `${encodedDataset}.${base64urlEncode(rsaSign(DATASET, "max"))}`;
    await expectDataset("RSA_2048_PKCS1_PSS_SIGN", pss, DATASET);
    const pkcs1 = `${encodedDataset}.${base64urlEncode(rsaSign(DATASET))}`;
    await expectDataset("RSA_2048_PKCS1_SIGN", pkcs1, DATASET);
    const overEncoded = `${encodedDataset}.${base64urlEncode(rsaSign(signingData))}`;
    await expectBadSignature("RSA_2048_PKCS1_SIGN", overEncoded);
  });

  it("RSA_2048_PKCS1_ENCRYPT from openssl pkeyutl -sign (PKCS#1 type 1, no digest)", async () => {
    const ciphertext = withScratch((tmp) => {
      const key = tmp.write("key.pem", keys!.rsaPrivatePem);
      const file = tmp.write("data.bin", DATASET);
      const args = ["pkeyutl", "-sign", "-inkey", key, "-pkeyopt", "rsa_padding_mode:pkcs1"];
      return new Uint8Array(openssl([...args, "-in", file]));
    });
    assert.equal(ciphertext.length, 256);
    await expectDataset("RSA_2048_PKCS1_ENCRYPT", base64urlEncode(ciphertext), DATASET);
  });

  it("RSA_2048_JWT_RS256 signed by openssl", async () => {
    const claims = '{"sub":"lic-1","aud":"acct-1","iat":1700000000,"nbf":1700000000}';
    const unpadded = { pad: false };
    const input = `${base64urlEncode(utf8Encode('{"alg":"RS256"}'), unpadded)}.${base64urlEncode(utf8Encode(claims), unpadded)}`;
    const key = `${input}.${base64urlEncode(rsaSign(input), unpadded)}`;
    await expectDataset("RSA_2048_JWT_RS256", key, claims);
  });

  it("ED25519_SIGN signed by openssl pkeyutl -rawin", async () => {
    const sign = (data: string) => opensslSign("ed25519", keys!.edPrivatePem, data);
    await expectDataset(
      "ED25519_SIGN",
      `${signingData}.${base64urlEncode(sign(signingData))}`,
      DATASET,
    );
    await expectBadSignature("ED25519_SIGN", `${signingData}.${base64urlEncode(sign(DATASET))}`);
  });

  it("Keyward signs with an openssl-generated private key", async () => {
    const privateKey = parsePrivateKey(keys!.rsaPrivatePem);
    const key = signLicenseKey("RSA_2048_PKCS1_PSS_SIGN_V2", privateKey, DATASET);
    await expectDataset("RSA_2048_PKCS1_PSS_SIGN_V2", key, DATASET);
  });
});
