import { base64Decode, base64Encode } from "../encoding/base64.js";
import { utf8Encode } from "../encoding/bytes.js";
import { FormatError } from "../errors.js";
import type { FileKind } from "./certificate.js";

// The AES-256-GCM envelope of encrypted files (seed 004, "License file decryption"):
// secret = sha256(license key) for license files, sha256(license key + fingerprint) for machine
// files; enc = b64(ciphertext).b64(iv).b64(tag), 96-bit IV, 128-bit tag, no additional data.
// Pure: the hashing and the cipher are done by the caller's crypto.

export interface SealedEnc {
  ciphertext: Uint8Array;
  iv: Uint8Array;
  tag: Uint8Array;
}

/** What is missing to derive the secret, or the bytes to hash into it. */
export type SecretInput =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; missing: "license key" | "fingerprint" };

/** The bytes whose SHA-256 is the AES key of a file of this kind. */
export function secretInput(
  kind: FileKind,
  licenseKey?: string,
  fingerprint?: string,
): SecretInput {
  if (typeof licenseKey !== "string" || licenseKey.length === 0) {
    return { ok: false, missing: "license key" };
  }
  if (kind === "license") return { ok: true, bytes: utf8Encode(licenseKey) };
  if (typeof fingerprint !== "string" || fingerprint.length === 0) {
    return { ok: false, missing: "fingerprint" };
  }
  return { ok: true, bytes: utf8Encode(licenseKey + fingerprint) };
}

export function joinEnc(sealed: SealedEnc): string {
  return [sealed.ciphertext, sealed.iv, sealed.tag].map(base64Encode).join(".");
}

/** Splits an encrypted `enc`; BAD_FORMAT without exactly three parts, BAD_ENCODING for bad Base64. */
export function splitEnc(enc: string): SealedEnc {
  const parts = enc.split(".");
  if (parts.length !== 3) {
    throw new FormatError(
      "BAD_FORMAT",
      "encrypted enc must be three Base64 parts: ciphertext.iv.tag",
    );
  }
  const [ciphertext, iv, tag] = parts.map((part) => base64Decode(part));
  return { ciphertext: ciphertext!, iv: iv!, tag: tag! };
}
