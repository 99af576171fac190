// The device lease both clients keep (SPEC R2–R4): the license client (client.ts) under
// POST /v1/check, the trackable client (trackable.ts) under POST /v1/trackable/authorize. A
// lease is verified against the device's binding on every read (storage is not trusted), kept
// only when verified, and judged at the device's time, which may not run behind the highest
// server time seen (clock rollback); only a lease the server has just sent to a device whose
// clock runs ahead is judged at the server's time (clock ahead: judgeFresh).
import {
  type LeaseClaims,
  type TrustedKeys,
  type VerifyLeaseOptions,
  verifyLease,
} from "@keyward/formats";
import { randomNonce } from "./common.js";
import { isKeywardError, KeywardError } from "./errors.js";
import { isClockRollback, type LicenseStatus } from "./status.js";
import type { KeywardStorage } from "./storage.js";

/** The storage key of the highest signed server time, shared by both clients. */
const SERVER_TIME_KEY = "server-time";

/** The highest signed server time seen on this device (clock rollback detection); null: none. */
export async function lastServerTime(storage: KeywardStorage): Promise<number | null> {
  const text = await storage.get(SERVER_TIME_KEY);
  const value = text === null ? Number.NaN : Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** Keeps `issuedAt` (a verified lease's or file's server time) when it is the highest seen. */
export async function rememberServerTime(storage: KeywardStorage, issuedAt: number): Promise<void> {
  const last = await lastServerTime(storage);
  if (last === null || issuedAt > last) await storage.set(SERVER_TIME_KEY, String(issuedAt));
}

/** A stored lease, judged: verified, absent, failing verification, or issued in the future. */
export type StoredLease =
  | { kind: "lease"; claims: LeaseClaims }
  | { kind: "none" | "rejected" | "rollback" };

/** What a lease must be signed with and bound to on this device. */
interface LeaseBinding {
  /** One key, or a set picked from by the lease's `kid` (SPEC X7). */
  key: TrustedKeys;
  /** The device id the server bound the lease to. */
  fingerprint: string;
  productId?: string | undefined;
  skewSeconds: number;
}

function leaseOptions(binding: LeaseBinding, now: Date, nonce?: string): VerifyLeaseOptions {
  return {
    algorithm: "ed25519",
    now,
    fingerprint: binding.fingerprint,
    ...(nonce !== undefined ? { nonce } : {}),
    ...(binding.productId !== undefined ? { productId: binding.productId } : {}),
    clockSkewSeconds: binding.skewSeconds,
  };
}

/**
 * Verifies a lease the server just sent in answer to `nonce`, then keeps it under `storageKey`
 * with its server time. "rollback" when it was issued in the device's future (the clock was
 * set back); BAD_RESPONSE when it does not verify: it is then neither stored nor trusted.
 * A lease `keep` turns down is verified (its server time kept) but not stored, and the stored
 * one is deleted: it no longer stands.
 */
async function acceptLease(
  storage: KeywardStorage,
  storageKey: string,
  lease: string,
  binding: LeaseBinding,
  nonce: string,
  now: Date,
  keep: (claims: LeaseClaims) => boolean = () => true,
): Promise<LeaseClaims | "rollback"> {
  const verified = await verifyLease(lease, binding.key, leaseOptions(binding, now, nonce));
  if (!verified.ok) {
    if (verified.error.code === "ISSUED_IN_FUTURE") return "rollback";
    if (await isAnotherProducts(lease, binding, now, nonce)) {
      throw new KeywardError(
        "WRONG_PRODUCT",
        "the license key is for another product: the server's signed lease names another one",
        { cause: verified.error },
      );
    }
    throw new KeywardError(
      "BAD_RESPONSE",
      `the server's lease is not valid: ${verified.error.message}`,
      {
        cause: verified.error,
      },
    );
  }
  const { claims } = verified.value;
  await rememberServerTime(storage, claims.iat);
  if (keep(claims)) await storage.set(storageKey, lease);
  else await storage.delete(storageKey);
  return claims;
}

/**
 * Whether a lease that failed verification is authentic and this request's answer, only for
 * another product: the key belongs to another product of the same vendor. A second verification,
 * made only on failure, so the app can say "this key is for another product" rather than report
 * a broken server.
 */
async function isAnotherProducts(
  lease: string,
  binding: LeaseBinding,
  now: Date,
  nonce: string,
): Promise<boolean> {
  if (binding.productId === undefined) return false;
  const anyProduct = { ...binding, productId: undefined };
  return (await verifyLease(lease, binding.key, leaseOptions(anyProduct, now, nonce))).ok;
}

/** The lease kept under `storageKey`, verified again on every read: storage is not trusted. */
async function readStoredLease(
  storage: KeywardStorage,
  storageKey: string,
  binding: LeaseBinding,
  now: Date,
): Promise<StoredLease> {
  const lease = await storage.get(storageKey);
  if (lease === null) return { kind: "none" };
  const verified = await verifyLease(lease, binding.key, leaseOptions(binding, now));
  if (verified.ok) return { kind: "lease", claims: verified.value.claims };
  return { kind: verified.error.code === "ISSUED_IN_FUTURE" ? "rollback" : "rejected" };
}

/** One client's lease: where it is stored and what it must be bound to. */
export interface DeviceLease {
  storage: KeywardStorage;
  /** The storage key of the lease (per product and credential). */
  storageKey(): Promise<string>;
  /** The key(s) that sign leases (may fetch and pin them). */
  key(): Promise<TrustedKeys>;
  /** The device id the server binds leases to. */
  fingerprint(): Promise<string>;
  productId?: string | undefined;
  /** Tolerated difference between device and server clocks, in seconds. */
  skewSeconds: number;
}

async function bindingOf(lease: DeviceLease): Promise<LeaseBinding> {
  return {
    key: await lease.key(),
    fingerprint: await lease.fingerprint(),
    productId: lease.productId,
    skewSeconds: lease.skewSeconds,
  };
}

/** The stored lease of `lease`, verified at `now`. */
export async function readLease(lease: DeviceLease, now: Date): Promise<StoredLease> {
  return readStoredLease(lease.storage, await lease.storageKey(), await bindingOf(lease), now);
}

/** How one client asks for a lease and turns leases into its status. */
export interface LeaseCheck<Status> {
  /** Sends the request carrying `nonce`; the signed lease of the answer. Throws KeywardError. */
  ask(nonce: string): Promise<string>;
  /** Whether a verified lease from the server is stored (default: every one). */
  keep?: (claims: LeaseClaims) => boolean;
  /** The status an authentic lease gives. */
  status(
    claims: LeaseClaims,
    now: Date,
    source: "server" | "storage",
    error: KeywardError | null,
  ): Status;
  /** A lock with no lease to show for it. */
  locked(
    reason: "NO_LEASE" | "LEASE_REJECTED" | "CLOCK_ROLLBACK",
    now: Date,
    error: KeywardError | null,
  ): Status;
}

/**
 * What the device may do at `now`. While the stored lease is valid this answers from it without
 * a request (R2), unless `force`; otherwise it asks the server and keeps the verified lease.
 * Without an answer (network, or an error answer: in the status's `error`), the stored lease's
 * grace applies, then LOCKED (R3); a signed refusal locks at once (R4). A clock set back before
 * a signed server time locks (CLOCK_ROLLBACK); a fresh answer to a device whose clock is ahead
 * is judged at the server's time (CLOCK_AHEAD, judgeFresh). Throws only what is no KeywardError
 * (a bug).
 */
export async function checkLease<Status extends LicenseStatus>(
  lease: DeviceLease,
  now: Date,
  force: boolean,
  check: LeaseCheck<Status>,
): Promise<Status> {
  if (isClockRollback(now, await lastServerTime(lease.storage), lease.skewSeconds)) {
    return check.locked("CLOCK_ROLLBACK", now, null);
  }
  let stored: StoredLease;
  try {
    stored = await readLease(lease, now);
  } catch (error) {
    // Only when the pinned key is gone from storage and cannot be fetched again.
    if (!isKeywardError(error)) throw error;
    return check.locked("NO_LEASE", now, error);
  }
  if (stored.kind === "rollback") return check.locked("CLOCK_ROLLBACK", now, null);
  if (stored.kind === "lease" && !force) {
    const status = check.status(stored.claims, now, "storage", null);
    if (status.state === "valid") return status;
  }
  let fresh: LeaseClaims | "rollback";
  try {
    const nonce = randomNonce();
    const signed = await check.ask(nonce);
    fresh = await acceptLease(
      lease.storage,
      await lease.storageKey(),
      signed,
      await bindingOf(lease),
      nonce,
      now,
      check.keep,
    );
  } catch (error) {
    if (!isKeywardError(error)) throw error;
    if (stored.kind === "lease") return check.status(stored.claims, now, "storage", error);
    return check.locked(stored.kind === "rejected" ? "LEASE_REJECTED" : "NO_LEASE", now, error);
  }
  if (fresh === "rollback") return check.locked("CLOCK_ROLLBACK", now, null);
  return judgeFresh(fresh, now, lease.skewSeconds, check);
}

/**
 * A lease the server has just signed, judged, with the device clock's offset measured from it.
 *
 * A device clock behind the server's is clock rollback (above). One ahead would make a lease the
 * server signed a moment ago look ended: with the clock 2 days ahead a VALID answer read as
 * grace, 9 days ahead as GRACE_ENDED — although the server had just said the device may run.
 * So when the answer's `iat` is more than the tolerated skew behind the device clock, the lease
 * is judged at `iat`: the server's own time, within this request's round trip (the lease
 * carries this request's nonce, so it was signed after the request left). The reason is then
 * CLOCK_AHEAD, with the offset, so the app can tell the user to set the clock right.
 *
 * Why this cannot extend a lease: only this one answer is judged at the server's time, and only
 * to say what the server has just said. The offset is not stored and never applied to the
 * stored lease, which is judged at the device's own time as before (its grace counted from
 * `exp`, on the device clock). A stored offset would turn a clock set back into time gained:
 * run ahead by X while online, then set the clock right while offline, and the lease would
 * last X longer. Without it a clock set back gains nothing it could not before (the rollback
 * checks against the highest signed server time stand), and a clock ahead only loses: offline,
 * the lease and its grace end early by the offset; online, every check asks the server,
 * since the stored lease has ended by the device's time.
 */
function judgeFresh<Status extends LicenseStatus>(
  claims: LeaseClaims,
  now: Date,
  skewSeconds: number,
  check: LeaseCheck<Status>,
): Status {
  const offset = Math.floor(now.getTime() / 1000) - claims.iat;
  if (offset <= skewSeconds || !claims.ok) {
    // A signed refusal locks whatever the time; the offset is still reported.
    return { ...check.status(claims, now, "server", null), clockOffsetSeconds: offset };
  }
  const status = check.status(claims, new Date(claims.iat * 1000), "server", null);
  return {
    ...status,
    reason: status.state === "locked" ? status.reason : "CLOCK_AHEAD",
    checkedAt: now,
    clockOffsetSeconds: offset,
  };
}
