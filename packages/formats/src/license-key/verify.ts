import type { SignatureAlgorithm, VerifyCrypto, VerifyOptions } from "../crypto/provider.js";
import { rsaPublicDecrypt } from "../crypto/rsa-public.js";
import { webCrypto } from "../crypto/web-crypto.js";
import { base64urlDecode } from "../encoding/base64.js";
import { isRecord, parseJson, utf8Decode, utf8Encode } from "../encoding/bytes.js";
import { attempt, FormatError, type Result } from "../errors.js";
import {
  isKeySet,
  keysToTry,
  noTrustedKey,
  type TrustedKeys,
  withEachKey,
} from "../keys/key-set.js";
import { type PublicKey, rsaPublicNumbers } from "../keys/public-key.js";
import { splitSignedToken } from "../signed-token.js";
import { KEY_SIGNING_PREFIX, SIGNED_KEY_TOKEN } from "./format.js";
import {
  isKeyScheme,
  type KeyScheme,
  keyLayoutOf,
  keySignatureFor,
  keyTypeOfScheme,
} from "./schemes.js";

export interface VerifyLicenseKeyOptions extends VerifyOptions {
  /**
   * The scheme of the policy the key belongs to. Required: the key itself does not say how it
   * was made, and guessing would let a forger pick the weakest interpretation.
   */
  scheme: KeyScheme;
  /** RSA_2048_JWT_RS256 only: the time `exp`, `nbf` and `iat` are checked against. */
  now?: Date;
  /**
   * RSA_2048_JWT_RS256 only: seconds of clock difference tolerated for `exp`, `nbf` and `iat`.
   * Default 0: a key is expired at `exp` and not yet valid before `nbf`/`iat`, exactly.
   */
  clockToleranceSeconds?: number;
  /** RSA_2048_JWT_RS256 only: when set, the `iss` claim must equal it (else MISMATCH). */
  issuer?: string;
  /** RSA_2048_JWT_RS256 only: when set, `aud` must equal it or, if a list, contain it. */
  audience?: string;
}

export interface VerifiedLicenseKey {
  scheme: KeyScheme;
  /** The embedded dataset (for JWTs: the claims JSON), as the text it was signed as. */
  dataset: string;
  /** RSA_2048_JWT_RS256 only: the parsed claims. */
  claims?: Record<string, unknown>;
}

/**
 * Verifies (or, for RSA_2048_PKCS1_ENCRYPT, decrypts) a cryptographic license key with the
 * account's public key and returns its embedded dataset. Never throws on any input; failures:
 * - UNSUPPORTED_ALGORITHM: `options.scheme` is not a known scheme
 * - BAD_KEY: the public key is not of the scheme's type (Ed25519 vs RSA)
 * - BAD_FORMAT: not shaped like a key of the scheme (prefix, number of parts, JWT header/claims)
 * - WRONG_ALGORITHM: a JWT whose header declares an algorithm other than RS256
 * - BAD_ENCODING: invalid base64url or UTF-8
 * - BAD_SIGNATURE: the signature does not verify with this public key
 * - CANNOT_DECRYPT: RSA_2048_PKCS1_ENCRYPT key not made with this key pair, or corrupted
 * - EXPIRED / ISSUED_IN_FUTURE / MISMATCH: a validly signed JWT whose exp has passed, whose
 *   nbf/iat lies after `now`, or whose iss/aud differs from `options.issuer`/`audience`.
 * Signed datasets (non-JWT) are returned as they are; checking an expiry inside them is up to
 * the caller, since their content is the vendor's choice.
 */
export function verifyLicenseKey(
  key: string,
  publicKey: TrustedKeys,
  options: VerifyLicenseKeyOptions,
): Promise<Result<VerifiedLicenseKey>> {
  if (isKeySet(publicKey)) {
    // A signed license key names no key (SPEC X7): each trusted key of the scheme's type is
    // tried, one verification each on a failure.
    const scheme: unknown = options?.scheme;
    const type = isKeyScheme(scheme) ? keyTypeOfScheme(scheme) : undefined;
    return withEachKey(
      keysToTry(publicKey, type, undefined),
      (one) => verifyLicenseKey(key, one, options),
      () => ({ ok: false, error: noTrustedKey(type) }),
      ["BAD_SIGNATURE", "BAD_KEY", "CANNOT_DECRYPT"],
    );
  }
  return attempt(() => verify(key, publicKey, options));
}

