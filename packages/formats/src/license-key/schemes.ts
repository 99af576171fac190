import type { SignatureAlgorithm } from "../crypto/provider.js";
import type { KeyType } from "../keys/public-key.js";

/**
 * The cryptographic license key schemes of a policy (seed 004, "Cryptographic license keys").
 * A policy without a scheme issues plain-text keys (see plain-key.ts).
 */
export type KeyScheme =
  | "ED25519_SIGN"
  | "RSA_2048_PKCS1_PSS_SIGN_V2"
  | "RSA_2048_PKCS1_SIGN_V2"
  | "RSA_2048_PKCS1_PSS_SIGN"
  | "RSA_2048_PKCS1_SIGN"
  | "RSA_2048_PKCS1_ENCRYPT"
  | "RSA_2048_JWT_RS256";

/**
 * How a key of a scheme is laid out:
 * - `signed`: `key/<b64url dataset>.<b64url signature over "key/<b64url dataset>">`
 * - `signed-legacy`: `<b64url dataset>.<b64url signature over the dataset itself>`
 * - `encrypted`: `<b64url PKCS#1 v1.5 private-key encryption of the dataset>`
 * - `jwt`: a compact RS256 JWT whose payload is the dataset (claims)
 */
export type KeyLayout = "signed" | "signed-legacy" | "encrypted" | "jwt";

interface SchemeInfo {
  layout: KeyLayout;
  keyType: KeyType;
  /** The signature that protects the key; null for RSA_2048_PKCS1_ENCRYPT (no signature). */
  signature: SignatureAlgorithm | null;
  /** The algorithm of license files for licenses of this scheme (seed 004 mapping table). */
  licenseFile: SignatureAlgorithm;
  deprecated: boolean;
}

const SCHEMES: Record<KeyScheme, SchemeInfo> = {
  ED25519_SIGN: {
    layout: "signed",
    keyType: "ed25519",
    signature: "ed25519",
    licenseFile: "ed25519",
    deprecated: false,
  },
  RSA_2048_PKCS1_PSS_SIGN_V2: {
    layout: "signed",
    keyType: "rsa",
    signature: "rsa-pss-sha256",
    licenseFile: "rsa-pss-sha256",
    deprecated: false,
  },
  RSA_2048_PKCS1_SIGN_V2: {
    layout: "signed",
    keyType: "rsa",
    signature: "rsa-sha256",
    licenseFile: "rsa-sha256",
    deprecated: false,
  },
  RSA_2048_PKCS1_PSS_SIGN: {
    layout: "signed-legacy",
    keyType: "rsa",
    signature: "rsa-pss-sha256",
    licenseFile: "rsa-pss-sha256",
    deprecated: true,
  },
  RSA_2048_PKCS1_SIGN: {
    layout: "signed-legacy",
    keyType: "rsa",
    signature: "rsa-sha256",
    licenseFile: "rsa-sha256",
    deprecated: true,
  },
  RSA_2048_PKCS1_ENCRYPT: {
    layout: "encrypted",
    keyType: "rsa",
    signature: null,
    licenseFile: "rsa-sha256",
    deprecated: false,
  },
  RSA_2048_JWT_RS256: {
    layout: "jwt",
    keyType: "rsa",
    signature: "rsa-sha256",
    licenseFile: "rsa-sha256",
    deprecated: false,
  },
};

/** Every scheme, recommended first, deprecated (legacy) ones last. */
export const KEY_SCHEMES: readonly KeyScheme[] = [
  "ED25519_SIGN",
  "RSA_2048_PKCS1_PSS_SIGN_V2",
  "RSA_2048_PKCS1_SIGN_V2",
  "RSA_2048_PKCS1_ENCRYPT",
  "RSA_2048_JWT_RS256",
  "RSA_2048_PKCS1_PSS_SIGN",
  "RSA_2048_PKCS1_SIGN",
];

export function isKeyScheme(value: unknown): value is KeyScheme {
  return typeof value === "string" && Object.hasOwn(SCHEMES, value);
}

export function keyLayoutOf(scheme: KeyScheme): KeyLayout {
  return SCHEMES[scheme].layout;
}

/** The type of key pair (Ed25519 or RSA) a scheme signs, encrypts and verifies with. */
export function keyTypeOfScheme(scheme: KeyScheme): KeyType {
  return SCHEMES[scheme].keyType;
}

/**
 * The signature algorithm that protects keys of a scheme: Ed25519, RSASSA-PSS (SHA-256, MGF1
 * SHA-256, maximum salt) or RSASSA-PKCS1-v1_5 SHA-256 (also RS256 JWTs). Null for
 * RSA_2048_PKCS1_ENCRYPT, whose keys carry no signature (decrypting with the public key is the
 * authenticity check).
 */
export function keySignatureFor(scheme: KeyScheme): SignatureAlgorithm | null {
  return SCHEMES[scheme].signature;
}

/** RSA_2048_PKCS1_PSS_SIGN and RSA_2048_PKCS1_SIGN: superseded by their _V2 schemes. */
export function isDeprecatedScheme(scheme: KeyScheme): boolean {
  return SCHEMES[scheme].deprecated;
}

/**
 * The signature algorithm of license and machine files for a license whose policy has this
 * scheme (seed 004: "mapping of license key scheme to license file algorithm"). Plain-text
 * licenses (no scheme) and ED25519_SIGN use Ed25519; the PSS schemes RSA-PSS; every other RSA
 * scheme RSA PKCS#1 v1.5. The encoding half (`aes-256-gcm` or `base64`) depends only on
 * whether the file is encrypted.
 */
export function licenseFileSignatureFor(scheme: KeyScheme | null | undefined): SignatureAlgorithm {
  return scheme === null || scheme === undefined ? "ed25519" : SCHEMES[scheme].licenseFile;
}
