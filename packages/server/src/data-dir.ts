import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";

// The data dir holds the server secret, the first admin token and the SQLite database (with
// the hashes of every token and the sealed keys): only the server's own user may enter it or
// read them. Created 0700 with files 0600; an existing dir or file that others may read or
// enter is tightened at start, with a warning (the caller logs it).

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** Receives what had to be tightened, for the log. */
export type Warn = (message: string) => void;

/** Without a logger (the CLI, scripts): Node's own warning on stderr. */
export const warnOnStderr: Warn = (message) => process.emitWarning(message);

/** Creates `dir` (and missing parents) 0700, or tightens an existing one. */
export function preparePrivateDir(dir: string, warn: Warn): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  tighten(dir, DIR_MODE, warn);
}

/** Creates `file` empty and 0600 when `create` and it is missing; tightens it when it exists. */
export function preparePrivateFile(file: string, warn: Warn, create = false): void {
  if (create) closeSync(openSync(file, "a", FILE_MODE));
  if (existsSync(file)) tighten(file, FILE_MODE, warn);
}

function tighten(path: string, mode: number, warn: Warn): void {
  // Windows has no such modes: chmod there only sets or clears read-only.
  if (process.platform === "win32") return;
  const current = statSync(path).mode & 0o777;
  if ((current & ~mode) === 0) return;
  chmodSync(path, mode);
  warn(
    `${path} was open to other users (mode ${current.toString(8)}); ` +
      `changed to ${mode.toString(8)}`,
  );
}
