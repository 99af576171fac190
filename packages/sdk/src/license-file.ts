// What a verified license or machine file says about the license now. `ok` from
// @keyward/formats' verifyLicenseFile means the file is authentic and inside its own validity
// window (meta.issued … meta.expiry): it says nothing about the license it holds. The server
// checks files out for any license — revoked, suspended or expired ones too (their document says
// so) — so an app that runs on `ok` alone runs on a revoked license. `usable` is the answer an
// app branches on. Pure: no I/O, `now` is passed in.
import type { LicenseFileDocument, LicenseFileResult } from "@keyward/formats";

/** Why a file does not let the app run now. */
export type LicenseFileReason =
  /** The file itself was rejected (`ok: false`: bad signature, expired file, …): see `error`. */
  | "FILE_INVALID"
  /** The license is revoked (terminal). */
  | "LICENSE_REVOKED"
  /** The license is suspended. */
  | "LICENSE_SUSPENDED"
  /**
   * The license expired (its `expiry` passed, or it was expired at check-out) and the file does
   * not show a policy that keeps access after expiry.
   */
  | "LICENSE_EXPIRED"
  /**
   * The file holds no license resource whose state can be read: a machine file checked out
   * without `include: ["license"]`, or a status this SDK does not know.
   */
  | "LICENSE_UNKNOWN"
  /**
   * `client.verifyLicenseFile` only: the device clock is behind the latest trusted time seen on
   * this device (a lease's or a file's signed issue time): it was set back.
   */
  | "CLOCK_ROLLBACK";

/** A license's status, as docs/server.md names them. */
export type LicenseFileStatus = "active" | "suspended" | "expired" | "revoked";

/** The license's state in a file, judged at a time. */
export interface LicenseFileState {
  /**
   * Whether the app may run on this file now: the file verified (`ok`) and the license it holds
   * is active — not revoked, not suspended, not expired (an expired license counts as usable only
   * when the file includes its policy and that policy's `expirationStrategy` is `maintain` or
   * `allow`, as the server's validation does).
   */
  usable: boolean;
  /** Why not; null when usable. */
  reason: LicenseFileReason | null;
  /**
   * The license's status now: the file's (a snapshot taken at check-out), and `expired` once the
   * license's expiry has passed since. Read from the document even when the file was rejected
   * for its own expiry (to show "expired on …"); null when the file does not tell.
   */
  status: LicenseFileStatus | null;
  licenseId: string | null;
  /** The license's expiry as the file states it; null: it never expires, or the file does not tell. */
  expiresAt: Date | null;
}

/** verifyLicenseFile's result with the license's state: branch on `usable`. */
export type LicenseFileCheck = LicenseFileResult & LicenseFileState;

interface Resource {
  type?: unknown;
  id?: unknown;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data?: { id?: unknown } | null } | undefined>;
}

const asResource = (value: unknown): Resource | null =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Resource) : null;

/** The license resource of a document: `data` of a license file, `included` of a machine file. */
function licenseOf(document: LicenseFileDocument): Resource | null {
  const data = asResource(document.data);
  if (data?.type === "licenses") return data;
  const included = Array.isArray(document.included) ? document.included.map(asResource) : [];
  const wanted = data?.relationships?.license?.data?.id;
  return (
    included.find(
      (item) => item?.type === "licenses" && (wanted === undefined || item.id === wanted),
    ) ?? null
  );
}

/** Whether the document's policy keeps access after expiry (`maintain` or `allow`). */
function keepsAccessAfterExpiry(document: LicenseFileDocument): boolean {
  const included = Array.isArray(document.included) ? document.included.map(asResource) : [];
  const policy = included.find((item) => item?.type === "policies");
  const strategy = policy?.attributes?.expirationStrategy;
  // Keyward's names, and Keygen's (MAINTAIN_ACCESS, ALLOW_ACCESS) for files of its format.
  return typeof strategy === "string" && /^(maintain|allow)(_access)?$/i.test(strategy);
}

function dateOf(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The status at `now`: revoked before suspended before expired, as the server orders them. */
function statusAt(attributes: Record<string, unknown>, now: Date): LicenseFileStatus | null {
  const stated = typeof attributes.status === "string" ? attributes.status.toLowerCase() : null;
  if (stated === "revoked") return "revoked";
  if (stated === "suspended" || attributes.suspended === true) return "suspended";
  if (stated === "expired") return "expired";
  if (stated !== "active") return null;
  const expiry = dateOf(attributes.expiry);
  return expiry !== null && expiry.getTime() <= now.getTime() ? "expired" : "active";
}

const REASONS: Record<Exclude<LicenseFileStatus, "active">, LicenseFileReason> = {
  revoked: "LICENSE_REVOKED",
  suspended: "LICENSE_SUSPENDED",
  expired: "LICENSE_EXPIRED",
};

/**
 * The license's state in a verified file at `now` (default: the system clock): whether the app
 * may run on it. For the result of `verifyLicenseFile` from @keyward/formats;
 * `client.verifyLicenseFile` returns it already merged into its result.
 */
export function licenseFileState(
  result: LicenseFileResult,
  now: Date = new Date(),
): LicenseFileState {
  const document = result.ok ? result.value.document : result.error.document;
  const license = document ? licenseOf(document) : null;
  const attributes = license?.attributes ?? {};
  const status = license ? statusAt(attributes, now) : null;
  const known = {
    status,
    licenseId: typeof license?.id === "string" ? license.id : null,
    expiresAt: dateOf(attributes.expiry),
  };
  if (!result.ok) return { usable: false, reason: "FILE_INVALID", ...known };
  if (status === null) return { usable: false, reason: "LICENSE_UNKNOWN", ...known };
  if (status === "active" || (status === "expired" && keepsAccessAfterExpiry(document!))) {
    return { usable: true, reason: null, ...known };
  }
  return { usable: false, reason: REASONS[status], ...known };
}
