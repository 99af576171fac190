import assert from "node:assert/strict";
import { FormatError, type FormatErrorCode, type Result } from "../../src/index.js";

/**
 * Asserts that `result` failed with a FormatError whose code is one of `codes`, and returns the
 * error. `label` prefixes the assertion messages (a loop index, a counterexample).
 */
export function expectFailure(
  result: Result<unknown>,
  codes: readonly FormatErrorCode[],
  label = "",
): FormatError {
  const where = label === "" ? "" : `${label}: `;
  assert.equal(result.ok, false, `${where}expected a failure (${codes.join("|")})`);
  if (result.ok) throw new Error("unreachable");
  assert.ok(result.error instanceof FormatError, `${where}${String(result.error)}`);
  assert.ok(
    codes.includes(result.error.code),
    `${where}got ${result.error.code} (${result.error.message}), expected ${codes.join("|")}`,
  );
  return result.error;
}

/** `expectFailure` with the codes as arguments: `expectError(result, "BAD_FORMAT")`. */
export function expectError(result: Result<unknown>, ...codes: FormatErrorCode[]): FormatError {
  return expectFailure(result, codes);
}

/** Asserts that `run` throws a FormatError with `code`. */
export function assertThrowsCode(run: () => unknown, code: FormatErrorCode, label = ""): void {
  assert.throws(
    run,
    (error) => error instanceof FormatError && error.code === code,
    `expected ${code}${label === "" ? "" : ` (${label})`}`,
  );
}
