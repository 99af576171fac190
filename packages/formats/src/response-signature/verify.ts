// Verifying a signed response (client side).
import type { SignatureAlgorithm, VerifyOptions } from "../crypto/provider.js";
import { keyTypeOf, SIGNATURE_ALGORITHMS } from "../crypto/provider.js";
import { webCrypto } from "../crypto/web-crypto.js";
import { constantTimeEqual, utf8Encode } from "../encoding/bytes.js";
import { attemptSync, fail, ok, type Result } from "../errors.js";
import type { PublicKey } from "../keys/public-key.js";
import { bodyBytes, parseDigest } from "./digest.js";
import { checkFreshness, type FreshnessOptions, parseHttpDate } from "./http-date.js";
import { parseSignatureHeader } from "./signature-header.js";
import { buildSigningString, SIGNED_HEADERS } from "./signing-string.js";

export interface VerifyResponseSignatureOptions extends VerifyOptions, FreshnessOptions {
  /** Method of the request the response answers. */
  method: string;
  /** Path and query of that request. */
  target: string;
  /** Host the request was sent to. */
  host: string;
  /** The response's Date header. */
  date: string;
  /** The response's Digest header. */
  digest: string;
  /** The response's Signature header value. */
  signature: string;
  /** The response body exactly as received (strings are hashed as UTF-8). */
  body: Uint8Array | string;
  publicKey: PublicKey;
  /** The algorithm the client expects; a header naming another one is WRONG_ALGORITHM. */
  algorithm: SignatureAlgorithm;
  /** When given, the header's keyid must equal it (MISMATCH otherwise). */
  keyId?: string;
}

export interface VerifiedResponse {
  keyId: string;
  /** The signed Date header, parsed. */
  date: Date;
}

/**
 * Verifies a signed response. Checks, in this order:
 *  1. the Signature header parses (BAD_FORMAT / BAD_ENCODING / UNSUPPORTED_ALGORITHM) and its
 *     headers list is exactly `(request-target) host date digest` (BAD_FORMAT);
 *  2. its algorithm is the expected one (WRONG_ALGORITHM), its keyid the expected one if given
 *     (MISMATCH), and the public key fits the algorithm (BAD_KEY);
 *  3. the Date header is an IMF-fixdate (BAD_FORMAT) and the Digest header is
 *     `sha-256=<base64 of 32 bytes>` (BAD_FORMAT / BAD_ENCODING);
 *  4. the Digest matches the body — a body that differs from what was signed is BAD_SIGNATURE,
 *     like any other tampering, so callers need one branch for "not authentic";
 *  5. the signature verifies over the signing string (BAD_SIGNATURE);
 *  6. only then freshness: older than maxAgeSeconds → EXPIRED; later than now + clock skew
 *     (default 300 s) → ISSUED_IN_FUTURE.
 * The keyid is not covered by the signature (it only tells which key to use): pass `keyId` to
 * pin it, and always pass the public key you trust for it. Never throws on bad input.
 */
export async function verifyResponseSignature(
  options: VerifyResponseSignatureOptions,
): Promise<Result<VerifiedResponse>> {
  const parsed = parseSignatureHeader(options.signature);
  if (!parsed.ok) return parsed;
  const header = parsed.value;
  if (
    header.headers.length !== SIGNED_HEADERS.length ||
    header.headers.some((name, i) => name !== SIGNED_HEADERS[i])
  ) {
    return fail(
      "BAD_FORMAT",
      `signed headers are "${header.headers.join(" ")}", expected "${SIGNED_HEADERS.join(" ")}"`,
    );
  }
  if (!SIGNATURE_ALGORITHMS.includes(options.algorithm)) {
    return fail("UNSUPPORTED_ALGORITHM", `unknown expected algorithm ${options.algorithm}`);
  }
  if (header.algorithm !== options.algorithm) {
    return fail(
      "WRONG_ALGORITHM",
      `signed with ${header.algorithm}, expected ${options.algorithm}`,
    );
  }
  if (options.keyId !== undefined && header.keyId !== options.keyId) {
    return fail("MISMATCH", `signed by key ${header.keyId}, expected ${options.keyId}`);
  }
  if (options.publicKey.type !== keyTypeOf(options.algorithm)) {
    return fail("BAD_KEY", `${options.algorithm} needs an ${keyTypeOf(options.algorithm)} key`);
  }
  const date = typeof options.date === "string" ? parseHttpDate(options.date) : null;
  if (!date) return fail("BAD_FORMAT", "Date header is not an RFC 7231 IMF-fixdate");
  const digest = parseDigest(options.digest);
  if (!digest.ok) return digest;

  const crypto = options.crypto ?? webCrypto;
  const signingString = attemptSync(() => buildSigningString(options));
  if (!signingString.ok) return signingString;
  if (typeof options.body !== "string" && !(options.body instanceof Uint8Array)) {
    return fail("BAD_FORMAT", "body must be a string or bytes");
  }
  const actual = await crypto.sha256(bodyBytes(options.body));
  if (!constantTimeEqual(actual, digest.value)) {
    return fail("BAD_SIGNATURE", "the body does not match the signed Digest header");
  }
  const valid = await crypto.verify(
    header.algorithm,
    options.publicKey,
    header.signature,
    utf8Encode(signingString.value),
  );
  if (!valid) return fail("BAD_SIGNATURE", "response signature does not verify");
  const fresh = checkFreshness(date, options);
  if (!fresh.ok) return fresh;
  return ok({ keyId: header.keyId, date });
}
