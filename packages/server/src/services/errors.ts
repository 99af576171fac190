import { type ErrorCode, statusOfCode } from "./error-catalogue.js";

export type { ErrorCode } from "./error-catalogue.js";

/** One field's problem: `path` as in validation errors (`body.overage.allowance`). */
export interface ServiceErrorDetail {
  path: string;
  message: string;
}

/**
 * The one error type services throw, by a code of the catalogue (error-catalogue.ts), which
 * gives its HTTP status; http/errors.ts turns it into a response, in one place.
 */
export class ServiceError extends Error {
  override readonly name = "ServiceError";
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Per-field problems, when the error is about fields of the body (INVALID_POLICY). */
    readonly details?: ServiceErrorDetail[],
  ) {
    super(message);
    this.status = statusOfCode(code);
  }
}

/**
 * Why the database is unavailable, when `error` says it is (code DATABASE_UNAVAILABLE: the
 * store's error or a service's 503): the driver's own message, its cause's. Null otherwise.
 * An outage is logged as a warning with this reason, not as a bug with a stack.
 */
export function databaseUnavailableReason(error: unknown): string | null {
  if ((error as { code?: unknown } | null)?.code !== "DATABASE_UNAVAILABLE") return null;
  const { cause, message } = error as Error;
  return cause instanceof Error ? cause.message : message;
}

/** What notFound takes: `license` for LICENSE_NOT_FOUND, `handshake_code` for HANDSHAKE_CODE_NOT_FOUND. */
export type NotFoundResource = ResourceOf<ErrorCode>;
type ResourceOf<C> = C extends `${infer R}_NOT_FOUND` ? Lowercase<R> : never;

/** 404 for an id that does not exist *in the caller's organization* (no existence oracle). */
export function notFound(resource: NotFoundResource, id: string): ServiceError {
  const code = `${resource.toUpperCase() as Uppercase<NotFoundResource>}_NOT_FOUND` as const;
  return new ServiceError(code, `${resource} ${id} not found`);
}

export function forbidden(message: string): ServiceError {
  return new ServiceError("FORBIDDEN", message);
}

/** 409 LICENSE_SUSPENDED, LICENSE_EXPIRED or LICENSE_REVOKED: a license that cannot be used now. */
export function licenseUnusable(status: "suspended" | "expired" | "revoked"): ServiceError {
  const code = `LICENSE_${status.toUpperCase() as Uppercase<typeof status>}` as const;
  return new ServiceError(code, `license is ${status}`);
}
