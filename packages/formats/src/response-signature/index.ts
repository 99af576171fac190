/**
 * Response signatures (SPEC K7, validation caching): the server signs each response in Keygen's
 * signing-string form so a client can cache the response and verify it offline later.
 *
 * Headers the server adds:
 *
 *   Date:      Wed, 09 Jun 2021 16:08:15 GMT
 *   Digest:    sha-256=<base64(sha256(body))>
 *   Signature: keyid="<key id>", algorithm="ed25519", signature="<base64>",
 *              headers="(request-target) host date digest"
 *
 * The signature covers these four lines joined by "\n" (no trailing newline):
 *
 *   (request-target): <lowercase method> <path with query>
 *   host: <host>
 *   date: <Date header>
 *   digest: <Digest header>
 *
 * Everything here is browser-safe (WebCrypto by default); signing is in `./node.ts`.
 */
import type { SignatureAlgorithm, VerifyOptions } from "../crypto/provider.js";
import { keyTypeOf, SIGNATURE_ALGORITHMS } from "../crypto/provider.js";
import { webCrypto } from "../crypto/web-crypto.js";
import { base64Decode, base64Encode } from "../encoding/base64.js";
import { constantTimeEqual, utf8Encode } from "../encoding/bytes.js";
import { FormatError, fail, isFormatError, ok, type Result } from "../errors.js";
import type { PublicKey } from "../keys/public-key.js";
import { checkFreshness, type FreshnessOptions, parseHttpDate } from "./http-date.js";

export type { FreshnessOptions } from "./http-date.js";
export { DEFAULT_CLOCK_SKEW_SECONDS, formatHttpDate, parseHttpDate } from "./http-date.js";

/** The signed headers, in signing-string order. Keyward signs and accepts exactly this list. */
export const SIGNED_HEADERS: readonly string[] = ["(request-target)", "host", "date", "digest"];

/** The values a signing string is built from, all taken verbatim except the method. */
export interface SigningStringParts {
  /** HTTP method of the request that produced the response; lower-cased in the string. */
  method: string;
  /** Request target: path plus query string, e.g. `/v1/licenses/actions/validate-key?x=1`. */
  target: string;
  /** Host the request was sent to, e.g. `licensing.example.com`. */
  host: string;
  /** The Date header value (IMF-fixdate). */
  date: string;
  /** The Digest header value, `sha-256=<base64>`. */
  digest: string;
}

/**
 * The exact text that is signed. Throws FormatError(BAD_FORMAT) for an empty part or one that
 * contains a line break (it would make the signing string ambiguous).
 */
export function buildSigningString(parts: SigningStringParts): string {
  for (const name of ["method", "target", "host", "date", "digest"] as const) {
    const value = parts[name];
    if (typeof value !== "string" || value === "") {
      throw new FormatError("BAD_FORMAT", `signing string: ${name} is missing`);
    }
    if (/[\r\n]/.test(value)) {
      throw new FormatError("BAD_FORMAT", `signing string: ${name} contains a line break`);
    }
  }
  return [
    `(request-target): ${parts.method.toLowerCase()} ${parts.target}`,
    `host: ${parts.host}`,
    `date: ${parts.date}`,
    `digest: ${parts.digest}`,
  ].join("\n");
}

function bodyBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === "string" ? utf8Encode(body) : body;
}

/** The Digest header value of a body: `sha-256=<base64(sha256(body))>`; strings hash as UTF-8. */
export async function responseDigest(
  body: Uint8Array | string,
  crypto = webCrypto,
): Promise<string> {
  return `sha-256=${base64Encode(await crypto.sha256(bodyBytes(body)))}`;
}

export interface SignatureHeaderParams {
  /** Identifies the signing key (Keyward: the signing key id; Keygen: the account id). */
  keyId: string;
  algorithm: SignatureAlgorithm;
  /** Raw signature bytes; written as standard Base64. */
  signature: Uint8Array;
}

export interface ParsedSignatureHeader {
  keyId: string;
  algorithm: SignatureAlgorithm;
  signature: Uint8Array;
  /** The `headers` parameter split on whitespace, lower-cased. */
  headers: string[];
}

/**
 * `keyid="…", algorithm="…", signature="…", headers="(request-target) host date digest"`.
 * Throws FormatError(BAD_FORMAT) for a key id that cannot be quoted (quote, backslash, control
 * character) or is empty.
 */
export function formatSignatureHeader(params: SignatureHeaderParams): string {
  if (params.keyId === "" || !quotable(params.keyId)) {
    throw new FormatError("BAD_FORMAT", "key id must be non-empty printable text without quotes");
  }
  if (!SIGNATURE_ALGORITHMS.includes(params.algorithm)) {
    throw new FormatError("UNSUPPORTED_ALGORITHM", `unknown algorithm ${params.algorithm}`);
  }
  return (
    `keyid="${params.keyId}", algorithm="${params.algorithm}", ` +
    `signature="${base64Encode(params.signature)}", headers="${SIGNED_HEADERS.join(" ")}"`
  );
}

