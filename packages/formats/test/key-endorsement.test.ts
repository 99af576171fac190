// Key endorsements (SPEC X7): a signing key vouches for its successor, and a verifier walks the
// chain from the keys it trusts; whatever is not endorsed by a chain stays untrusted.
import assert from "node:assert/strict";
import { createPublicKey, verify } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  base64Encode,
  base64urlEncode,
  endorsedKeys,
  type IdentifiedKey,
  type KeyEndorsement,
  keyEndorsementMessage,
  verifyKeyEndorsement,
} from "../src/index.js";
import { endorseKey, generateKeyPair, type KeyPair } from "../src/node.js";
import { oneCharChange } from "./support/arbitraries.js";
import { assertThrowsCode, expectError } from "./support/assertions.js";
import { PROVIDERS, testKeyPair } from "./support/fixtures.js";

const ed = testKeyPair("ed25519");
const rsa = testKeyPair("rsa");

/** A key with an id, its pair, and the shapes the verifier and signer take. */
function signingKey(id: string, pair: KeyPair = generateKeyPair("ed25519")) {
  return {
    id,
    pair,
    key: { id, publicKey: pair.publicKey } satisfies IdentifiedKey,
    signer: { id, privateKey: pair.privateKey },
  };
}

/** As the public-keys endpoint lists a key. */
function listed(key: IdentifiedKey, endorsement: KeyEndorsement | null) {
  return {
    id: key.id,
    algorithm: key.publicKey.type,
    state: "active",
    publicKey: base64Encode(key.publicKey.spki),
    endorsement,
  };
}

const ids = (keys: IdentifiedKey[]) => keys.map((key) => key.id);

describe("key endorsements", () => {
  const k1 = signingKey("key_k1", ed);
  const k2 = signingKey("key_k2");
  const endorsement = endorseKey(k2.key, k1.signer);

  it("signs the documented message: prefix, endorser id, key id, type, base64url SPKI", () => {
    const message = keyEndorsementMessage(k2.key, "key_k1");
    // Padded base64url: 44 bytes of Ed25519 SPKI end in one "=".
    const spki = Buffer.from(k2.pair.publicKey.spki)
      .toString("base64")
      .replaceAll("+", "-")
      .replaceAll("/", "_");
    assert.match(spki, /^[A-Za-z0-9_-]{59}=$/);
    assert.equal(message, `keyward-key-endorsement/key_k1/key_k2/ed25519/${spki}`);
    assert.equal(endorsement.keyId, "key_k1");
    // An Ed25519 signature over exactly that text, checked by node:crypto alone.
    const publicKey = createPublicKey({
      key: Buffer.from(ed.publicKey.spki),
      format: "der",
      type: "spki",
    });
    const signature = Buffer.from(endorsement.signature, "base64url");
    assert.ok(verify(null, Buffer.from(message), publicKey, signature));
  });

  for (const [name, crypto] of PROVIDERS) {
    it(`verifies with the endorsing key (${name}), Ed25519 and RSA-PSS`, async () => {
      const verified = await verifyKeyEndorsement(k2.key, endorsement, k1.key, { crypto });
      assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
      assert.equal(verified.value.id, "key_k2");
      const r1 = signingKey("key_r1", rsa);
      const r2 = signingKey("key_r2", generateKeyPair("rsa"));
      const rsaEndorsement = endorseKey(r2.key, r1.signer);
      assert.ok((await verifyKeyEndorsement(r2.key, rsaEndorsement, r1.key, { crypto })).ok);
    });
  }

  it("refuses a tampered key id, public key, type, endorser or signature", async () => {
    const other = signingKey("key_other");
    const check = (key: IdentifiedKey, given: KeyEndorsement, endorser: IdentifiedKey) =>
      verifyKeyEndorsement(key, given, endorser);
    // Another id for the same key, another key under the same id.
    expectError(await check({ ...k2.key, id: "key_k3" }, endorsement, k1.key), "BAD_SIGNATURE");
    expectError(await check({ ...other.key, id: "key_k2" }, endorsement, k1.key), "BAD_SIGNATURE");
    // Another endorser: named in the endorsement but not the one verifying, or named and asked.
    expectError(await check(k2.key, endorsement, other.key), "MISMATCH");
    expectError(
      await check(k2.key, { ...endorsement, keyId: "key_other" }, other.key),
      "BAD_SIGNATURE",
    );
    // A key of another type is never endorsed across types.
    const rsaKey = { id: "key_k2", publicKey: rsa.publicKey };
    expectError(await check(rsaKey, endorsement, k1.key), "WRONG_ALGORITHM");
    // The signature: another key's, a flipped bit, not base64url, not there.
    const byOther = endorseKey(k2.key, { id: "key_k1", privateKey: other.pair.privateKey });
    expectError(await check(k2.key, byOther, k1.key), "BAD_SIGNATURE");
    const bytes = Buffer.from(endorsement.signature, "base64url");
    bytes[10]! ^= 1;
    expectError(
      await check(k2.key, { ...endorsement, signature: base64urlEncode(bytes) }, k1.key),
      "BAD_SIGNATURE",
    );
    expectError(await check(k2.key, { ...endorsement, signature: "a+b/" }, k1.key), "BAD_ENCODING");
    const shapeless = { keyId: "key_k1" } as unknown as KeyEndorsement;
    expectError(await check(k2.key, shapeless, k1.key), "BAD_FORMAT");
  });

  it("rejects any one-character change of the signature", async () => {
    await fc.assert(
      fc.asyncProperty(oneCharChange(endorsement.signature, "AZaz09-_=+/"), async (signature) => {
        const result = await verifyKeyEndorsement(k2.key, { ...endorsement, signature }, k1.key);
        expectError(result, "BAD_ENCODING", "BAD_SIGNATURE");
      }),
      { numRuns: 200 },
    );
  });

  it("ids are [A-Za-z0-9_-]{1,128}: a `/` could move text between fields", async () => {
    for (const id of ["", "key/k2", "key k2", "x".repeat(129)]) {
      assertThrowsCode(() => endorseKey({ ...k2.key, id }, k1.signer), "BAD_FORMAT", id);
      assertThrowsCode(() => endorseKey(k2.key, { ...k1.signer, id }), "BAD_FORMAT", id);
      expectError(await verifyKeyEndorsement({ ...k2.key, id }, endorsement, k1.key), "BAD_FORMAT");
    }
    assertThrowsCode(
      () => endorseKey(k2.key, { id: "key_r", privateKey: rsa.privateKey }),
      "BAD_KEY",
    );
  });
});

