import { type FormatErrorCode, isFormatError } from "@keyward/formats";
import { CommanderError } from "commander";

/**
 * Every failure the CLI reports has a machine-readable code: the FormatError codes of
 * @keyward/formats plus four of its own. The code picks the exit status, so scripts can branch
 * on `$?` without parsing stderr.
 */
export type CliErrorCode =
  | FormatErrorCode
  /**
   * Bad command line: unknown option, missing argument, conflicting options; or a set-up the
   * command cannot start with: an invalid setting, a port another process listens on.
   */
  | "USAGE"
  /** A file that cannot be read or written, or a refused overwrite. */
  | "IO_ERROR"
  /**
   * No answer from a Keyward server (or, for `serve` and `orgs`, from the database): refused,
   * unresolvable, reset, TLS failure.
   */
  | "NETWORK_ERROR"
  /** A bug in keyward: anything thrown that is not one of the errors above. */
  | "INTERNAL";

/**
 * Exit status per error code. 1 is only for internal errors; 2 is a usage error (as in most
 * Unix tools); 3–9 are bad input; 10 and above mean "the input was read, and it does not
 * verify" — a tampered, foreign, expired or mis-bound artifact; 20 and 21 are a server's refusal
 * and no answer at all.
 */
export const EXIT_CODES: Readonly<Record<CliErrorCode, number>> = {
  INTERNAL: 1,
  USAGE: 2,
  IO_ERROR: 3,
  BAD_FORMAT: 4,
  BAD_ENCODING: 4,
  BAD_KEY: 5,
  UNSUPPORTED_ALGORITHM: 6,
  TOO_LARGE: 7,
  BAD_SIGNATURE: 10,
  CANNOT_DECRYPT: 11,
  WRONG_ALGORITHM: 12,
  EXPIRED: 13,
  ISSUED_IN_FUTURE: 14,
  MISMATCH: 15,
  NETWORK_ERROR: 21,
};

export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Exit status when a Keyward server refused a request; the code is then the server's. */
export const SERVER_REFUSED_EXIT = 20;

/** A refusal by the server (4xx/5xx), reported with the server's own error code. */
export class ServerRefusal extends Error {
  override readonly name = "ServerRefusal";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function usageError(message: string): CliError {
  return new CliError("USAGE", message);
}

export interface Failure {
  code: CliErrorCode | string;
  message: string;
  exitCode: number;
}

/** Classifies anything thrown by a command into a code, a one-line message and an exit status. */
export function toFailure(error: unknown): Failure {
  if (error instanceof CliError || isFormatError(error)) {
    return { code: error.code, message: error.message, exitCode: exitCodeOf(error.code) };
  }
  if (error instanceof ServerRefusal) {
    return { code: error.code, message: error.message, exitCode: SERVER_REFUSED_EXIT };
  }
  if (error instanceof CommanderError) {
    // Commander's messages start with "error: "; our prefix already says so.
    const message = error.message.replace(/^error:\s*/i, "");
    return { code: "USAGE", message, exitCode: EXIT_CODES.USAGE };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: "INTERNAL", message: `internal error: ${message}`, exitCode: EXIT_CODES.INTERNAL };
}

export function exitCodeOf(code: string): number {
  return (EXIT_CODES as Partial<Record<string, number>>)[code] ?? 1;
}

/** `keyward: error: <message> (<CODE>)` on exactly one line. */
export function formatFailure(failure: Failure): string {
  return `keyward: error: ${oneLine(failure.message)} (${failure.code})\n`;
}

export function formatWarning(message: string, code?: string): string {
  return `keyward: warning: ${oneLine(message)}${code ? ` (${code})` : ""}\n`;
}

export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join(" ");
}