/** Whether text may stand in a quoted parameter: no `"`, `\\` nor control characters. */
function quotable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x22 || code === 0x5c) return false;
  }
  return true;
}
const TOKEN = /[A-Za-z0-9_-]/;
const REQUIRED_PARAMS = ["keyid", "algorithm", "signature", "headers"] as const;

/**
 * Parses a Signature header. Tolerant of optional whitespace around `=` and `,`, and of
 * parameter-name case; unknown parameters are ignored. Strict on the rest: every value quoted,
 * keyid/algorithm/signature/headers present once and non-empty, signature standard Base64.
 * Errors: BAD_FORMAT, BAD_ENCODING (signature), UNSUPPORTED_ALGORITHM (unknown algorithm).
 */
export function parseSignatureHeader(header: string): Result<ParsedSignatureHeader> {
  if (typeof header !== "string") return fail("BAD_FORMAT", "signature header is missing");
  const params = new Map<string, string>();
  let i = 0;
  const skipSpace = () => {
    while (header[i] === " " || header[i] === "\t") i++;
  };
  skipSpace();
  if (i === header.length) return fail("BAD_FORMAT", "signature header is empty");
  while (true) {
    skipSpace();
    const nameStart = i;
    while (i < header.length && TOKEN.test(header[i]!)) i++;
    if (i === nameStart) return fail("BAD_FORMAT", `signature header: expected a name at ${i}`);
    const name = header.slice(nameStart, i).toLowerCase();
    skipSpace();
    if (header[i] !== "=") return fail("BAD_FORMAT", `signature header: expected = after ${name}`);
    i++;
    skipSpace();
    if (header[i] !== '"') return fail("BAD_FORMAT", `signature header: ${name} is not quoted`);
    const end = header.indexOf('"', i + 1);
    if (end < 0) return fail("BAD_FORMAT", `signature header: ${name} is not closed`);
    const value = header.slice(i + 1, end);
    if (!quotable(value)) {
      return fail("BAD_FORMAT", `signature header: ${name} holds a control character or \\`);
    }
    if (params.has(name)) return fail("BAD_FORMAT", `signature header: ${name} given twice`);
    params.set(name, value);
    i = end + 1;
    skipSpace();
    if (i === header.length) break;
    if (header[i] !== ",") return fail("BAD_FORMAT", `signature header: expected , at ${i}`);
    i++;
  }
  for (const name of REQUIRED_PARAMS) {
    if (!params.get(name)) return fail("BAD_FORMAT", `signature header: ${name} is missing`);
  }
  const algorithm = params.get("algorithm")!;
  if (!SIGNATURE_ALGORITHMS.includes(algorithm as SignatureAlgorithm)) {
    return fail("UNSUPPORTED_ALGORITHM", `signature header: unknown algorithm ${algorithm}`);
  }
  let signature: Uint8Array;
  try {
    signature = base64Decode(params.get("signature")!);
  } catch (error) {
    if (isFormatError(error)) return { ok: false, error };
    throw error;
  }
  const headers = params
    .get("headers")!
    .trim()
    .split(/[ \t]+/);
  if (headers[0] === "") return fail("BAD_FORMAT", "signature header: headers is empty");
  return ok({
    keyId: params.get("keyid")!,
    algorithm: algorithm as SignatureAlgorithm,
    signature,
    headers: headers.map((h) => h.toLowerCase()),
  });
}

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
  let signingString: string;
  try {
    signingString = buildSigningString(options);
  } catch (error) {
    if (isFormatError(error)) return { ok: false, error };
    throw error;
  }
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
    utf8Encode(signingString),
  );
  if (!valid) return fail("BAD_SIGNATURE", "response signature does not verify");
  const fresh = checkFreshness(date, options);
  if (!fresh.ok) return fresh;
  return ok({ keyId: header.keyId, date });
}

function parseDigest(value: string): Result<Uint8Array> {
  if (typeof value !== "string" || !/^sha-256=/i.test(value)) {
    return fail("BAD_FORMAT", "Digest header must be sha-256=<base64>");
  }
  let bytes: Uint8Array;
  try {
    bytes = base64Decode(value.slice("sha-256=".length));
  } catch (error) {
    if (isFormatError(error)) return { ok: false, error };
    throw error;
  }
  if (bytes.length !== 32) return fail("BAD_FORMAT", "Digest header is not a SHA-256 digest");
  return ok(bytes);
}
