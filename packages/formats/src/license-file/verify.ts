import type { VerifyCrypto, VerifyOptions } from "../crypto/provider.js";
import { keyTypeOf } from "../crypto/provider.js";
import { webCrypto } from "../crypto/web-crypto.js";
import { base64Decode } from "../encoding/base64.js";
import { isRecord, parseJson, utf8Decode, utf8Encode } from "../encoding/bytes.js";
import { FormatError, type FormatErrorCode, type Result } from "../errors.js";
import {
  isKeySet,
  keysToTry,
  noTrustedKey,
  type TrustedKeys,
  withEachKey,
} from "../keys/key-set.js";
import { type PublicKey, rsaPublicNumbers } from "../keys/public-key.js";
import {
  isLicenseFileAlgorithm,
  type LicenseFileAlgorithm,
  parseLicenseFileAlgorithm,
} from "./algorithms.js";
import { decodeCertificate, type FileKind, isFileKind } from "./certificate.js";
import { checkLicenseFileDocument, type LicenseFileDocument, timestampMillis } from "./document.js";
import { secretInput, splitEnc } from "./encryption.js";

export interface VerifyLicenseFileOptions extends VerifyOptions {
  /**
   * The algorithm the caller expects (required, as seed 004 insists): a file declaring any other
   * `alg` is rejected with WRONG_ALGORITHM before its signature is looked at.
   */
  algorithm: LicenseFileAlgorithm;
  /** The expected kind; a file of the other kind is rejected with BAD_FORMAT. Any kind if omitted. */
  kind?: FileKind;
  /** The license key: the decryption secret of `aes-256-gcm+…` files. */
  licenseKey?: string;
  /** The machine's fingerprint: with the license key, the secret of encrypted machine files. */
  fingerprint?: string;
  /** The time to check meta.issued and meta.expiry against; the system clock if omitted. */
  now?: Date;
}

/** A license or machine file whose signature verified and whose validity window holds. */
export interface VerifiedLicenseFile {
  kind: FileKind;
  algorithm: LicenseFileAlgorithm;
  document: LicenseFileDocument;
}

/**
 * Why a license file was rejected. For EXPIRED and ISSUED_IN_FUTURE the signature verified and
 * the file decrypted, so `document` holds its authentic contents (to show "expired on …" or to
 * ask for a fresh checkout); for every other code `document` is undefined.
 */
export class LicenseFileError extends FormatError {
  constructor(
    code: FormatErrorCode,
    message: string,
    readonly document?: LicenseFileDocument,
  ) {
    super(code, message);
  }
}

export type LicenseFileResult = Result<VerifiedLicenseFile, LicenseFileError>;

/**
 * Verifies a license or machine file certificate and returns its document. Never throws on any
 * input; the failure's code says what went wrong, checked in this order:
 *
 * 1. options: unknown expected algorithm → UNSUPPORTED_ALGORITHM; bad kind or `now` → BAD_FORMAT
 * 2. armor and payload → BAD_FORMAT / BAD_ENCODING
 * 3. the file's kind differs from `options.kind` → BAD_FORMAT
 * 4. `alg` unknown → UNSUPPORTED_ALGORITHM; known but not `options.algorithm` → WRONG_ALGORITHM
 * 5. the public key does not fit the algorithm → BAD_KEY
 * 6. `sig` over `<kind>/<enc>` → BAD_ENCODING (not Base64) / BAD_SIGNATURE
 * 7. decrypt (`aes-256-gcm+…`; no or wrong license key or fingerprint → CANNOT_DECRYPT) or
 *    Base64-decode (`base64+…`) → the JSON document with data and meta → BAD_FORMAT
 * 8. meta.issued after `now` (clock set back) → ISSUED_IN_FUTURE, with `error.document`
 * 9. meta.expiry before `now` → EXPIRED, with `error.document`
 */
export async function verifyLicenseFile(
  certificate: string,
  publicKey: TrustedKeys,
  options: VerifyLicenseFileOptions,
): Promise<LicenseFileResult> {
  if (isKeySet(publicKey)) {
    // The payload's `kid` member names the key (SPEC X7); files before rotation have none.
    const algorithm = isRecord(options) ? options.algorithm : undefined;
    const type = isLicenseFileAlgorithm(algorithm)
      ? keyTypeOf(parseLicenseFileAlgorithm(algorithm).signature)
      : undefined;
    let kid: string | undefined;
    try {
      kid = decodeCertificate(certificate).kid;
    } catch {
      kid = undefined;
    }
    return withEachKey(
      keysToTry(publicKey, type, kid),
      (key) => verifyLicenseFile(certificate, key, options),
      () => {
        const error = noTrustedKey(type);
        return { ok: false, error: new LicenseFileError(error.code, error.message) };
      },
    );
  }
  try {
    return { ok: true, value: await verifyOrThrow(certificate, publicKey, options) };
  } catch (error) {
    if (error instanceof LicenseFileError) return { ok: false, error };
    if (error instanceof FormatError) {
      return { ok: false, error: new LicenseFileError(error.code, error.message) };
    }
    throw error;
  }
}