async function verify(
  key: unknown,
  publicKey: PublicKey,
  options: VerifyLicenseKeyOptions,
): Promise<VerifiedLicenseKey> {
  const scheme: unknown = options?.scheme;
  if (!isKeyScheme(scheme)) {
    throw new FormatError("UNSUPPORTED_ALGORITHM", `unknown license key scheme ${String(scheme)}`);
  }
  const keyType = keyTypeOfScheme(scheme);
  if (publicKey?.type !== keyType || !(publicKey.spki instanceof Uint8Array)) {
    throw new FormatError("BAD_KEY", `${scheme} keys are verified with an ${keyType} public key`);
  }
  if (typeof key !== "string" || key.length === 0) {
    throw new FormatError("BAD_FORMAT", "license key must be a non-empty string");
  }
  const crypto = options.crypto ?? webCrypto;
  const signature = keySignatureFor(scheme);
  switch (keyLayoutOf(scheme)) {
    case "signed":
      return { scheme, dataset: await verifySigned(key, publicKey, signature!, crypto) };
    case "signed-legacy":
      return { scheme, dataset: await verifyLegacy(key, publicKey, signature!, crypto) };
    case "encrypted":
      return { scheme, dataset: decrypt(key, publicKey) };
    case "jwt":
      return { scheme, ...(await verifyJwt(key, publicKey, options, crypto)) };
  }
}

/** `key/<b64url dataset>.<b64url signature>`, signature over `key/<b64url dataset>`. */
async function verifySigned(
  key: string,
  publicKey: PublicKey,
  algorithm: SignatureAlgorithm,
  crypto: VerifyCrypto,
): Promise<string> {
  const { encodedDataset, encodedSignature, signingData } = splitSignedToken(key, SIGNED_KEY_TOKEN);
  const dataset = decodePart(encodedDataset, "dataset");
  const signature = decodePart(encodedSignature, "signature");
  await checkSignature(crypto, algorithm, publicKey, signature, signingData);
  return utf8Decode(dataset);
}

/** Deprecated `<b64url dataset>.<b64url signature>`, signature over the dataset itself. */
async function verifyLegacy(
  key: string,
  publicKey: PublicKey,
  algorithm: SignatureAlgorithm,
  crypto: VerifyCrypto,
): Promise<string> {
  if (key.startsWith(KEY_SIGNING_PREFIX)) {
    throw new FormatError(
      "BAD_FORMAT",
      `a "${KEY_SIGNING_PREFIX}" key is not a legacy key: check the scheme (use its _V2 variant)`,
    );
  }
  const [encodedDataset, encodedSignature] = splitParts(key, 2, "legacy signed license key");
  const dataset = decodePart(encodedDataset, "dataset");
  const signature = decodePart(encodedSignature, "signature");
  await checkSignature(crypto, algorithm, publicKey, signature, dataset);
  return utf8Decode(dataset);
}

/** RSA_2048_PKCS1_ENCRYPT: the whole key is the base64url ciphertext. */
function decrypt(key: string, publicKey: PublicKey): string {
  if (key.includes(".") || key.includes("/")) {
    throw new FormatError("BAD_FORMAT", "an encrypted license key is a single base64url value");
  }
  return utf8Decode(rsaPublicDecrypt(publicKey, decodePart(key, "ciphertext")));
}

