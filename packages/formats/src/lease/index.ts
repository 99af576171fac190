/**
 * Leases (SPEC R2–R5): the signed answer to an online check, telling a device how long it may
 * run without asking again and how long it may keep running offline after that.
 *
 *   lease/<base64url(claims JSON)>.<base64url(signature)>
 *
 * Same layout as activation proofs and signed license keys; the signature (Ed25519 by default)
 * covers `lease/<base64url(claims)>`. Browser-safe; `createLease` is in `./node.ts`.
 */
export type { LeaseClaims } from "./format.js";
export { LEASE_PREFIX, LEASE_VERSION } from "./format.js";
export type { LeaseState, VerifiedLease, VerifyLeaseOptions } from "./verify.js";
export { leaseKeyId, leaseState, verifyLease } from "./verify.js";