async function verifyOrThrow(
  certificate: string,
  publicKey: PublicKey,
  options: VerifyLicenseFileOptions,
): Promise<VerifiedLicenseFile> {
  const expected = isRecord(options) ? options.algorithm : undefined;
  if (!isLicenseFileAlgorithm(expected)) {
    throw new FormatError(
      "UNSUPPORTED_ALGORITHM",
      "options.algorithm must name the expected license file algorithm, e.g. aes-256-gcm+ed25519",
    );
  }
  const { kind: expectedKind, licenseKey, fingerprint } = options;
  if (expectedKind !== undefined && !isFileKind(expectedKind)) {
    throw new FormatError("BAD_FORMAT", "options.kind must be license or machine");
  }
  const now = options.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new FormatError("BAD_FORMAT", "options.now must be a valid Date");
  }
  const crypto: VerifyCrypto = options.crypto ?? webCrypto;

  const { kind, enc, sig, alg } = decodeCertificate(certificate);
  if (expectedKind !== undefined && kind !== expectedKind) {
    throw new FormatError("BAD_FORMAT", `expected a ${expectedKind} file, got a ${kind} file`);
  }
  // Throws UNSUPPORTED_ALGORITHM for an alg Keyward does not know.
  const { encrypted, signature: signatureAlgorithm } = parseLicenseFileAlgorithm(alg);
  if (alg !== expected) {
    throw new FormatError(
      "WRONG_ALGORITHM",
      `license file algorithm is ${alg}, expected ${expected}`,
    );
  }
  checkKey(publicKey, keyTypeOf(signatureAlgorithm));

  const signature = base64Decode(sig);
  let valid: boolean;
  try {
    valid = await crypto.verify(
      signatureAlgorithm,
      publicKey,
      signature,
      utf8Encode(`${kind}/${enc}`),
    );
  } catch {
    throw new FormatError("BAD_KEY", "the public key could not be used to verify the signature");
  }
  if (!valid) throw new FormatError("BAD_SIGNATURE", "license file signature does not verify");

  const plaintext = encrypted
    ? await decrypt(crypto, kind, enc, licenseKey, fingerprint)
    : base64Decode(enc);
  const document = checkLicenseFileDocument(
    parseJson(utf8Decode(plaintext), "license file document"),
  );

  const nowMillis = now.getTime();
  const { issued, expiry } = document.meta;
  if (timestampMillis(issued) > nowMillis) {
    throw new LicenseFileError(
      "ISSUED_IN_FUTURE",
      `license file was issued at ${issued}, after the current time ${now.toISOString()}: ` +
        "the system clock may have been set back",
      document,
    );
  }
  if (expiry !== null && timestampMillis(expiry) < nowMillis) {
    throw new LicenseFileError("EXPIRED", `license file expired at ${expiry}`, document);
  }
  return { kind, algorithm: expected, document };
}

function checkKey(key: PublicKey, type: PublicKey["type"]): void {
  if (!isRecord(key) || !(key.spki instanceof Uint8Array)) {
    throw new FormatError("BAD_KEY", "publicKey is not a PublicKey (use parsePublicKey)");
  }
  if (key.type !== type) {
    throw new FormatError(
      "BAD_KEY",
      `this license file needs an ${type} public key, got ${key.type}`,
    );
  }
  if (type === "rsa") {
    try {
      rsaPublicNumbers(key);
    } catch {
      throw new FormatError("BAD_KEY", "publicKey is not a valid RSA public key");
    }
  }
}

async function decrypt(
  crypto: VerifyCrypto,
  kind: FileKind,
  enc: string,
  licenseKey: string | undefined,
  fingerprint: string | undefined,
): Promise<Uint8Array> {
  const secret = secretInput(kind, licenseKey, fingerprint);
  if (!secret.ok) {
    throw new FormatError(
      "CANNOT_DECRYPT",
      `an encrypted ${kind} file needs the ${secret.missing} to decrypt`,
    );
  }
  const { ciphertext, iv, tag } = splitEnc(enc);
  const key = await crypto.sha256(secret.bytes);
  let plaintext: Uint8Array | null;
  try {
    plaintext = await crypto.aesGcmDecrypt(key, iv, ciphertext, tag);
  } catch {
    plaintext = null;
  }
  if (plaintext === null) {
    throw new FormatError(
      "CANNOT_DECRYPT",
      kind === "machine"
        ? "cannot decrypt the machine file: wrong license key or fingerprint"
        : "cannot decrypt the license file: wrong license key",
    );
  }
  return plaintext;
}
