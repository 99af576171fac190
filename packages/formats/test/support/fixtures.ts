import {
  type KeyScheme,
  type KeyType,
  type SignatureAlgorithm,
  type VerifyCrypto,
  webCrypto,
} from "../../src/index.js";
import { generateKeyPair, type KeyPair, nodeCrypto } from "../../src/node.js";

/** Both verify providers, named: tests run their checks with each. */
export const PROVIDERS: readonly [string, VerifyCrypto][] = [
  ["webCrypto", webCrypto],
  ["nodeCrypto", nodeCrypto],
];

/** The three signature algorithms. */
export const ALGORITHMS: readonly SignatureAlgorithm[] = [
  "ed25519",
  "rsa-pss-sha256",
  "rsa-sha256",
];

const pairs = new Map<KeyType, KeyPair>();

/** A key pair of `type`, generated on first use and then shared by the tests of a file. */
export function testKeyPair(type: KeyType): KeyPair {
  let pair = pairs.get(type);
  if (!pair) {
    pair = generateKeyPair(type);
    pairs.set(type, pair);
  }
  return pair;
}

/** The shared key pair that signs with `algorithm`. */
export function pairFor(algorithm: SignatureAlgorithm): KeyPair {
  return testKeyPair(algorithm === "ed25519" ? "ed25519" : "rsa");
}

/** Seed 004's table: the license file signature of each license key scheme (null: none). */
export const SEED_004_FILE_SIGNATURES: readonly [KeyScheme | null, SignatureAlgorithm][] = [
  [null, "ed25519"],
  ["ED25519_SIGN", "ed25519"],
  ["RSA_2048_PKCS1_PSS_SIGN_V2", "rsa-pss-sha256"],
  ["RSA_2048_PKCS1_SIGN_V2", "rsa-sha256"],
  ["RSA_2048_PKCS1_ENCRYPT", "rsa-sha256"],
  ["RSA_2048_JWT_RS256", "rsa-sha256"],
  ["RSA_2048_PKCS1_PSS_SIGN", "rsa-pss-sha256"],
  ["RSA_2048_PKCS1_SIGN", "rsa-sha256"],
];
