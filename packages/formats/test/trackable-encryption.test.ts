// Encryption on request (SPEC T12): round trip, the documented scheme recomputed with node:crypto
// (so the docs are the truth), and every change or wrong key/context refused.
import assert from "node:assert/strict";
import { createDecipheriv, hkdfSync } from "node:crypto";
import { describe, it } from "node:test";
import {
  base64urlDecode,
  base64urlEncode,
  decryptTrackable,
  encryptTrackable,
  hasTrackableSecret,
  type TrackableContext,
  type TrackableEnvelope,
} from "../src/index.js";

const secret = { handshakeCode: "hsc-code-123", sessionPassword: "pw" };
const context: TrackableContext = {
  purpose: "authorization",
  productId: "prod_1",
  deviceId: "device-1234",
  nonce: "nonce-abcdef",
};
const message = { valid: true, lease: "lease/abc.def", n: [1, 2, 3] };

function flipFirst(text: string): string {
  const raw = base64urlDecode(text);
  raw[0] = raw[0]! ^ 1;
  return base64urlEncode(raw, { pad: false });
}

describe("trackable encryption (aes-256-gcm, HKDF-SHA256)", () => {
  it("round-trips and matches the documented scheme byte for byte", async () => {
    const envelope = await encryptTrackable(secret, context, message);
    assert.equal(envelope.alg, "aes-256-gcm");
    assert.equal(base64urlDecode(envelope.salt).length, 16);
    assert.equal(base64urlDecode(envelope.iv).length, 12);
    assert.equal(base64urlDecode(envelope.tag).length, 16);
    assert.doesNotMatch(JSON.stringify(envelope), /lease\/abc/);
    const opened = await decryptTrackable(secret, context, envelope);
    assert.deepEqual(opened, { ok: true, value: message });

    // The scheme as docs/server.md states it, with node:crypto instead of WebCrypto.
    const ikm = JSON.stringify(["keyward-trackable-v1", "", "hsc-code-123", "pw"]);
    const key = Buffer.from(
      hkdfSync(
        "sha256",
        ikm,
        base64urlDecode(envelope.salt),
        "keyward trackable aes-256-gcm v1",
        32,
      ),
    );
    const decipher = createDecipheriv("aes-256-gcm", key, base64urlDecode(envelope.iv));
    decipher.setAAD(
      Buffer.from(
        JSON.stringify([
          "keyward-trackable-v1",
          "authorization",
          "prod_1",
          "device-1234",
          "nonce-abcdef",
        ]),
      ),
    );
    decipher.setAuthTag(base64urlDecode(envelope.tag));
    const plain = Buffer.concat([
      decipher.update(base64urlDecode(envelope.ciphertext)),
      decipher.final(),
    ]);
    assert.deepEqual(JSON.parse(plain.toString("utf8")), message);
  });

  it("a fresh salt and iv per message", async () => {
    const a = await encryptTrackable(secret, context, message);
    const b = await encryptTrackable(secret, context, message);
    assert.notEqual(a.salt, b.salt);
    assert.notEqual(a.iv, b.iv);
    assert.notEqual(a.ciphertext, b.ciphertext);
  });

  it("a changed salt, iv, ciphertext or tag: CANNOT_DECRYPT", async () => {
    const envelope = await encryptTrackable(secret, context, message);
    for (const member of ["salt", "iv", "ciphertext", "tag"] as const) {
      const tampered: TrackableEnvelope = { ...envelope, [member]: flipFirst(envelope[member]) };
      const opened = await decryptTrackable(secret, context, tampered);
      assert.equal(opened.ok, false, member);
      assert.equal(!opened.ok && opened.error.code, "CANNOT_DECRYPT", member);
    }
  });

  it("another key or another context (replay): CANNOT_DECRYPT", async () => {
    const envelope = await encryptTrackable(secret, context, message);
    const others = [
      [{ ...secret, sessionPassword: "other" }, context],
      [{ handshakeCode: "hsc-code-124", sessionPassword: "pw" }, context],
      [{ ...secret, organizationId: "org_1" }, context],
      [secret, { ...context, nonce: "nonce-other1" }],
      [secret, { ...context, deviceId: "device-9999" }],
      [secret, { ...context, productId: "prod_2" }],
      [secret, { ...context, purpose: "usage-answer" }],
    ] as const;
    for (const [s, c] of others) {
      const opened = await decryptTrackable(s, c, envelope);
      assert.equal(!opened.ok && opened.error.code, "CANNOT_DECRYPT", JSON.stringify([s, c]));
    }
  });

  it("malformed envelopes: BAD_FORMAT, never a throw", async () => {
    const envelope = await encryptTrackable(secret, context, message);
    for (const bad of [
      null,
      "text",
      { ...envelope, alg: "aes-128-gcm" },
      { ...envelope, iv: base64urlEncode(new Uint8Array(16)) },
      { ...envelope, tag: "!!" },
      { ...envelope, ciphertext: undefined },
    ]) {
      const opened = await decryptTrackable(secret, context, bad);
      assert.equal(!opened.ok && opened.error.code, "BAD_FORMAT", JSON.stringify(bad));
    }
  });

  it("a public trial has nothing to derive a key from", () => {
    assert.equal(hasTrackableSecret({}), false);
    assert.equal(hasTrackableSecret({ organizationId: "org_1" }), true);
    assert.equal(hasTrackableSecret({ handshakeCode: "x" }), true);
  });
});
