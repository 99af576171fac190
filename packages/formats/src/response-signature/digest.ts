// The Digest header (`sha-256=<base64(sha256(body))>`) that binds the body to the signature.
import { webCrypto } from "../crypto/web-crypto.js";
import { base64Decode, base64Encode } from "../encoding/base64.js";
import { utf8Encode } from "../encoding/bytes.js";
import { attemptSync, fail, type Result } from "../errors.js";

const DIGEST_PREFIX = "sha-256=";

/** The bytes a body is hashed as: strings as UTF-8. */
export function bodyBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === "string" ? utf8Encode(body) : body;
}

/** The Digest header value of a SHA-256 hash: `sha-256=<base64>`. */
export function digestHeader(sha256: Uint8Array): string {
  return DIGEST_PREFIX + base64Encode(sha256);
}

/** The Digest header value of a body: `sha-256=<base64(sha256(body))>`; strings hash as UTF-8. */
export async function responseDigest(
  body: Uint8Array | string,
  crypto = webCrypto,
): Promise<string> {
  return digestHeader(await crypto.sha256(bodyBytes(body)));
}

/** The SHA-256 hash a Digest header holds: BAD_FORMAT / BAD_ENCODING when it holds none. */
export function parseDigest(value: string): Result<Uint8Array> {
  if (typeof value !== "string" || !/^sha-256=/i.test(value)) {
    return fail("BAD_FORMAT", "Digest header must be sha-256=<base64>");
  }
  const bytes = attemptSync(() => base64Decode(value.slice(DIGEST_PREFIX.length)));
  if (!bytes.ok) return bytes;
  if (bytes.value.length !== 32) return fail("BAD_FORMAT", "Digest header is not a SHA-256 digest");
  return bytes;
}
