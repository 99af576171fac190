import { MAX_OFFLINE_GRACE_SECONDS, type PolicyRules } from "./policy.js";

// Lease and grace times of a check answer (SPEC R2, R3, T9). Pure: `now` is passed in.

export interface LeaseTimes {
  /** Unix seconds. */
  issuedAt: number;
  leaseUntil: number;
  graceUntil: number;
}

/**
 * A valid answer leases for the policy's lease duration and adds its offline grace; neither
 * outlives the license's expiry when expiry ends access ("restrict"/"revoke"), a heartbeat
 * deadline, nor the time the license must check in by (domain/validation.ts checkInDueAt): a
 * device offline past it would otherwise run on a license the server already calls OVERDUE,
 * and would not ask (and so not learn it must check in) until its lease ran out. A refusal
 * leases nothing: the client locks at once (R4).
 *
 * The grace ends at most 365 days after the answer (T9): policies check that the lease and the
 * grace add up to no more (domain/policy.ts); rules stored before that check may add up to 730.
 */
export function leaseTimes(
  rules: PolicyRules,
  valid: boolean,
  now: Date,
  limits: {
    expiresAt: string | null;
    heartbeatDeadlineAt: string | null;
    checkInDueAt: string | null;
  },
): LeaseTimes {
  const issuedAt = Math.floor(now.getTime() / 1000);
  if (!valid) return { issuedAt, leaseUntil: issuedAt, graceUntil: issuedAt };
  let end = Number.POSITIVE_INFINITY;
  const expiryEndsAccess =
    rules.expirationStrategy === "restrict" || rules.expirationStrategy === "revoke";
  if (limits.expiresAt !== null && expiryEndsAccess) end = seconds(limits.expiresAt);
  if (limits.heartbeatDeadlineAt !== null) end = Math.min(end, seconds(limits.heartbeatDeadlineAt));
  if (limits.checkInDueAt !== null) end = Math.min(end, seconds(limits.checkInDueAt));
  const leaseUntil = Math.min(issuedAt + rules.leaseDurationSeconds, end);
  const graceUntil = Math.min(
    leaseUntil + rules.offlineGraceSeconds,
    issuedAt + MAX_OFFLINE_GRACE_SECONDS,
    end,
  );
  return {
    issuedAt,
    leaseUntil: Math.max(issuedAt, leaseUntil),
    graceUntil: Math.max(issuedAt, graceUntil),
  };
}

function seconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}
