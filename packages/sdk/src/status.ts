// What the device may do now, decided only from signed leases (SPEC R2–R4). Pure: no I/O.
import { type LeaseClaims, leaseState } from "@keyward/formats";
import type { KeywardError } from "./errors.js";

/** valid: run; grace: run, but the server could not confirm (offline); locked: do not run. */
export type LicenseState = "valid" | "grace" | "locked";

export type StatusReason =
  /** valid: a signed lease covers the current time. */
  | "VALID"
  /** grace: the lease has ended and no new one could be fetched; running until its grace ends. */
  | "GRACE"
  /** locked: the server's signed answer refused this device (`code` says why: SUSPENDED, …). */
  | "SERVER_LOCK"
  /**
   * locked: the server's signed answer says this device is not activated on the license
   * (`code`: one of NOT_ACTIVATED_CODES). `checkOrActivate()` activates it.
   */
  | "NOT_ACTIVATED"
  /** locked: the lease and its grace ended without a successful check. */
  | "GRACE_ENDED"
  /** locked: no lease was ever received and the server could not be asked. */
  | "NO_LEASE"
  /** locked: the stored lease failed verification (edited, another device's, another key). */
  | "LEASE_REJECTED"
  /** locked: the device clock is earlier than the last signed server time (tampering). */
  | "CLOCK_ROLLBACK"
  /**
   * The device clock is ahead of the server's by more than the tolerated skew
   * (`clockOffsetSeconds` says by how much). Only on a fresh signed answer (`source: "server"`)
   * that lets the device run: it is judged at the server's time, so the state is what the server
   * just said (`valid`). The stored lease is still judged at the device's own time, so until the
   * clock is set right every check asks the server, and offline the lease and its grace end
   * early by the offset (a clock ahead never gains time).
   */
  | "CLOCK_AHEAD";

export interface LicenseStatus {
  state: LicenseState;
  reason: StatusReason;
  /** The signed validation code of the lease judged (VALID, SUSPENDED, EXPIRED, …), if any. */
  code: string | null;
  licenseId: string | null;
  machineId: string | null;
  /** Until when no check is needed; null without a lease. */
  leaseEndsAt: Date | null;
  /** Until when the device may run offline; null without a lease. */
  graceEndsAt: Date | null;
  /** Entitlement codes the lease grants. */
  entitlements: string[];
  /** server: judged from a lease fetched now; storage: from the stored lease; none: no lease. */
  source: "server" | "storage" | "none";
  /** Why the server was not asked successfully (offline, refused, bad answer); null if it was. */
  error: KeywardError | null;
  /** The device time the status was judged at. */
  checkedAt: Date;
  /**
   * Device time minus the server's signed time (`iat`) of a lease fetched now, in seconds
   * (`source: "server"`); null otherwise. Beyond `clockSkewSeconds` the reason is CLOCK_AHEAD.
   */
  clockOffsetSeconds: number | null;
}

/**
 * The signed validation codes that mean "this device holds no (live) machine on the license":
 * none at all (NO_MACHINE, NO_MACHINES on floating licenses), others but not this one
 * (FINGERPRINT_SCOPE_MISMATCH), or this one missed its heartbeat (HEARTBEAT_DEAD). Activating
 * the device is the remedy; every other refusal (SUSPENDED, EXPIRED, TOO_MANY_MACHINES, …) is not.
 */
export const NOT_ACTIVATED_CODES: readonly string[] = [
  "NO_MACHINE",
  "NO_MACHINES",
  "FINGERPRINT_SCOPE_MISMATCH",
  "HEARTBEAT_DEAD",
];

/** Whether a lease is the server's word that this device is not activated. */
export function saysNotActivated(claims: Pick<LeaseClaims, "ok" | "code">): boolean {
  return !claims.ok && NOT_ACTIVATED_CODES.includes(claims.code);
}

/** The status an authentic lease gives at `now` (Unix seconds). */
export function statusFromLease(
  claims: LeaseClaims,
  now: Date,
  source: "server" | "storage",
  error: KeywardError | null,
): LicenseStatus {
  const state = leaseState(claims, Math.floor(now.getTime() / 1000));
  const reason: StatusReason = !claims.ok
    ? saysNotActivated(claims)
      ? "NOT_ACTIVATED"
      : "SERVER_LOCK"
    : state === "locked"
      ? "GRACE_ENDED"
      : state === "valid"
        ? "VALID"
        : "GRACE";
  return {
    state,
    reason,
    code: claims.code,
    licenseId: claims.lic,
    machineId: claims.mach ?? null,
    leaseEndsAt: new Date(claims.exp * 1000),
    graceEndsAt: new Date(claims.gr * 1000),
    entitlements: claims.ent ?? [],
    source,
    error,
    checkedAt: now,
    clockOffsetSeconds: null,
  };
}

/** A lock without a lease to show for it (no lease, rejected lease, clock rollback). */
export function lockedStatus(
  reason: "NO_LEASE" | "LEASE_REJECTED" | "CLOCK_ROLLBACK",
  now: Date,
  error: KeywardError | null,
): LicenseStatus {
  return {
    state: "locked",
    reason,
    code: null,
    licenseId: null,
    machineId: null,
    leaseEndsAt: null,
    graceEndsAt: null,
    entitlements: [],
    source: "none",
    error,
    checkedAt: now,
    clockOffsetSeconds: null,
  };
}

/**
 * Clock rollback: the device says it is earlier than a time the server signed, by more than the
 * tolerated skew. `lastServerTime` is in Unix seconds.
 */
export function isClockRollback(now: Date, lastServerTime: number | null, skew: number): boolean {
  return lastServerTime !== null && now.getTime() / 1000 < lastServerTime - skew;
}
