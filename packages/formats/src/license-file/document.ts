import { isRecord } from "../encoding/bytes.js";
import { FormatError } from "../errors.js";

// The plaintext inside `enc` (seed 004, "The enc property"): the license or machine resource
// under `data`, related resources under `included`, and the file's validity window in `meta`.
// Pure: time is always passed in.

export interface LicenseFileMeta {
  /** When the file was checked out (ISO 8601). A verifier rejects files issued after "now". */
  issued: string;
  /** When the file stops being valid (ISO 8601), or null for a file that never expires. */
  expiry: string | null;
  /** Seconds between issued and expiry, or null for a file that never expires. */
  ttl: number | null;
}

export interface LicenseFileDocument {
  data: unknown;
  included?: unknown[];
  meta: LicenseFileMeta;
}

/** Keyward's default time-to-live: 30 days (SPEC F3). Keygen's own default is 2629746 s. */
export const DEFAULT_LICENSE_FILE_TTL = 30 * 24 * 60 * 60;
/** Shortest time-to-live Keyward issues: 1 hour (as Keygen). */
export const MIN_LICENSE_FILE_TTL = 60 * 60;
/** Longest time-to-live Keyward issues: 1 year of 365.2425 days (as Keygen); use null for no expiry. */
export const MAX_LICENSE_FILE_TTL = 31_556_952;

/**
 * The meta of a file issued at `issued` that lives `ttl` seconds (null: never expires).
 * Throws FormatError BAD_FORMAT for an invalid date or a TTL that is not a whole number of
 * seconds within [MIN_LICENSE_FILE_TTL, MAX_LICENSE_FILE_TTL].
 */
export function licenseFileMeta(
  issued: Date,
  ttl: number | null = DEFAULT_LICENSE_FILE_TTL,
): LicenseFileMeta {
  if (!(issued instanceof Date) || Number.isNaN(issued.getTime())) {
    throw new FormatError("BAD_FORMAT", "issued must be a valid Date");
  }
  if (ttl === null) return { issued: issued.toISOString(), expiry: null, ttl: null };
  if (
    typeof ttl !== "number" ||
    !Number.isInteger(ttl) ||
    ttl < MIN_LICENSE_FILE_TTL ||
    ttl > MAX_LICENSE_FILE_TTL
  ) {
    throw new FormatError(
      "BAD_FORMAT",
      `ttl must be null (no expiry) or a whole number of seconds from ${MIN_LICENSE_FILE_TTL} ` +
        `(1 hour) to ${MAX_LICENSE_FILE_TTL} (1 year), got ${String(ttl)}`,
    );
  }
  const expiry = new Date(issued.getTime() + ttl * 1000);
  if (Number.isNaN(expiry.getTime())) {
    throw new FormatError("BAD_FORMAT", "issued + ttl is beyond the range of dates");
  }
  return { issued: issued.toISOString(), expiry: expiry.toISOString(), ttl };
}

/** The plaintext document of a file, members in Keygen's order: data, included, meta. */
export function licenseFileDocument(
  data: unknown,
  included: unknown[] | undefined,
  meta: LicenseFileMeta,
): LicenseFileDocument {
  if (data === undefined) throw new FormatError("BAD_FORMAT", "a license file needs data");
  if (included !== undefined && !Array.isArray(included)) {
    throw new FormatError("BAD_FORMAT", "included must be an array");
  }
  return included === undefined ? { data, meta } : { data, included, meta };
}

// RFC 3339 date-time, as Keygen writes it (2022-03-28T16:15:40.674Z) or with an offset.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch of an RFC 3339 timestamp, or NaN. */
export function timestampMillis(value: string): number {
  return TIMESTAMP.test(value) ? Date.parse(value) : Number.NaN;
}

/**
 * Checks that decoded JSON is a license file document and returns it unchanged. Throws
 * FormatError BAD_FORMAT when `data` or `meta` is missing, `included` is not an array,
 * `meta.issued` is not a timestamp, `meta.expiry` is neither a timestamp nor null, or
 * `meta.ttl` is neither a number nor null. It does not require expiry = issued + ttl: Keygen's
 * own files do not always satisfy it; `expiry` is what counts.
 */
export function checkLicenseFileDocument(value: unknown): LicenseFileDocument {
  if (!isRecord(value))
    throw new FormatError("BAD_FORMAT", "license file document is not an object");
  if (!("data" in value)) throw new FormatError("BAD_FORMAT", "license file document has no data");
  if ("included" in value && !Array.isArray(value.included)) {
    throw new FormatError("BAD_FORMAT", "license file document's included is not an array");
  }
  const meta = value.meta;
  if (!isRecord(meta)) throw new FormatError("BAD_FORMAT", "license file document has no meta");
  if (typeof meta.issued !== "string" || Number.isNaN(timestampMillis(meta.issued))) {
    throw new FormatError("BAD_FORMAT", "license file meta.issued is not a timestamp");
  }
  if (
    meta.expiry !== null &&
    (typeof meta.expiry !== "string" || Number.isNaN(timestampMillis(meta.expiry)))
  ) {
    throw new FormatError("BAD_FORMAT", "license file meta.expiry is neither a timestamp nor null");
  }
  if (meta.ttl !== null && (typeof meta.ttl !== "number" || !Number.isFinite(meta.ttl))) {
    throw new FormatError("BAD_FORMAT", "license file meta.ttl is neither a number nor null");
  }
  return value as unknown as LicenseFileDocument;
}
