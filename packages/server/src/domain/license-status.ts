// A license's status, computed from what is stored (suspension flag, revocation time, expiry)
// and the time of asking, so it can never go stale. Pure: `now` is passed in.

export const LICENSE_STATUSES = ["active", "suspended", "expired", "revoked"] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

export interface LicenseState {
  suspended: boolean;
  /** ISO time of revocation; revocation is terminal. */
  revokedAt: string | null;
  /** ISO expiry; null never expires. */
  expiresAt: string | null;
}

/**
 * revoked (terminal) before suspended before expired: a suspended license that also expired
 * reads "suspended", since reinstating it alone would not make it usable — renewal would.
 * A license expires at its expiry instant exactly (expiresAt <= now).
 */
export function licenseStatus(state: LicenseState, now: Date): LicenseStatus {
  if (state.revokedAt !== null) return "revoked";
  if (state.suspended) return "suspended";
  if (state.expiresAt !== null && Date.parse(state.expiresAt) <= now.getTime()) return "expired";
  return "active";
}

export type LicenseAction = "suspend" | "reinstate" | "renew" | "revoke";

/**
 * Whether an action applies to a license in this state: nothing applies to a revoked license.
 * Suspending a suspended license and reinstating an unsuspended one are allowed no-ops.
 */
export function actionAllowed(state: LicenseState, _action: LicenseAction): boolean {
  return state.revokedAt === null;
}
