// Layout constants shared by the signing (Node) and verifying (browser-safe) sides.
import type { SignedTokenLayout } from "../signed-token.js";

/** Prefix of the signing data and of the key itself for ED25519_SIGN and the _V2 schemes. */
export const KEY_SIGNING_PREFIX = "key/";

/** ED25519_SIGN and the _V2 schemes: `key/<b64url dataset>.<b64url signature>`. */
export const SIGNED_KEY_TOKEN: SignedTokenLayout = {
  prefix: KEY_SIGNING_PREFIX,
  noPrefix: `signed license key must start with "${KEY_SIGNING_PREFIX}"`,
  notTwoParts: 'signed license key must have 2 "."-separated parts',
  rejectEmptyParts: false,
};

/**
 * The protected header of RSA_2048_JWT_RS256 keys. Keygen writes `{"alg":"RS256"}`; Keyward
 * adds the RFC 7519 `typ`. Verifiers accept both (any header with alg RS256 and no `crit`).
 */
export const JWT_HEADER = '{"alg":"RS256","typ":"JWT"}';

/** PKCS#1 v1.5 padding takes 11 bytes of the block: 245 bytes of data with a 2048-bit key. */
export const PKCS1_PADDING_OVERHEAD = 11;

export function maxEncryptedDatasetBytes(modulusBytes: number): number {
  return modulusBytes - PKCS1_PADDING_OVERHEAD;
}
