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
 *
 * Files: `signing-string.ts`, `digest.ts` (the Digest header), `signature-header.ts` (format and
 * parse the Signature header), `http-date.ts` (Date header, freshness), `verify.ts`.
 */
export { responseDigest } from "./digest.js";
export type { FreshnessOptions } from "./http-date.js";
export { DEFAULT_CLOCK_SKEW_SECONDS, formatHttpDate, parseHttpDate } from "./http-date.js";
export type { ParsedSignatureHeader, SignatureHeaderParams } from "./signature-header.js";
export { formatSignatureHeader, parseSignatureHeader } from "./signature-header.js";
export type { SigningStringParts } from "./signing-string.js";
export { buildSigningString, SIGNED_HEADERS } from "./signing-string.js";
export type { VerifiedResponse, VerifyResponseSignatureOptions } from "./verify.js";
export { verifyResponseSignature } from "./verify.js";
