// The lease token layout and claims, shared by the signing (server) and verifying (SDK) sides.
import type { SignedTokenLayout } from "../signed-token.js";

export const LEASE_PREFIX = "lease";

/** `lease/<base64url(claims JSON)>.<base64url(signature)>`, signed over `lease/<base64url(claims)>`. */
export const LEASE_TOKEN: SignedTokenLayout = {
  prefix: `${LEASE_PREFIX}/`,
  noPrefix: `not a lease: expected the ${LEASE_PREFIX}/ prefix`,
  notTwoParts: "a lease is lease/<claims>.<signature>",
  rejectEmptyParts: true,
};

export const LEASE_VERSION = 1;

/**
 * What a lease states (SPEC R2–R4). Short member names keep a check response under 500 bytes
 * (R5); times are Unix seconds.
 */
export interface LeaseClaims {
  /** Format version: 1. */
  v: typeof LEASE_VERSION;
  /** The license id. */
  lic: string;
  /** The product id: a lease of one product cannot stand in for another's of the same vendor. */
  prod?: string;
  /** The machine id, when the check named a device that is activated. */
  mach?: string;
  /** The device fingerprint the lease is bound to, when the check named one. */
  fp?: string;
  /** Whether the device may run: false is a lock the client obeys at once (R4). */
  ok: boolean;
  /** The validation code: VALID, SUSPENDED, EXPIRED, LOCKED, … */
  code: string;
  /** Server time of the answer. */
  iat: number;
  /** Lease end: no need to ask again before it (R2). Equals iat when !ok. */
  exp: number;
  /** Grace end: offline the device keeps running until then, then locks (R3). Equals exp when !ok. */
  gr: number;
  /** The client's nonce (echoed), or a server one: ties the answer to the request. */
  n: string;
  /** Entitlement codes the license grants, when it has any. */
  ent?: string[];
  /** The id of the signing key (SPEC X7): verifiers holding several keys pick by it. */
  kid?: string;
}
