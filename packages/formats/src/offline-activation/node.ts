import { base64Encode } from "../encoding/base64.js";
import { hmacSha256Sync } from "../node/crypto.js";
import { type OfflineSignatureParams, offlineSigningString } from "./signing.js";

/**
 * Synchronous `offlineSignature` (node:crypto), for servers signing many responses. Same output:
 * base64(HMAC-SHA256(sharedKey, signing string)).
 */
export function offlineSignatureSync(params: OfflineSignatureParams): string {
  return base64Encode(hmacSha256Sync(params.sharedKey, offlineSigningString(params)));
}