async function verifyJwt(
  key: string,
  publicKey: PublicKey,
  options: VerifyLicenseKeyOptions,
  crypto: VerifyCrypto,
): Promise<{ dataset: string; claims: Record<string, unknown> }> {
  const [encodedHeader, encodedPayload, encodedSignature] = splitParts(key, 3, "JWT");
  const parts = [encodedHeader, encodedPayload, encodedSignature];
  if (parts.some((part) => part.includes("="))) {
    throw new FormatError("BAD_ENCODING", "JWT parts are unpadded base64url (RFC 7515)");
  }
  const headerText = utf8Decode(decodePart(encodedHeader, "JWT header"));
  const payload = decodePart(encodedPayload, "JWT payload");
  const signature = decodePart(encodedSignature, "JWT signature");

  const header = parseJson(headerText, "JWT header");
  if (!isRecord(header)) throw new FormatError("BAD_FORMAT", "JWT header is not a JSON object");
  if (header.alg !== "RS256") {
    throw new FormatError("WRONG_ALGORITHM", `JWT alg must be RS256, got ${String(header.alg)}`);
  }
  if (header.typ !== undefined && String(header.typ).toUpperCase() !== "JWT") {
    throw new FormatError("BAD_FORMAT", `JWT typ must be "JWT", got ${String(header.typ)}`);
  }
  if (header.crit !== undefined) {
    throw new FormatError("BAD_FORMAT", "JWT header has critical extensions this verifier lacks");
  }

  const signingInput = utf8Encode(`${encodedHeader}.${encodedPayload}`);
  await checkSignature(crypto, "rsa-sha256", publicKey, signature, signingInput);

  const dataset = utf8Decode(payload);
  const claims = parseJson(dataset, "JWT claims");
  if (!isRecord(claims)) throw new FormatError("BAD_FORMAT", "JWT claims are not a JSON object");
  checkClaims(claims, options);
  return { dataset, claims };
}

function checkClaims(claims: Record<string, unknown>, options: VerifyLicenseKeyOptions): void {
  const now = options.now ?? new Date();
  const nowSeconds = now instanceof Date ? now.getTime() / 1000 : Number.NaN;
  if (!Number.isFinite(nowSeconds)) throw new FormatError("BAD_FORMAT", "now is not a valid date");
  const tolerance = options.clockToleranceSeconds ?? 0;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new FormatError("BAD_FORMAT", "clockToleranceSeconds must be a non-negative number");
  }
  const exp = numericDate(claims, "exp");
  const nbf = numericDate(claims, "nbf");
  const iat = numericDate(claims, "iat");
  if (exp !== undefined && exp + tolerance <= nowSeconds) {
    throw new FormatError("EXPIRED", `license key expired at ${isoOf(exp)}`);
  }
  for (const [name, value] of [
    ["nbf", nbf],
    ["iat", iat],
  ] as const) {
    if (value !== undefined && value - tolerance > nowSeconds) {
      throw new FormatError(
        "ISSUED_IN_FUTURE",
        `license key ${name} ${isoOf(value)} is after the current time (clock set back?)`,
      );
    }
  }
  if (options.issuer !== undefined && claims.iss !== options.issuer) {
    throw new FormatError("MISMATCH", `JWT iss ${String(claims.iss)} is not ${options.issuer}`);
  }
  if (options.audience !== undefined) {
    const aud = claims.aud;
    const matches = Array.isArray(aud) ? aud.includes(options.audience) : aud === options.audience;
    if (!matches) {
      throw new FormatError("MISMATCH", `JWT aud ${String(aud)} is not ${options.audience}`);
    }
  }
}

function numericDate(claims: Record<string, unknown>, name: string): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new FormatError("BAD_FORMAT", `JWT ${name} must be a number of seconds`);
  }
  return value;
}

function isoOf(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? `${seconds}s` : date.toISOString();
}

function splitParts(text: string, count: 2, what: string): [string, string];
function splitParts(text: string, count: 3, what: string): [string, string, string];
function splitParts(text: string, count: number, what: string): string[] {
  const parts = text.split(".");
  if (parts.length !== count) {
    throw new FormatError("BAD_FORMAT", `${what} must have ${count} "."-separated parts`);
  }
  return parts;
}

function decodePart(text: string, what: string): Uint8Array {
  try {
    return base64urlDecode(text);
  } catch (error) {
    if (error instanceof FormatError)
      throw new FormatError(error.code, `${what}: ${error.message}`);
    throw error;
  }
}

async function checkSignature(
  crypto: VerifyCrypto,
  algorithm: SignatureAlgorithm,
  publicKey: PublicKey,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<void> {
  // Lengths are checked here so that no provider ever sees a malformed signature.
  const length = algorithm === "ed25519" ? 64 : rsaPublicNumbers(publicKey).size;
  if (
    signature.length !== length ||
    !(await crypto.verify(algorithm, publicKey, signature, data))
  ) {
    throw new FormatError("BAD_SIGNATURE", "license key signature does not verify");
  }
}
