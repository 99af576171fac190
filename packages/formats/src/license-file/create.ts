import { base64Encode } from "../encoding/base64.js";
import { utf8Encode } from "../encoding/bytes.js";
import { FormatError } from "../errors.js";
import { aesGcmEncrypt, sha256Sync, signBytes } from "../node/crypto.js";
import type { PrivateKey } from "../node/keys.js";
import { type LicenseFileAlgorithm, parseLicenseFileAlgorithm } from "./algorithms.js";
import { type FileKind, isFileKind, writeLicenseFileCertificate } from "./certificate.js";
import { licenseFileDocument, licenseFileMeta } from "./document.js";
import { joinEnc, secretInput } from "./encryption.js";

export interface CreateLicenseFileOptions {
  kind: FileKind;
  algorithm: LicenseFileAlgorithm;
  /** Ed25519 for `…+ed25519`, RSA for the `…+rsa-…` algorithms. */
  privateKey: PrivateKey;
  /** The license or machine resource, serialized as JSON. */
  data: unknown;
  /** Related resources (license, product, entitlements…), serialized as JSON. */
  included?: unknown[];
  /** Checkout time; now if omitted. */
  issued?: Date;
  /** Seconds from issued to expiry, 1 hour to 1 year; null for no expiry; 30 days if omitted. */
  ttl?: number | null;
  /** Required by `aes-256-gcm+…`: the secret is sha256(licenseKey [+ fingerprint]). */
  licenseKey?: string;
  /** Required by `aes-256-gcm+…` machine files. */
  fingerprint?: string;
  /** The signing key's id, written as the payload's `kid` member (SPEC X7). */
  keyId?: string;
}

/**
 * Checks out a license or machine file: the certificate text Keygen's verifiers and
 * verifyLicenseFile accept. Throws FormatError: UNSUPPORTED_ALGORITHM for an unknown algorithm,
 * BAD_FORMAT for a bad kind, data, issued or ttl, BAD_KEY for a private key that does not fit the
 * algorithm or a missing license key / fingerprint when encrypting.
 */
export function createLicenseFile(options: CreateLicenseFileOptions): string {
  const { kind, algorithm, privateKey, data, included, licenseKey, fingerprint } = options;
  if (!isFileKind(kind)) throw new FormatError("BAD_FORMAT", "kind must be license or machine");
  const { encrypted, signature } = parseLicenseFileAlgorithm(algorithm);
  const meta = licenseFileMeta(options.issued ?? new Date(), options.ttl);
  const document = licenseFileDocument(data, included, meta);
  let plaintext: Uint8Array;
  try {
    plaintext = utf8Encode(JSON.stringify(document));
  } catch {
    throw new FormatError("BAD_FORMAT", "license file data and included must be JSON-serializable");
  }

  let enc: string;
  if (encrypted) {
    const secret = secretInput(kind, licenseKey, fingerprint);
    if (!secret.ok) {
      throw new FormatError(
        "BAD_KEY",
        `encrypting a ${kind} file (${algorithm}) needs a non-empty ${secret.missing === "license key" ? "licenseKey" : "fingerprint"}`,
      );
    }
    enc = joinEnc(aesGcmEncrypt(sha256Sync(secret.bytes), plaintext));
  } else {
    enc = base64Encode(plaintext);
  }
  const sig = base64Encode(signBytes(signature, privateKey, utf8Encode(`${kind}/${enc}`)));
  return writeLicenseFileCertificate({ kind, enc, sig, alg: algorithm, kid: options.keyId });
}
