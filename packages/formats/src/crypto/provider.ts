import type { PublicKey } from "../keys/public-key.js";

/** The three signature algorithms every Keyward artifact uses. */
export type SignatureAlgorithm = "ed25519" | "rsa-pss-sha256" | "rsa-sha256";

export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = [
  "ed25519",
  "rsa-pss-sha256",
  "rsa-sha256",
];

export function keyTypeOf(algorithm: SignatureAlgorithm): PublicKey["type"] {
  return algorithm === "ed25519" ? "ed25519" : "rsa";
}

/**
 * The cryptographic primitives the verify/decrypt paths need. The default implementation is
 * WebCrypto (browsers and Node); `@keyward/formats/node` offers a node:crypto one that is faster
 * on servers. Implementations return false/null for a failed check instead of throwing.
 */
export interface VerifyCrypto {
  verify(
    algorithm: SignatureAlgorithm,
    key: PublicKey,
    signature: Uint8Array,
    data: Uint8Array,
  ): Promise<boolean>;
  /** AES-256-GCM with empty additional data; null when authentication fails. */
  aesGcmDecrypt(
    key: Uint8Array,
    iv: Uint8Array,
    ciphertext: Uint8Array,
    tag: Uint8Array,
  ): Promise<Uint8Array | null>;
  sha256(data: Uint8Array): Promise<Uint8Array>;
  hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
}

/** Options shared by every verify function. */
export interface VerifyOptions {
  /** Crypto provider; WebCrypto when omitted. */
  crypto?: VerifyCrypto;
}
