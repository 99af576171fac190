import { FormatError, fail, ok, type Result } from "../errors.js";

// HTTP dates (RFC 7231 §7.1.1.1 IMF-fixdate, "Wed, 09 Jun 2021 16:08:15 GMT") and the freshness
// checks shared by signed responses and offline-activation envelopes. Pure: "now" is passed in.

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

const IMF_FIXDATE =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** Clock skew tolerated before a date counts as issued in the future (5 minutes). */
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;

/** Formats a date as an RFC 7231 IMF-fixdate: `Wed, 09 Jun 2021 16:08:15 GMT`. */
export function formatHttpDate(date: Date): string {
  const time = date.getTime();
  const year = date.getUTCFullYear();
  if (Number.isNaN(time) || year < 0 || year > 9999) {
    throw new FormatError("BAD_FORMAT", "date cannot be written as an HTTP date");
  }
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${DAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ` +
    `${String(year).padStart(4, "0")} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:` +
    `${two(date.getUTCSeconds())} GMT`
  );
}

/**
 * Parses an RFC 7231 IMF-fixdate strictly (exact spacing, "GMT", a weekday that matches the
 * date, no Feb 30). The obsolete RFC 850 and asctime forms are not accepted: a signed date is
 * always produced by a Keyward/Keygen server in the preferred form. Null when it does not parse.
 */
export function parseHttpDate(text: string): Date | null {
  const match = IMF_FIXDATE.exec(text);
  if (!match) return null;
  const [, day, dd, mon, yyyy, hh, mm, ss] = match;
  const date = utcDate(
    Number(yyyy),
    MONTHS.indexOf(mon as (typeof MONTHS)[number]) + 1,
    Number(dd),
    Number(hh),
    Number(mm),
    Number(ss),
    0,
  );
  if (!date || DAYS[date.getUTCDay()] !== day) return null;
  return date;
}

/**
 * Parses the timestamps offline-activation envelopes carry: an IMF-fixdate or an RFC 3339 /
 * ISO 8601 date-time with an explicit offset. Null when it is neither.
 */
export function parseTimestamp(text: string): Date | null {
  const http = parseHttpDate(text);
  if (http) return http;
  const match = RFC3339.exec(text);
  if (!match) return null;
  const [, yyyy, mo, dd, hh, mm, ss, fraction, zone] = match;
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, "0")) : 0;
  const date = utcDate(
    Number(yyyy),
    Number(mo),
    Number(dd),
    Number(hh),
    Number(mm),
    Number(ss),
    millis,
  );
  if (!date) return null;
  if (zone === "Z" || zone === "z") return date;
  const sign = zone!.startsWith("-") ? -1 : 1;
  const offsetHours = Number(zone!.slice(1, 3));
  const offsetMinutes = Number(zone!.slice(4, 6));
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  return new Date(date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
}

function utcDate(
  year: number,
  month: number,
  day: number,
  hours: number,
  minutes: number,
  seconds: number,
  millis: number,
): Date | null {
  if (month < 1 || month > 12 || hours > 23 || minutes > 59 || seconds > 59) return null;
  const date = new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds, millis));
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear puts them back.
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

/** When a signed date counts as too old or too new. */
export interface FreshnessOptions {
  /** The verifier's current time; the system clock when omitted. */
  now?: Date;
  /** Reject dates older than this many seconds (EXPIRED). No age limit when omitted. */
  maxAgeSeconds?: number;
  /** Dates up to this many seconds ahead of `now` are accepted; default 300. */
  clockSkewSeconds?: number;
}

/** EXPIRED when `issued` is older than maxAge, ISSUED_IN_FUTURE when it is ahead of now + skew. */
export function checkFreshness(issued: Date, options: FreshnessOptions): Result<void> {
  const now = (options.now ?? new Date()).getTime();
  if (Number.isNaN(now)) return fail("BAD_FORMAT", "now is not a valid date");
  const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const age = (now - issued.getTime()) / 1000;
  if (age < -skew) {
    return fail("ISSUED_IN_FUTURE", `dated ${Math.ceil(-age)} s after now: clock tampering?`);
  }
  if (options.maxAgeSeconds !== undefined && age > options.maxAgeSeconds) {
    return fail("EXPIRED", `dated ${Math.floor(age)} s ago, older than ${options.maxAgeSeconds} s`);
  }
  return ok(undefined);
}
