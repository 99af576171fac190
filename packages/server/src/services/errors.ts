/**
 * The one error type services throw. `status` is the HTTP status the API maps it to, so route
 * handlers never translate errors themselves (http/errors.ts does, in one place).
 */
export class ServiceError extends Error {
  override readonly name = "ServiceError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** 404 for an id that does not exist *in the caller's organization* (no existence oracle). */
export function notFound(resource: string, id: string): ServiceError {
  return new ServiceError(
    404,
    `${resource.toUpperCase()}_NOT_FOUND`,
    `${resource} ${id} not found`,
  );
}

export function forbidden(message: string): ServiceError {
  return new ServiceError(403, "FORBIDDEN", message);
}
