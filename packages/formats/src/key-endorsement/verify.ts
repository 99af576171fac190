// Verifying endorsements, one at a time and as chains from already trusted keys.
import type { VerifyOptions } from "../crypto/provider.js";
import { webCrypto } from "../crypto/web-crypto.js";
import { base64urlDecode } from "../encoding/base64.js";
import { constantTimeEqual, isRecord, utf8Encode } from "../encoding/bytes.js";
import { attemptSync, fail, ok, type Result } from "../errors.js";
import type { TrustedKey } from "../keys/key-set.js";
import { type PublicKey, parsePublicKey } from "../keys/public-key.js";
import {
  endorsementAlgorithm,
  type IdentifiedKey,
  type KeyEndorsement,
  keyEndorsementMessage,
} from "./format.js";

/**
 * Verifies that `endorser` endorsed `key`. Errors: BAD_FORMAT (an endorsement that is not
 * `{keyId, signature}` strings, an id outside `[A-Za-z0-9_-]{1,128}`), MISMATCH (the
 * endorsement names another endorsing key), WRONG_ALGORITHM (the endorser is of another key
 * type), BAD_ENCODING (the signature is not base64url), BAD_SIGNATURE. Never throws on bad
 * input. Answers the key, endorsed.
 */
export async function verifyKeyEndorsement(
  key: IdentifiedKey,
  endorsement: KeyEndorsement,
  endorser: IdentifiedKey,
  options: VerifyOptions = {},
): Promise<Result<IdentifiedKey>> {
  if (
    !isRecord(endorsement) ||
    typeof endorsement.keyId !== "string" ||
    typeof endorsement.signature !== "string"
  ) {
    return fail("BAD_FORMAT", "an endorsement is {keyId, signature}");
  }
  if (endorsement.keyId !== endorser.id) {
    return fail("MISMATCH", `endorsed by key ${endorsement.keyId}, not ${endorser.id}`);
  }
  if (endorser.publicKey.type !== key.publicKey.type) {
    return fail(
      "WRONG_ALGORITHM",
      `an ${endorser.publicKey.type} key does not endorse an ${key.publicKey.type} key`,
    );
  }
  const message = attemptSync(() => keyEndorsementMessage(key, endorser.id));
  if (!message.ok) return message;
  const signature = attemptSync(() => base64urlDecode(endorsement.signature));
  if (!signature.ok) return signature;
  const valid = await (options.crypto ?? webCrypto).verify(
    endorsementAlgorithm(key.publicKey.type),
    endorser.publicKey,
    signature.value,
    utf8Encode(message.value),
  );
  return valid ? ok(key) : fail("BAD_SIGNATURE", `the endorsement of ${key.id} does not verify`);
}

/** A published key with its endorsement, as read from a key list. */
interface EndorsedListing {
  key: IdentifiedKey;
  endorsement: KeyEndorsement | null;
}

/** One item of a key list; none when it is not `{id, publicKey, endorsement?}` with a key. */
function readListing(item: unknown): EndorsedListing[] {
  if (!isRecord(item) || typeof item.id !== "string" || typeof item.publicKey !== "string") {
    return [];
  }
  let publicKey: PublicKey;
  try {
    publicKey = parsePublicKey(item.publicKey);
  } catch {
    return [];
  }
  const { endorsement } = item;
  return [
    {
      key: { id: item.id, publicKey },
      endorsement:
        isRecord(endorsement) &&
        typeof endorsement.keyId === "string" &&
        typeof endorsement.signature === "string"
          ? { keyId: endorsement.keyId, signature: endorsement.signature }
          : null,
    },
  ];
}

/**
 * The keys of a published key list (the answer of GET /v1/organizations/{id}/signing-keys or
 * GET /v1/signing-keys, `{data: [...]}` or the bare list) that a chain of endorsements links to
 * `trusted`: a key endorsed by a trusted key is trusted, and endorses in turn (k1 → k2 → k3).
 * A listed key without such a chain is left out, whatever else the list says of it; a listed id
 * that is already trusted keeps its trusted public key. A trusted key without an id (a pin
 * stored before keys had ids) is the listed key with the same public half, under its listed id.
 * Answers the newly trusted keys, each endorser before what it endorsed; never throws. Cost:
 * one signature check per listed key at most (each names one endorser).
 */
export async function endorsedKeys(
  published: unknown,
  trusted: readonly TrustedKey[],
  options: VerifyOptions = {},
): Promise<IdentifiedKey[]> {
  const list = isRecord(published) && Array.isArray(published.data) ? published.data : published;
  const listings = Array.isArray(list) ? list.flatMap(readListing) : [];
  const known = new Map<string, IdentifiedKey>();
  for (const { id, publicKey } of trusted) if (id !== undefined) known.set(id, { id, publicKey });
  const endorsers = [...known.values()];
  const learned: IdentifiedKey[] = [];
  const trust = (key: IdentifiedKey) => {
    known.set(key.id, key);
    endorsers.push(key);
    learned.push(key);
  };
  for (const { key } of listings) {
    const samePin = (pin: TrustedKey) =>
      pin.id === undefined && constantTimeEqual(pin.publicKey.spki, key.publicKey.spki);
    if (!known.has(key.id) && trusted.some(samePin)) trust(key);
  }
  const byEndorser = new Map<string, { key: IdentifiedKey; endorsement: KeyEndorsement }[]>();
  for (const { key, endorsement } of listings) {
    if (endorsement === null) continue;
    const waiting = byEndorser.get(endorsement.keyId);
    if (waiting) waiting.push({ key, endorsement });
    else byEndorser.set(endorsement.keyId, [{ key, endorsement }]);
  }
  // Breadth first from the trusted keys: each key is checked once, when its endorser is trusted.
  for (let next = 0; next < endorsers.length; next++) {
    const endorser = endorsers[next]!;
    for (const { key, endorsement } of byEndorser.get(endorser.id) ?? []) {
      if (known.has(key.id)) continue;
      const verified = await verifyKeyEndorsement(key, endorsement, endorser, options);
      if (verified.ok) trust(key);
    }
  }
  return learned;
}
