/** What went wrong, machine-readable. */
export type KeywardErrorCode =
  /** The options given to the client are unusable (no public key, bad URL, …). */
  | "CONFIG"
  /** No server answered: connection refused, DNS, timeout, or a 5xx after every retry. */
  | "NETWORK"
  /** The server answered with an error body ({"error": {code, message}}): see `serverCode`. */
  | "SERVER"
  /** The server's answer is not what the API promises (not JSON, missing fields, bad lease). */
  | "BAD_RESPONSE"
  /**
   * The server does not know the license key (its check answered NOT_FOUND: a typo, or a
   * deleted license). The answer is unsigned, so it never locks a device that holds a lease.
   */
  | "UNKNOWN_KEY"
  /**
   * The license key is for another product than the client's `productId`: the server's signed
   * lease names another product of the same vendor.
   */
  | "WRONG_PRODUCT"
  /**
   * The server refused to activate this device (`status` 409/422, `serverCode`
   * MACHINE_LIMIT_EXCEEDED, LICENSE_SUSPENDED, LICENSE_EXPIRED, LICENSE_REVOKED, HEARTBEAT_DEAD).
   */
  | "ACTIVATION_REFUSED"
  /**
   * Trackable mode with `encrypt: true`: the server's encrypted answer does not decrypt with
   * this device's credential for this request (changed in transit, or made for another request).
   */
  | "CANNOT_DECRYPT"
  /** The call needs an activated device (heartbeat, deactivate) and this one is not. */
  | "NOT_ACTIVATED"
  /**
   * The server answered 429 (`serverCode` RATE_LIMITED) and its Retry-After (`retryAfterMs`) is
   * longer than `retry.maxRetryAfterMs`, or it still did after every retry.
   */
  | "RATE_LIMITED";

/** Every failure the SDK reports is a KeywardError; `cause` keeps the underlying error. */
export class KeywardError extends Error {
  override readonly name = "KeywardError";
  readonly code: KeywardErrorCode;
  /** The HTTP status of an error answer (SERVER, ACTIVATION_REFUSED, NETWORK for a 5xx, 429). */
  readonly status: number | undefined;
  /**
   * The server's error code (e.g. MACHINE_LIMIT_EXCEEDED), for SERVER, ACTIVATION_REFUSED,
   * UNKNOWN_KEY (NOT_FOUND), and NETWORK or RATE_LIMITED when the answer had a JSON error body.
   */
  readonly serverCode: string | undefined;
  /** RATE_LIMITED: how long the server asked to wait (its Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: KeywardErrorCode,
    message: string,
    details: { status?: number; serverCode?: string; cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.serverCode = details.serverCode;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export function isKeywardError(error: unknown): error is KeywardError {
  return error instanceof KeywardError;
}