describe("endorsedKeys: chains from trusted keys", () => {
  const k1 = signingKey("key_k1", ed);
  const k2 = signingKey("key_k2");
  const k3 = signingKey("key_k3");
  const e2 = endorseKey(k2.key, k1.signer);
  const e3 = endorseKey(k3.key, k2.signer);
  const trusted = [k1.key];

  it("walks k1 → k2 → k3 whatever the list's order, endorsers first", async () => {
    const list = [listed(k3.key, e3), listed(k2.key, e2), listed(k1.key, null)];
    assert.deepEqual(ids(await endorsedKeys({ data: list }, trusted)), ["key_k2", "key_k3"]);
    assert.deepEqual(ids(await endorsedKeys(list, [k2.key])), ["key_k3"]);
    assert.deepEqual(ids(await endorsedKeys(list, [k1.key, k2.key, k3.key])), []);
    // The learned keys are the listed public halves.
    const [learned] = await endorsedKeys(list, [k2.key]);
    assert.deepEqual(learned!.publicKey.spki, k3.pair.publicKey.spki);
  });

  it("a chain with a broken link stops there", async () => {
    const list = [listed(k2.key, null), listed(k3.key, e3)];
    assert.deepEqual(ids(await endorsedKeys(list, trusted)), []);
  });

  it("keys injected into the list without a chain to a trusted key are not trusted", async () => {
    const forged = signingKey("key_forged");
    const stranger = signingKey("key_stranger");
    for (const endorsement of [
      null,
      // By a key that is not trusted (the stranger endorses itself into the list).
      endorseKey(forged.key, stranger.signer),
      // Claiming the trusted key endorsed it, signed by another key.
      endorseKey(forged.key, { id: "key_k1", privateKey: stranger.pair.privateKey }),
      // k2's real endorsement, copied onto the forged key.
      e2,
      { keyId: "key_k1", signature: "not base64url!" },
    ]) {
      const list = [
        listed(k1.key, null),
        listed(stranger.key, null),
        listed(forged.key, endorsement),
      ];
      assert.deepEqual(ids(await endorsedKeys(list, trusted)), [], JSON.stringify(endorsement));
    }
    // A forged key listed under k2's id, with k2's endorsement: the signature binds the key.
    const swapped = [listed({ id: "key_k2", publicKey: forged.pair.publicKey }, e2)];
    assert.deepEqual(ids(await endorsedKeys(swapped, trusted)), []);
  });

  it("a trusted id listed with another public key keeps the trusted key", async () => {
    const forged = signingKey("key_forged");
    const list = [
      listed({ id: "key_k1", publicKey: forged.pair.publicKey }, null),
      listed(k2.key, e2),
    ];
    const learned = await endorsedKeys(list, trusted);
    assert.deepEqual(ids(learned), ["key_k2"]);
  });

  it("a pin without an id (stored before key ids) is the listed key with its public half", async () => {
    const list = [listed(k1.key, null), listed(k2.key, e2), listed(k3.key, e3)];
    const learned = await endorsedKeys(list, [{ publicKey: k1.pair.publicKey }]);
    assert.deepEqual(ids(learned), ["key_k1", "key_k2", "key_k3"]);
  });

  it("never throws: what is not a key list, or not a listed key, is skipped", async () => {
    for (const published of [null, undefined, 1, "keys", {}, { data: "x" }]) {
      assert.deepEqual(await endorsedKeys(published, trusted), []);
    }
    const list = [
      null,
      "key",
      { id: 1, publicKey: "x" },
      { id: "key_bad", publicKey: "not a key", endorsement: e2 },
      { ...listed(k2.key, e2), endorsement: { keyId: 1, signature: e2.signature } },
      listed(k3.key, e3),
    ];
    assert.deepEqual(ids(await endorsedKeys({ data: list }, trusted)), []);
    assert.deepEqual(ids(await endorsedKeys({ data: [...list, listed(k2.key, e2)] }, trusted)), [
      "key_k2",
      "key_k3",
    ]);
  });
});
