// Verifying a lease and deciding what it lets the device do now (SPEC R2–R4).
import { keyTypeOf, type SignatureAlgorithm, type VerifyOptions } from "../crypto/provider.js";
import { isRecord, parseJson, utf8Decode } from "../encoding/bytes.js";
import { FormatError, fail, isFormatError, ok, type Result } from "../errors.js";
import {
  isKeySet,
  keysToTry,
  noTrustedKey,
  type TrustedKeys,
  withEachKey,
} from "../keys/key-set.js";
import type { PublicKey } from "../keys/public-key.js";
import { peekTokenKeyId, verifySignedToken } from "../signed-token.js";
import { LEASE_TOKEN, LEASE_VERSION, type LeaseClaims } from "./format.js";

/** valid: within the lease; grace: lease over, offline grace running; locked: neither. */
export type LeaseState = "valid" | "grace" | "locked";

export interface VerifyLeaseOptions extends VerifyOptions {
  /** The algorithm the lease must be signed with (the caller decides, never the lease). */
  algorithm: SignatureAlgorithm;
  /** The time to judge the lease at. */
  now: Date;
  /** This device's fingerprint: a lease bound to another device is a MISMATCH. */
  fingerprint?: string;
  /** The app's product id: a lease for another product (same signing key) is a MISMATCH. */
  productId?: string;
  /** The nonce this device sent with the check: a lease answering another request is a MISMATCH. */
  nonce?: string;
  /**
   * How far the device clock may run behind the server's before the lease counts as issued in
   * the future (clock set back): default 300 seconds.
   */
  clockSkewSeconds?: number;
}

export interface VerifiedLease {
  claims: LeaseClaims;
  state: LeaseState;
}

/**
 * The key id (`kid` claim) a lease names, read WITHOUT verifying it: only to find the key to
 * verify it with (a verifier may fetch one it does not hold yet; the signature then decides).
 * Undefined when the lease names none or does not decode.
 */
export function leaseKeyId(lease: unknown): string | undefined {
  return peekTokenKeyId(lease, LEASE_TOKEN);
}

/**
 * Verifies a lease's signature and binding, then judges it at `now`. Errors: BAD_FORMAT (layout
 * or claims), BAD_ENCODING, UNSUPPORTED_ALGORITHM, BAD_KEY, BAD_SIGNATURE, MISMATCH (fingerprint
 * product or nonce), ISSUED_IN_FUTURE (the device clock is behind the signed server time by more than
 * the allowed skew: clock rollback). A lease whose grace has passed is not an error: its state
 * is "locked", as is every lease with ok = false.
 */
export async function verifyLease(
  lease: string,
  publicKey: TrustedKeys,
  options: VerifyLeaseOptions,
): Promise<Result<VerifiedLease>> {
  if (isKeySet(publicKey)) {
    // The lease's `kid` claim names its key (SPEC X7); leases before rotation have none.
    const type = options?.algorithm ? keyTypeOf(options.algorithm) : undefined;
    const keys = keysToTry(publicKey, type, peekTokenKeyId(lease, LEASE_TOKEN));
    return withEachKey(
      keys,
      (key) => verifyLease(lease, key, options),
      () => ({ ok: false, error: noTrustedKey(type) }),
    );
  }
  try {
    return await verify(lease, publicKey, options);
  } catch (error) {
    if (isFormatError(error)) return { ok: false, error };
    throw error;
  }
}

async function verify(
  lease: string,
  publicKey: PublicKey,
  options: VerifyLeaseOptions,
): Promise<Result<VerifiedLease>> {
  const claimsBytes = await verifySignedToken(lease, LEASE_TOKEN, publicKey, options, "lease");
  const claims = parseClaims(utf8Decode(claimsBytes));
  if (options.fingerprint !== undefined && claims.fp !== options.fingerprint) {
    return fail("MISMATCH", "the lease was issued for another device");
  }
  if (options.productId !== undefined && claims.prod !== options.productId) {
    return fail("MISMATCH", "the lease was issued for another product");
  }
  if (options.nonce !== undefined && claims.n !== options.nonce) {
    return fail("MISMATCH", "the lease answers another request (nonce differs)");
  }
  const now = Math.floor(options.now.getTime() / 1000);
  if (claims.iat > now + (options.clockSkewSeconds ?? 300)) {
    return fail("ISSUED_IN_FUTURE", "the lease was issued after the device's current time");
  }
  return ok({ claims, state: leaseState(claims, now) });
}

/** The state of an authentic lease at `now` (Unix seconds). */
export function leaseState(claims: LeaseClaims, now: number): LeaseState {
  if (!claims.ok || now >= claims.gr) return "locked";
  return now < claims.exp ? "valid" : "grace";
}

function parseClaims(text: string): LeaseClaims {
  const value = parseJson(text, "lease claims");
  const bad = (what: string) => new FormatError("BAD_FORMAT", `lease claims: ${what}`);
  if (!isRecord(value)) throw bad("not a JSON object");
  if (value.v !== LEASE_VERSION) throw bad(`unsupported version ${String(value.v)}`);
  for (const name of ["lic", "code", "n"] as const) {
    if (typeof value[name] !== "string") throw bad(`${name} must be a string`);
  }
  for (const name of ["prod", "mach", "fp"] as const) {
    if (value[name] !== undefined && typeof value[name] !== "string") {
      throw bad(`${name} must be a string`);
    }
  }
  if (typeof value.ok !== "boolean") throw bad("ok must be true or false");
  for (const name of ["iat", "exp", "gr"] as const) {
    if (!Number.isSafeInteger(value[name])) throw bad(`${name} must be a whole number`);
  }
  if (
    !(
      (value.iat as number) <= (value.exp as number) &&
      (value.exp as number) <= (value.gr as number)
    )
  ) {
    throw bad("times must satisfy iat <= exp <= gr");
  }
  if (value.kid !== undefined && typeof value.kid !== "string") throw bad("kid must be a string");
  if (
    value.ent !== undefined &&
    !(Array.isArray(value.ent) && value.ent.every((code) => typeof code === "string"))
  ) {
    throw bad("ent must be a list of strings");
  }
  return value as unknown as LeaseClaims;
}
