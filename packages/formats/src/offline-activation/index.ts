/**
 * Offline activation by request/response (SPEC L1–L3, seed 003), with LicenseSpring's field names
 * and signing string, so clients written for LicenseSpring's offline endpoint can talk to Keyward.
 *
 * Request: the air-gapped device writes a JSON object, Base64-encodes it and the user carries the
 * text (or a file holding it) to a connected machine. Its `signature` is
 *
 *   base64( HMAC-SHA256( sharedKey, signingString ) )
 *
 * over the signing string (lines joined by "\n", no trailing newline):
 *
 *   licenseSpring
 *   date: <date>
 *   <license_key or username>
 *   <hardware_id>
 *   <api_key>
 *
 * The first line is a parameter (`prefix`, default "licenseSpring"; SPEC L2 lets Keyward use its
 * own). The date line is `date: <date>` — "date", a colon and a space — as in LicenseSpring's
 * published signing strings and example vector (see `offlineSigningString`).
 *
 * Response: the server answers with the license and an `offline_signature` built the same way from
 * the response's own `date`, so the device can check it offline. Deactivation requests use the same
 * envelope (LicenseSpring distinguishes them by endpoint and the optional `request` field).
 *
 * Everything here is browser-safe (WebCrypto by default); the device that signs a request may be
 * a browser. `./node.ts` adds a synchronous node:crypto variant for servers.
 *
 * Files: `request.ts` (the request body: fields, encoding, decoding and its errors),
 * `signing.ts` (signing string and HMAC), `envelope.ts` (signing and verifying requests and
 * responses).
 */
export type {
  OfflineResponseBinding,
  OfflineSigningOptions,
  VerifiedActivationResponse,
  VerifyOfflineEnvelopeOptions,
} from "./envelope.js";
export {
  signActivationRequest,
  signActivationResponse,
  verifyActivationRequest,
  verifyActivationResponse,
} from "./envelope.js";
export type {
  OfflineActivationRequest,
  OfflineIdentity,
  OfflineRequestFields,
  OfflineRequestReason,
  UnsignedActivationRequest,
} from "./request.js";
export {
  decodeActivationRequest,
  encodeActivationRequest,
  OfflineRequestError,
  requestIdentity,
} from "./request.js";
export type { OfflineSignatureParams, OfflineSigningParts, SharedKey } from "./signing.js";
export {
  LICENSESPRING_PREFIX,
  offlineSignature,
  offlineSigningString,
  verifyOfflineSignature,
} from "./signing.js";
