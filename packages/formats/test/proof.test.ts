import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  activationProofDataset,
  base64urlDecode,
  base64urlEncode,
  exportPublicKey,
  type FormatErrorCode,
  parsePublicKey,
  type SignatureAlgorithm,
  utf8Decode,
  utf8Encode,
  verifyActivationProof,
} from "../src/index.js";
import {
  createActivationProof,
  exportPrivateKey,
  generateKeyPair,
  parsePrivateKey,
  signBytes,
} from "../src/node.js";
import { oneCharChange } from "./support/arbitraries.js";
import { assertThrowsCode, expectError } from "./support/assertions.js";
import { ALGORITHMS, PROVIDERS, pairFor, testKeyPair } from "./support/fixtures.js";
import { opensslSign, opensslSkip, opensslVerifies } from "./support/openssl.js";

const ed = testKeyPair("ed25519");
const rsa = testKeyPair("rsa");

const dataset = activationProofDataset({
  accountId: "acct-1",
  productId: "prod-1",
  license: { id: "lic-1", key: "KEY-123", expiry: null },
  machine: { id: "mach-1", fingerprint: "fp-abc", created: new Date("2024-01-02T03:04:05Z") },
  issued: new Date("2024-01-02T03:04:06Z"),
});

const DATASET_JSON =
  '{"account":{"id":"acct-1"},"product":{"id":"prod-1"},' +
  '"license":{"id":"lic-1","key":"KEY-123","expiry":null},' +
  '"machine":{"id":"mach-1","fingerprint":"fp-abc","created":"2024-01-02T03:04:05.000Z"},' +
  '"issued":"2024-01-02T03:04:06.000Z"}';

// Made with openssl (pkeyutl -sign -rawin) from the RFC 8032 test-1 key over "proof/<dataset>".
const RFC8032_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const KNOWN_PROOF =
  "proof/eyJhY2NvdW50Ijp7ImlkIjoiYWNjdC0xIn0sInByb2R1Y3QiOnsiaWQiOiJwcm9kLTEifSwibGljZW5zZSI6eyJp" +
  "ZCI6ImxpYy0xIiwia2V5IjoiS0VZLTEyMyIsImV4cGlyeSI6bnVsbH0sIm1hY2hpbmUiOnsiaWQiOiJtYWNoLTEiLCJm" +
  "aW5nZXJwcmludCI6ImZwLWFiYyIsImNyZWF0ZWQiOiIyMDI0LTAxLTAyVDAzOjA0OjA1LjAwMFoifSwiaXNzdWVkIjoi" +
  "MjAyNC0wMS0wMlQwMzowNDowNi4wMDBaIn0=.5d232z9eomU1ZxpamztNYSHyf65KD-0Z8BFoNfUWYJ-ZcluzVEXteoKt" +
  "EAIsiMgwuJraqkB7MIPodTJK6sBVAg==";

/** Verifies `input` as an Ed25519 proof with each provider: a typed failure every time. */
async function expectRejectedAsEd25519Proof(input: string): Promise<void> {
  for (const [, crypto] of PROVIDERS) {
    const result = await verifyActivationProof(input, ed.publicKey, {
      algorithm: "ed25519",
      crypto,
    });
    expectError(result, "BAD_FORMAT", "BAD_ENCODING", "BAD_SIGNATURE");
  }
}

describe("activation proof dataset", () => {
  it("serializes in the documented, stable key order", () => {
    assert.equal(JSON.stringify(dataset), DATASET_JSON);
  });

  it("keeps string dates verbatim and maps a missing expiry to null", () => {
    const built = activationProofDataset({
      accountId: "a",
      productId: "p",
      license: { id: "l", key: "k" },
      machine: { id: "m", fingerprint: "f", created: "2020-01-01" },
      issued: "2020-01-02",
    });
    assert.equal(built.license.expiry, null);
    assert.equal(built.machine.created, "2020-01-01");
    assert.equal(built.issued, "2020-01-02");
  });

  it("rejects an invalid Date with BAD_FORMAT", () => {
    assertThrowsCode(
      () =>
        activationProofDataset({
          accountId: "a",
          productId: "p",
          license: { id: "l", key: "k" },
          machine: { id: "m", fingerprint: "f", created: new Date(Number.NaN) },
          issued: new Date(),
        }),
      "BAD_FORMAT",
    );
  });
});

