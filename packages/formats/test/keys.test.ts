import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { exportPublicKey, FormatError, parsePublicKey } from "../src/index.js";
import { exportPrivateKey, generateKeyPair, parsePrivateKey, publicKeyOf } from "../src/node.js";
import { assertThrowsCode } from "./support/assertions.js";
import { KEYGEN_PUBLIC_KEY_HEX } from "./support/keygen-vectors.js";
import { openssl, opensslSkip, withScratch } from "./support/openssl.js";

const KEYGEN_PUBLIC_KEY_DER_B64 = "MCowBQYDK2VwAyEA6GAeSLaTg7pSAkX9B5cemD0G0ixCV8/YIwRgFHnO54g=";

describe("public keys", () => {
  it("reads Keygen's Ed25519 key as hex and as Base64 DER, to the same key", () => {
    const fromHex = parsePublicKey(KEYGEN_PUBLIC_KEY_HEX);
    const fromDer = parsePublicKey(KEYGEN_PUBLIC_KEY_DER_B64);
    assert.equal(fromHex.type, "ed25519");
    assert.deepEqual(fromHex.spki, fromDer.spki);
    assert.equal(exportPublicKey(fromDer, "hex"), KEYGEN_PUBLIC_KEY_HEX);
    assert.equal(exportPublicKey(fromHex, "base64"), KEYGEN_PUBLIC_KEY_DER_B64);
  });

  for (const type of ["ed25519", "rsa"] as const) {
    it(`${type}: PEM, DER and Base64 exports parse back to the same key`, () => {
      const { publicKey } = generateKeyPair(type);
      for (const format of ["pem", "der", "base64"] as const) {
        assert.deepEqual(parsePublicKey(exportPublicKey(publicKey, format)).spki, publicKey.spki);
      }
    });
  }

  it("reads PKCS#1 'RSA PUBLIC KEY' PEM as written by openssl", { skip: opensslSkip }, () => {
    const { publicKey } = generateKeyPair("rsa");
    const pkcs1 = withScratch((tmp) => {
      const spkiPath = tmp.write("pub.pem", exportPublicKey(publicKey, "pem"));
      return openssl(["rsa", "-pubin", "-in", spkiPath, "-RSAPublicKey_out"]).toString();
    });
    assert.match(pkcs1, /BEGIN RSA PUBLIC KEY/);
    assert.deepEqual(parsePublicKey(pkcs1).spki, publicKey.spki);
  });

  it("rejects garbage, private keys and wrong lengths with BAD_KEY", () => {
    const { privateKey } = generateKeyPair("ed25519");
    const inputs: (string | Uint8Array)[] = [
      "",
      "not a key",
      "abcd",
      new Uint8Array(31),
      new Uint8Array(300),
      exportPrivateKey(privateKey, "pem") as string,
      "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----",
    ];
    for (const input of inputs) {
      assertThrowsCode(() => parsePublicKey(input), "BAD_KEY", String(input));
    }
  });

  it("never throws anything but FormatError on random input", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 400 })), (input) => {
        try {
          parsePublicKey(input);
        } catch (error) {
          assert.ok(error instanceof FormatError, String(error));
        }
      }),
    );
  });
});

describe("private keys", () => {
  for (const type of ["ed25519", "rsa"] as const) {
    it(`${type}: every export parses back and yields the same public key`, () => {
      const { publicKey, privateKey } = generateKeyPair(type);
      const formats =
        type === "ed25519"
          ? (["pem", "der", "base64", "hex"] as const)
          : (["pem", "der", "base64"] as const);
      for (const format of formats) {
        const parsed = parsePrivateKey(exportPrivateKey(privateKey, format));
        assert.deepEqual(publicKeyOf(parsed).spki, publicKey.spki, format);
      }
    });
  }

  it("reads openssl-generated keys (PKCS#8 Ed25519, traditional RSA)", {
    skip: opensslSkip,
  }, () => {
    const ed = openssl(["genpkey", "-algorithm", "ed25519"]).toString();
    assert.equal(parsePrivateKey(ed).type, "ed25519");
    const rsa = openssl(["genrsa", "-traditional", "2048"]).toString();
    assert.match(rsa, /BEGIN RSA PRIVATE KEY/);
    assert.equal(parsePrivateKey(rsa).type, "rsa");
  });

  it("rejects small RSA keys and garbage with BAD_KEY", { skip: opensslSkip }, () => {
    const small = openssl(["genrsa", "1024"]).toString();
    for (const input of [small, "nope", "00"]) {
      assertThrowsCode(() => parsePrivateKey(input), "BAD_KEY");
    }
  });
});
