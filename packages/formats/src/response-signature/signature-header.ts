// The Signature header: `keyid="…", algorithm="…", signature="…", headers="…"`.
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from "../crypto/provider.js";
import { base64Decode, base64Encode } from "../encoding/base64.js";
import { attemptSync, FormatError, fail, ok, type Result } from "../errors.js";
import { SIGNED_HEADERS } from "./signing-string.js";

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
  const signature = attemptSync(() => base64Decode(params.get("signature")!));
  if (!signature.ok) return signature;
  const headers = params
    .get("headers")!
    .trim()
    .split(/[ \t]+/);
  if (headers[0] === "") return fail("BAD_FORMAT", "signature header: headers is empty");
  return ok({
    keyId: params.get("keyid")!,
    algorithm: algorithm as SignatureAlgorithm,
    signature: signature.value,
    headers: headers.map((h) => h.toLowerCase()),
  });
}