describe("activation proofs", () => {
  for (const algorithm of ALGORITHMS) {
    for (const [providerName, crypto] of PROVIDERS) {
      it(`${algorithm} round trip with ${providerName}`, async () => {
        const { privateKey, publicKey } = pairFor(algorithm);
        const proof = createActivationProof({ algorithm, privateKey, dataset });
        const result = await verifyActivationProof(proof, publicKey, {
          algorithm,
          crypto,
          fingerprint: "fp-abc",
          licenseKey: "KEY-123",
          productId: "prod-1",
        });
        assert.ok(result.ok, result.ok ? "" : result.error.message);
        assert.equal(result.value.dataset, DATASET_JSON);
        assert.deepEqual(result.value.claims, dataset);
      });
    }
  }

  it("defaults to Ed25519", async () => {
    const proof = createActivationProof({ privateKey: ed.privateKey, dataset });
    assert.ok((await verifyActivationProof(proof, ed.publicKey, { algorithm: "ed25519" })).ok);
    expectError(
      await verifyActivationProof(proof, rsa.publicKey, { algorithm: "rsa-pss-sha256" }),
      "BAD_SIGNATURE",
    );
  });

  it("has the exact layout proof/<padded base64url dataset>.<base64url signature>", () => {
    const proof = createActivationProof({ privateKey: ed.privateKey, dataset: "ab" });
    const match = /^proof\/([A-Za-z0-9_-]+=*)\.([A-Za-z0-9_-]+=*)$/.exec(proof);
    assert.ok(match, proof);
    assert.equal(match[1], "YWI=");
    assert.equal(utf8Decode(base64urlDecode(match[1]!)), "ab");
    assert.equal(base64urlDecode(match[2]!).length, 64);
  });

  it("matches an openssl-made proof for the RFC 8032 key byte for byte, and verifies it", async () => {
    const privateKey = parsePrivateKey(RFC8032_SEED);
    const publicKey = parsePublicKey(RFC8032_PUBLIC);
    assert.equal(createActivationProof({ privateKey, dataset }), KNOWN_PROOF);
    for (const [, crypto] of PROVIDERS) {
      const result = await verifyActivationProof(KNOWN_PROOF, publicKey, {
        algorithm: "ed25519",
        crypto,
        fingerprint: "fp-abc",
      });
      assert.ok(result.ok);
      assert.equal(result.value.dataset, DATASET_JSON);
    }
  });

  for (const algorithm of ALGORITHMS) {
    it(`${algorithm}: openssl verifies our proof signature over "proof/<dataset>"`, {
      skip: opensslSkip,
    }, () => {
      const { privateKey, publicKey } = pairFor(algorithm);
      const proof = createActivationProof({ algorithm, privateKey, dataset });
      const dot = proof.lastIndexOf(".");
      assert.ok(
        opensslVerifies(
          algorithm,
          exportPublicKey(publicKey, "pem"),
          proof.slice(0, dot),
          base64urlDecode(proof.slice(dot + 1)),
        ),
        `openssl rejected the ${algorithm} proof`,
      );
    });
  }

  it("accepts an openssl-signed RSA-PSS proof (digest-length salt)", {
    skip: opensslSkip,
  }, async () => {
    const encoded = "eyJ4IjoxfQ==";
    const signature = opensslSign(
      "rsa-pss-sha256",
      exportPrivateKey(rsa.privateKey, "pem"),
      `proof/${encoded}`,
      { saltLength: "digest" },
    );
    const proof = `proof/${encoded}.${Buffer.from(signature).toString("base64url")}`;
    for (const [, crypto] of PROVIDERS) {
      const result = await verifyActivationProof(proof, rsa.publicKey, {
        algorithm: "rsa-pss-sha256",
        crypto,
      });
      assert.ok(result.ok, result.ok ? "" : result.error.message);
      assert.deepEqual(result.value.claims, { x: 1 });
    }
  });

  it("keeps custom text datasets and gives {} claims when they are not a JSON object", async () => {
    for (const text of ["plain text dataset ✓", "[1,2,3]", "42"]) {
      const proof = createActivationProof({ privateKey: ed.privateKey, dataset: text });
      const result = await verifyActivationProof(proof, ed.publicKey, { algorithm: "ed25519" });
      assert.ok(result.ok);
      assert.equal(result.value.dataset, text);
      assert.deepEqual(result.value.claims, {});
    }
  });

  it("MISMATCH when the fingerprint, license key or product differs or is absent", async () => {
    const proof = createActivationProof({ privateKey: ed.privateKey, dataset });
    const bindings = [
      { fingerprint: "fp-abd" },
      { fingerprint: "" },
      { licenseKey: "KEY-124" },
      { licenseKey: "KEY-1234" },
      { productId: "prod-2" },
    ];
    for (const binding of bindings) {
      const result = await verifyActivationProof(proof, ed.publicKey, {
        algorithm: "ed25519",
        ...binding,
      });
      expectError(result, "MISMATCH");
    }
    const bare = createActivationProof({ privateKey: ed.privateKey, dataset: { other: 1 } });
    for (const binding of [{ fingerprint: "fp" }, { licenseKey: "k" }, { productId: "p" }]) {
      const result = await verifyActivationProof(bare, ed.publicKey, {
        algorithm: "ed25519",
        ...binding,
      });
      assert.match(expectError(result, "MISMATCH").message, /carries no/);
    }
  });

  it("BAD_KEY when the public key does not fit the expected algorithm", async () => {
    const proof = createActivationProof({ privateKey: ed.privateKey, dataset });
    expectError(
      await verifyActivationProof(proof, rsa.publicKey, { algorithm: "ed25519" }),
      "BAD_KEY",
    );
    expectError(
      await verifyActivationProof(proof, ed.publicKey, { algorithm: "rsa-sha256" }),
      "BAD_KEY",
    );
    assertThrowsCode(
      () => createActivationProof({ algorithm: "rsa-sha256", privateKey: ed.privateKey, dataset }),
      "BAD_KEY",
    );
  });

  it("BAD_SIGNATURE with another key or another RSA padding", async () => {
    const other = generateKeyPair("ed25519");
    const proof = createActivationProof({ privateKey: ed.privateKey, dataset });
    expectError(
      await verifyActivationProof(proof, other.publicKey, { algorithm: "ed25519" }),
      "BAD_SIGNATURE",
    );
    const pss = createActivationProof({
      algorithm: "rsa-pss-sha256",
      privateKey: rsa.privateKey,
      dataset,
    });
    expectError(
      await verifyActivationProof(pss, rsa.publicKey, { algorithm: "rsa-sha256" }),
      "BAD_SIGNATURE",
    );
  });

  it("BAD_SIGNATURE for a key/ signature presented as a proof (prefixes are not interchangeable)", async () => {
    const encoded = base64urlEncode(utf8Encode(DATASET_JSON));
    const keySignature = signBytes("ed25519", ed.privateKey, utf8Encode(`key/${encoded}`));
    const forged = `proof/${encoded}.${base64urlEncode(keySignature)}`;
    expectError(
      await verifyActivationProof(forged, ed.publicKey, { algorithm: "ed25519" }),
      "BAD_SIGNATURE",
    );
  });

  it("BAD_FORMAT / BAD_ENCODING for malformed proofs", async () => {
    const proof = createActivationProof({ privateKey: ed.privateKey, dataset });
    const [body, sig] = proof.slice("proof/".length).split(".") as [string, string];
    const cases: [string, FormatErrorCode][] = [
      ["", "BAD_FORMAT"],
      [proof.slice("proof/".length), "BAD_FORMAT"],
      [`key/${body}.${sig}`, "BAD_FORMAT"],
      [`PROOF/${body}.${sig}`, "BAD_FORMAT"],
      [`proof/${body}`, "BAD_FORMAT"],
      [`proof/${body}.${sig}.${sig}`, "BAD_FORMAT"],
      [`proof/.${sig}`, "BAD_FORMAT"],
      [`proof/${body}.`, "BAD_FORMAT"],
      [` ${proof}`, "BAD_FORMAT"],
      [`proof/${body}!.${sig}`, "BAD_ENCODING"],
      [`proof/${body}.${sig.replace(/=+$/, "")}+`, "BAD_ENCODING"],
    ];
    for (const [input, code] of cases) {
      expectError(await verifyActivationProof(input, ed.publicKey, { algorithm: "ed25519" }), code);
    }
  });

  it("rejects an unknown expected algorithm with UNSUPPORTED_ALGORITHM", async () => {
    const proof = createActivationProof({ privateKey: ed.privateKey, dataset });
    const result = await verifyActivationProof(proof, ed.publicKey, {
      algorithm: "hmac-sha256" as SignatureAlgorithm,
    });
    expectError(result, "UNSUPPORTED_ALGORITHM");
  });

  it("rejects any one-character change with a typed error (Ed25519)", async () => {
    const proof = createActivationProof({ privateKey: ed.privateKey, dataset });
    await fc.assert(
      fc.asyncProperty(
        oneCharChange(
          proof,
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=./+ ",
        ),
        expectRejectedAsEd25519Proof,
      ),
      { numRuns: 300 },
    );
  });

  it("rejects any one-character change with a typed error (RSA-PSS)", async () => {
    const proof = createActivationProof({
      algorithm: "rsa-pss-sha256",
      privateKey: rsa.privateKey,
      dataset,
    });
    await fc.assert(
      fc.asyncProperty(oneCharChange(proof, "AZaz09-_=./"), async (tampered) => {
        const result = await verifyActivationProof(tampered, rsa.publicKey, {
          algorithm: "rsa-pss-sha256",
        });
        expectError(result, "BAD_FORMAT", "BAD_ENCODING", "BAD_SIGNATURE");
      }),
      { numRuns: 60 },
    );
  });

  it("returns only typed errors for random input", async () => {
    const arbitraryProof = fc.oneof(
      fc.string(),
      fc.string().map((s) => `proof/${s}`),
      fc
        .tuple(fc.base64String(), fc.base64String())
        .map(([a, b]) => `proof/${a.replace(/\+/g, "-")}.${b.replace(/\//g, "_")}`),
      fc
        .uint8Array({ minLength: 64, maxLength: 64 })
        .map((sig) => `proof/eyJ4IjoxfQ==.${Buffer.from(sig).toString("base64url")}`),
    );
    await fc.assert(fc.asyncProperty(arbitraryProof, expectRejectedAsEd25519Proof), {
      numRuns: 300,
    });
  });
});
