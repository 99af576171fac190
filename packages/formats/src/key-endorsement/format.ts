// The endorsement message, shared by the signing (server) and verifying (SDK) sides.
import type { SignatureAlgorithm } from "../crypto/provider.js";
import { base64urlEncode } from "../encoding/base64.js";
import { FormatError } from "../errors.js";
import type { KeyType, PublicKey } from "../keys/public-key.js";

export const KEY_ENDORSEMENT_PREFIX = "keyward-key-endorsement";

/** A signing key with its id: what an endorsement binds, and what endorses. */
export interface IdentifiedKey {
  id: string;
  publicKey: PublicKey;
}

/** An endorsement as published beside the key it endorses. */
export interface KeyEndorsement {
  /** The id of the endorsing key. */
  keyId: string;
  /** base64url (padded) of the endorsing key's signature over the endorsement message. */
  signature: string;
}

/** Key ids are letters, digits, `_` and `-`: no `/`, so the message's fields cannot run together. */
const KEY_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Endorsements stay within a key type: Ed25519 signs with Ed25519, RSA with RSA-PSS SHA-256. */
export function endorsementAlgorithm(type: KeyType): SignatureAlgorithm {
  return type === "ed25519" ? "ed25519" : "rsa-pss-sha256";
}

/**
 * The ASCII text an endorsement signs:
 *
 *   keyward-key-endorsement/<endorser id>/<key id>/<key type>/<base64url(key SPKI DER)>
 *
 * `<key type>` is `ed25519` or `rsa` (the key's own, from its SPKI); base64url is padded.
 * Every field is drawn from an alphabet without `/`, so one text has one reading; the prefix
 * starts no other Ed25519 artifact Keyward signs. Throws FormatError BAD_FORMAT for an id
 * outside `[A-Za-z0-9_-]{1,128}`.
 */
export function keyEndorsementMessage(key: IdentifiedKey, endorserId: string): string {
  for (const id of [endorserId, key.id]) {
    if (typeof id !== "string" || !KEY_ID.test(id)) {
      throw new FormatError("BAD_FORMAT", `a key id is 1 to 128 of [A-Za-z0-9_-], not ${id}`);
    }
  }
  const spki = base64urlEncode(key.publicKey.spki);
  return `${KEY_ENDORSEMENT_PREFIX}/${endorserId}/${key.id}/${key.publicKey.type}/${spki}`;
}
