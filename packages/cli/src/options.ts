import { CliError, usageError } from "./errors.js";

// Parsers for option values shared by several commands. They throw CliError("USAGE"), which
// commander lets through to main() unchanged.

/** `--now` / `--issued`: an ISO 8601 date-time or Unix seconds. */
export function parseDate(flag: string): (value: string) => Date {
  return (value) => {
    const trimmed = value.trim();
    const date = /^\d+$/.test(trimmed) ? new Date(Number(trimmed) * 1000) : new Date(trimmed);
    if (trimmed === "" || Number.isNaN(date.getTime())) {
      throw usageError(`${flag} expects an ISO 8601 date or Unix seconds, got '${value}'`);
    }
    return date;
  };
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `--ttl`: seconds (`3600`), with a unit (`90m`, `12h`, `30d`, `2w`), or `none`. */
export function parseTtl(value: string): number | null {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === "none" || trimmed === "null") return null;
  const match = /^(\d+)([smhdw]?)$/.exec(trimmed);
  const seconds = match ? Number(match[1]) * UNITS[match[2] || "s"]! : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw usageError(
      `--ttl expects a positive number of seconds (optionally with s/m/h/d/w) or 'none', got '${value}'`,
    );
  }
  return seconds;
}

/**
 * Case-insensitive choice among known names (schemes, algorithms); an unknown name is
 * UNSUPPORTED_ALGORITHM naming `what` and the accepted names.
 */
export function pickName<T extends string>(value: string, names: readonly T[], what: string): T {
  const wanted = value.trim().toLowerCase();
  const found = names.find((name) => name.toLowerCase() === wanted);
  if (found === undefined) {
    throw new CliError(
      "UNSUPPORTED_ALGORITHM",
      `unknown ${what} '${value}' (expected one of ${names.join(", ")})`,
    );
  }
  return found;
}
