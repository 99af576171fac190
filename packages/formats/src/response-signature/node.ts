import type { SignatureAlgorithm } from "../crypto/provider.js";
import { sha256Sync, signBytes } from "../node/crypto.js";
import type { PrivateKey } from "../node/keys.js";
import { digestHeader } from "./digest.js";
import { formatHttpDate } from "./http-date.js";
import { formatSignatureHeader } from "./signature-header.js";
import { buildSigningString } from "./signing-string.js";

export interface SignResponseOptions {
  privateKey: PrivateKey;
  algorithm: SignatureAlgorithm;
  /** Written as `keyid`; lets clients pick the public key (key rotation, SPEC X7). */
  keyId: string;
  /** Method of the request being answered. */
  method: string;
  /** Path and query of the request being answered. */
  target: string;
  /** Host the request was sent to (its Host header). */
  host: string;
  /** The exact response body bytes (strings are hashed as UTF-8). */
  body: Uint8Array | string;
  /** Signing time; the system clock when omitted. */
  date?: Date;
}

/** Header values to send with the response. */
export interface SignedResponseHeaders {
  /** `Date` header (IMF-fixdate). */
  date: string;
  /** `Digest` header, `sha-256=<base64>`. */
  digest: string;
  /** Signature header value: `keyid="…", algorithm="…", signature="…", headers="…"`. */
  signature: string;
}

/**
 * Signs a response (synchronous, node:crypto). Throws FormatError: BAD_KEY when the key does not
 * fit the algorithm, BAD_FORMAT for a line break in method/target/host or an unquotable key id.
 */
export function signResponse(options: SignResponseOptions): SignedResponseHeaders {
  const date = formatHttpDate(options.date ?? new Date());
  // node:crypto hashes a string as UTF-8 itself: no copy of the body into bytes first.
  const digest = digestHeader(sha256Sync(options.body));
  const signingString = buildSigningString({
    method: options.method,
    target: options.target,
    host: options.host,
    date,
    digest,
  });
  const signature = signBytes(options.algorithm, options.privateKey, Buffer.from(signingString));
  return {
    date,
    digest,
    signature: formatSignatureHeader({
      keyId: options.keyId,
      algorithm: options.algorithm,
      signature,
    }),
  };
}
