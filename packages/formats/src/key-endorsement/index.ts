/**
 * Key endorsements (SPEC X7): when an organization gets a new signing key, its active key of
 * that type signs a statement binding the new key's id, type and public half, and the key list
 * publishes it beside the key. A verifier that trusts some of the organization's keys (an SDK
 * that pinned them on first use) then trusts every key a chain of endorsements links to them,
 * and nothing else the list holds:
 *
 *   keyward-key-endorsement/<endorser id>/<key id>/<key type>/<base64url(key SPKI DER)>
 *
 * Browser-safe; `endorseKey` is in `./node.ts`.
 */
export type { IdentifiedKey, KeyEndorsement } from "./format.js";
export { KEY_ENDORSEMENT_PREFIX, keyEndorsementMessage } from "./format.js";
export { endorsedKeys, verifyKeyEndorsement } from "./verify.js";
