/**
 * Every failure of @keyward/formats is a FormatError with a machine-readable code.
 * Verification functions never throw: they return a Result so callers can branch on
 * the outcome (expired vs. tampered vs. wrong key) without try/catch.
 */
export type FormatErrorCode =
  /** Input is not the expected shape: armor, JSON, delimiters, missing fields. */
  | "BAD_FORMAT"
  /** Base64 / base64url / hex / UTF-8 that does not decode. */
  | "BAD_ENCODING"
  /** The artifact declares an algorithm other than the one the caller expects. */
  | "WRONG_ALGORITHM"
  /** An algorithm or scheme name Keyward does not know. */
  | "UNSUPPORTED_ALGORITHM"
  /** The signature does not verify with the given key. */
  | "BAD_SIGNATURE"
  /** Decryption failed: wrong license key, wrong fingerprint, or corrupted ciphertext. */
  | "CANNOT_DECRYPT"
  /** Signature is valid but the artifact's expiry has passed. */
  | "EXPIRED"
  /** Signature is valid but it was issued after "now": the clock was set back. */
  | "ISSUED_IN_FUTURE"
  /** A key that cannot be parsed or does not fit the requested algorithm. */
  | "BAD_KEY"
  /** Input too large for the format (e.g. RSA_2048_PKCS1_ENCRYPT datasets over 245 bytes). */
  | "TOO_LARGE"
  /** A value the artifact binds to (fingerprint, license, product, date) does not match. */
  | "MISMATCH";

export class FormatError extends Error {
  override readonly name = "FormatError";
  constructor(
    readonly code: FormatErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type Result<T, E = FormatError> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function fail(code: FormatErrorCode, message: string): Result<never> {
  return { ok: false, error: new FormatError(code, message) };
}

export function isFormatError(error: unknown): error is FormatError {
  return error instanceof FormatError;
}

/**
 * Runs a decoding step that signals failure by throwing FormatError and turns it into a Result.
 * Anything else thrown is a bug in this package and is rethrown, not masked.
 */
export async function attempt<T>(step: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await step());
  } catch (error) {
    if (isFormatError(error)) return { ok: false, error };
    throw error;
  }
}

/** `attempt` for a synchronous step. */
export function attemptSync<T>(step: () => T): Result<T> {
  try {
    return ok(step());
  } catch (error) {
    if (isFormatError(error)) return { ok: false, error };
    throw error;
  }
}
