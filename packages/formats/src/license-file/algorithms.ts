import type { SignatureAlgorithm } from "../crypto/provider.js";
import { FormatError } from "../errors.js";
import { isKeyScheme, type KeyScheme, licenseFileSignatureFor } from "../license-key/schemes.js";

/**
 * The `alg` of a license or machine file: how `enc` is encoded (AES-256-GCM encrypted, or plain
 * Base64) and how `sig` is made (seed 004, "The alg property").
 */
export type LicenseFileAlgorithm =
  | "aes-256-gcm+ed25519"
  | "aes-256-gcm+rsa-pss-sha256"
  | "aes-256-gcm+rsa-sha256"
  | "base64+ed25519"
  | "base64+rsa-pss-sha256"
  | "base64+rsa-sha256";

export const LICENSE_FILE_ALGORITHMS: readonly LicenseFileAlgorithm[] = [
  "aes-256-gcm+ed25519",
  "aes-256-gcm+rsa-pss-sha256",
  "aes-256-gcm+rsa-sha256",
  "base64+ed25519",
  "base64+rsa-pss-sha256",
  "base64+rsa-sha256",
];

/** The two halves of a license file algorithm. */
export interface LicenseFileAlgorithmParts {
  /** true for `aes-256-gcm+…`: `enc` is `b64(ciphertext).b64(iv).b64(tag)`. */
  encrypted: boolean;
  signature: SignatureAlgorithm;
}

const PARTS: Readonly<Record<LicenseFileAlgorithm, LicenseFileAlgorithmParts>> = {
  "aes-256-gcm+ed25519": { encrypted: true, signature: "ed25519" },
  "aes-256-gcm+rsa-pss-sha256": { encrypted: true, signature: "rsa-pss-sha256" },
  "aes-256-gcm+rsa-sha256": { encrypted: true, signature: "rsa-sha256" },
  "base64+ed25519": { encrypted: false, signature: "ed25519" },
  "base64+rsa-pss-sha256": { encrypted: false, signature: "rsa-pss-sha256" },
  "base64+rsa-sha256": { encrypted: false, signature: "rsa-sha256" },
};

export function isLicenseFileAlgorithm(value: unknown): value is LicenseFileAlgorithm {
  return typeof value === "string" && Object.hasOwn(PARTS, value);
}

/** Splits an `alg` value; throws FormatError UNSUPPORTED_ALGORITHM for anything unknown. */
export function parseLicenseFileAlgorithm(value: string): LicenseFileAlgorithmParts {
  if (!isLicenseFileAlgorithm(value)) {
    throw new FormatError(
      "UNSUPPORTED_ALGORITHM",
      `unsupported license file algorithm ${JSON.stringify(String(value)).slice(0, 80)}`,
    );
  }
  return { ...PARTS[value] };
}

/** The `alg` for a signature algorithm, encrypted (`aes-256-gcm+…`) or not (`base64+…`). */
export function licenseFileAlgorithm(
  signature: SignatureAlgorithm,
  encrypted: boolean,
): LicenseFileAlgorithm {
  const algorithm = `${encrypted ? "aes-256-gcm" : "base64"}+${signature}`;
  if (!isLicenseFileAlgorithm(algorithm)) {
    throw new FormatError(
      "UNSUPPORTED_ALGORITHM",
      `unsupported signature algorithm ${JSON.stringify(String(signature)).slice(0, 80)}`,
    );
  }
  return algorithm;
}

/**
 * The default `alg` of files for a license whose policy has this key scheme (null: plain-text
 * keys), per seed 004's mapping table: e.g. RSA_2048_PKCS1_PSS_SIGN_V2 → `…+rsa-pss-sha256`.
 * Throws FormatError UNSUPPORTED_ALGORITHM for an unknown scheme.
 */
export function licenseFileAlgorithmFor(
  scheme: KeyScheme | null | undefined,
  encrypted: boolean,
): LicenseFileAlgorithm {
  if (scheme !== null && scheme !== undefined && !isKeyScheme(scheme)) {
    throw new FormatError(
      "UNSUPPORTED_ALGORITHM",
      `unknown license key scheme ${JSON.stringify(String(scheme)).slice(0, 80)}`,
    );
  }
  return licenseFileAlgorithm(licenseFileSignatureFor(scheme), encrypted);
}
