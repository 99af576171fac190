/** keyward: the command line. `main` runs it in-process and returns the exit status. */
export { CliError, type CliErrorCode, EXIT_CODES } from "./errors.js";
export type { Io, OutputStream } from "./io.js";
export { createProgram, main, VERSION } from "./main.js";
