/**
 * Every error code the API answers with: its HTTP status and what it means, in one place.
 * Services throw by code (`new ServiceError("LICENSE_SUSPENDED", message)`), http/errors.ts takes
 * the status from here, route schemas list their codes from here for OpenAPI, and docs/server.md's
 * error table is checked against it (test/error-catalogue.test.ts). Codes are API: add, never
 * rename.
 */
export const ERROR_CATALOGUE = {
  // The request as such (http/errors.ts, before or around any route).
  BAD_REQUEST: { status: 400, meaning: "the request is not valid HTTP/1.1" },
  INVALID_URL: {
    status: 400,
    meaning: "the URL (path or query string) is not valid percent-encoded UTF-8",
  },
  INVALID_JSON: {
    status: 400,
    meaning:
      "the body is not UTF-8 JSON, has a `__proto__` or `constructor.prototype` key, or is " +
      "empty with a JSON type",
  },
  INVALID_CONTENT_LENGTH: { status: 400, meaning: "the body's length differs from Content-Length" },
  VALIDATION_FAILED: {
    status: 400,
    meaning: "the body, query or path breaks the route's schema (every problem in details)",
  },
  UNAUTHORIZED: { status: 401, meaning: "no usable bearer token or License key" },
  TOKEN_EXPIRED: { status: 401, meaning: "the bearer token's expiresAt has passed" },
  FORBIDDEN: { status: 403, meaning: "the token may not do this (kind or product scope)" },
  TOKEN_READ_ONLY: { status: 403, meaning: "a read-scoped token may only GET" },
  ROUTE_NOT_FOUND: { status: 404, meaning: "no route for this method and path" },
  DASHBOARD_FILE_NOT_FOUND: { status: 404, meaning: "no such file of the admin dashboard" },
  DASHBOARD_NOT_BUILT: { status: 503, meaning: "the admin dashboard's files are not built" },
  REQUEST_TIMEOUT: { status: 408, meaning: "the request was not received in time" },
  BODY_TOO_LARGE: {
    status: 413,
    meaning:
      "the body is over KEYWARD_BODY_LIMIT (offline requests: a part over 64 KB, or over 16 parts)",
  },
  URL_TOO_LONG: { status: 414, meaning: "a path segment is over 100 characters" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: "the route does not take this Content-Type" },
  EXPECTATION_FAILED: { status: 417, meaning: "an Expect other than 100-continue" },
  HEADERS_TOO_LARGE: { status: 431, meaning: "the request line and headers are over 16 KB" },
  RATE_LIMITED: {
    status: 429,
    meaning: "too many requests from this address, key or token: wait Retry-After seconds",
  },
  CONFLICT: {
    status: 409,
    meaning: "the change conflicts with existing data (duplicate, still referenced, or a race)",
  },
  INTERNAL_ERROR: { status: 500, meaning: "a fault of the server (logged with its stack)" },
  DATABASE_UNAVAILABLE: {
    status: 503,
    meaning: "the database cannot answer now: retry later (`Retry-After: 2`)",
  },
  METRICS_UNAVAILABLE: {
    status: 503,
    meaning: "under --workers, a worker did not hand its metrics to the scrape in time",
  },

  // Headers some routes read.
  INVALID_IDEMPOTENCY_KEY: {
    status: 400,
    meaning: "Idempotency-Key is not one value of 1–255 visible ASCII characters",
  },
  IDEMPOTENCY_KEY_NOT_SUPPORTED: {
    status: 400,
    meaning: "the route's answer holds a secret shown once, so it is never stored for a retry",
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    meaning: "the Idempotency-Key was used for another method, path or body",
  },
  IDEMPOTENCY_KEY_IN_PROGRESS: {
    status: 409,
    meaning: "a request with this Idempotency-Key is still running",
  },
  INVALID_ACCEPT_SIGNATURE: { status: 400, meaning: "Keyward-Accept-Signature is malformed" },
  UNSUPPORTED_SIGNATURE_ALGORITHM: {
    status: 400,
    meaning: "Keyward-Accept-Signature names an algorithm the server does not sign with",
  },

  // Ids that do not exist in the caller's organization (another organization's ids too).
  ORGANIZATION_NOT_FOUND: { status: 404, meaning: "no such organization" },
  PRODUCT_NOT_FOUND: { status: 404, meaning: "no such product" },
  POLICY_NOT_FOUND: { status: 404, meaning: "no such policy" },
  LICENSE_NOT_FOUND: { status: 404, meaning: "no such license (or none this caller may reach)" },
  MACHINE_NOT_FOUND: { status: 404, meaning: "no such machine" },
  USER_NOT_FOUND: { status: 404, meaning: "no such user" },
  TOKEN_NOT_FOUND: { status: 404, meaning: "no such token" },
  ENTITLEMENT_NOT_FOUND: { status: 404, meaning: "no such entitlement" },
  HANDSHAKE_CODE_NOT_FOUND: { status: 404, meaning: "no such handshake code" },
  DEVICE_NOT_FOUND: { status: 404, meaning: "the device is not activated on the license" },
  USAGE_ALERT_NOT_FOUND: { status: 404, meaning: "no such usage alert" },

  // Resources and their rules.
  PRODUCT_HAS_TOKENS: { status: 409, meaning: "the product still has tokens that work" },
  PRODUCT_IN_USE: {
    status: 409,
    meaning: "the product still has policies (and licenses of them): delete those first",
  },
  LAST_ADMIN_TOKEN: {
    status: 409,
    meaning: "the organization's last working admin token cannot be revoked: create another first",
  },
  POLICY_IN_USE: {
    status: 409,
    meaning: "licenses or public trials use the policy, so it cannot change or go",
  },
  INVALID_POLICY: { status: 400, meaning: "the policy's rules do not hold together" },
  POLICY_PRODUCT_MISMATCH: { status: 422, meaning: "the policy belongs to another product" },
  LICENSE_PRODUCT_MISMATCH: {
    status: 422,
    meaning: "the license is for another product than the activation names",
  },
  EMAIL_TAKEN: { status: 409, meaning: "another user of the organization has that email" },
  USERNAME_TAKEN: { status: 409, meaning: "another user of the organization has that username" },
  USER_HAS_LICENSES: { status: 409, meaning: "licenses still name the user" },
  PRODUCT_REQUIRED: { status: 400, meaning: "a product token needs productId" },
  INVALID_TOKEN_SCOPE: { status: 400, meaning: "only product tokens take a productId" },
  INVALID_EXPIRY: { status: 400, meaning: "expiresAt is not a date in the future" },
  NO_SIGNING_KEY: { status: 409, meaning: "the organization has no signing key of that type" },
  SIGNING_KEY_NOT_FOUND: { status: 404, meaning: "no such signing key" },
  SIGNING_KEY_STATE: {
    status: 409,
    meaning:
      "the signing key's state forbids this: only a next key activates, the active key is not " +
      "retired, and an algorithm has at most one next key",
  },
  NO_DEFAULT_HANDSHAKE_CODE: { status: 409, meaning: "the organization has no handshake code" },
  HANDSHAKE_CODE_IS_DEFAULT: {
    status: 409,
    meaning: "the default handshake code goes only after another becomes the default",
  },
  HANDSHAKE_CODE_TAKEN: { status: 409, meaning: "that handshake code is already in use" },
  HANDSHAKE_CODE_IN_USE: { status: 409, meaning: "licenses are bound to the handshake code" },

  // Licenses.
  INVALID_LICENSE: { status: 400, meaning: "a date of the license is not valid" },
  INVALID_OVERRIDES: { status: 400, meaning: "the license's overrides break the policy's rules" },
  KEY_TAKEN: {
    status: 409,
    meaning: "a license with this key already exists (keys are unique across the server)",
  },
  KEY_SCHEME_MISMATCH: {
    status: 409,
    meaning:
      "the policy's key scheme is not the one the license's signed or encrypted key was made with",
  },
  POLICY_LIMITS_EXCEEDED: {
    status: 409,
    meaning:
      "the license has more machines or uses than the policy's limits allow (overrides and " +
      "overage included)",
  },
  INVALID_KEY: {
    status: 400,
    meaning: "the key cannot be made (length, the shape of an id, scheme or signing)",
  },
  LICENSE_REQUIRED: { status: 400, meaning: "this token needs licenseId" },
  LICENSE_SUSPENDED: { status: 409, meaning: "the license is suspended" },
  LICENSE_EXPIRED: { status: 409, meaning: "the license has expired" },
  LICENSE_REVOKED: { status: 409, meaning: "the license is revoked, for good" },
  LICENSE_NOT_RENEWABLE: {
    status: 409,
    meaning: "the license's policy has no duration, or renewing would pass 9999-12-31",
  },
  LICENSE_AMBIGUOUS: { status: 409, meaning: "the user holds several licenses: name the product" },
  MACHINE_LIMIT_EXCEEDED: { status: 422, meaning: "the license has no machine seat left" },
  HEARTBEAT_DEAD: { status: 409, meaning: "the machine missed its heartbeat and stays dead" },
  USAGE_LIMIT_EXCEEDED: { status: 422, meaning: "the uses would pass the license's limit" },

  // Users of licenses signing in (SPEC L4).
  INVALID_CREDENTIALS: { status: 401, meaning: "unknown username or wrong password" },
  PASSWORD_MISSING: { status: 400, meaning: "a username came without a password" },
  TOO_MANY_ATTEMPTS: { status: 429, meaning: "too many failed passwords: wait and retry" },

  // Trackable devices (SPEC T2–T10).
  SESSION_PASSWORD_BUSY: {
    status: 429,
    meaning:
      "no room to check a session password now (one per network at a time): retry in seconds",
  },
  SESSION_PASSWORD_INVALID: { status: 401, meaning: "the session password is missing or wrong" },
  DOMAIN_NOT_ALLOWED: { status: 403, meaning: "the domain is not allowed by the handshake code" },
  PROCESS_NOT_ALLOWED: { status: 403, meaning: "the process is not allowed by the handshake code" },
  APP_IDENTIFIER_NOT_ALLOWED: {
    status: 403,
    meaning: "the application identifier is not allowed by the product or the handshake code",
  },
  PLATFORM_NOT_ALLOWED: { status: 403, meaning: "the platform is not allowed by the product" },
  TRIAL_NOT_AVAILABLE: { status: 404, meaning: "the product offers no public trial" },
  TRIAL_ALREADY_USED: { status: 409, meaning: "the machine already had the public trial" },
  INVALID_REPORT: { status: 400, meaning: "a usage report's period is not valid" },
  HANDSHAKE_CODE_REQUIRED: {
    status: 400,
    meaning: "the request names neither an organization nor a handshake code (a public trial's)",
  },
  ENCRYPTION_UNAVAILABLE: {
    status: 400,
    meaning: "encryption asked without an organization id or handshake code to derive a key from",
  },
  ENCRYPTED_BODY_INVALID: {
    status: 400,
    meaning: "an encrypted body does not decrypt with the request's credential, or was changed",
  },

  // Offline activation (seed 003, LicenseSpring's names).
  MISSING_HEADERS: { status: 400, meaning: "the Authorization or Date header is missing" },
  REQUEST_BODY_MISSING: { status: 400, meaning: "no request text or file" },
  FILE_MISSING: { status: 400, meaning: "the multipart body has no `file` field" },
  INVALID_BASE64: { status: 400, meaning: "the request is not Base64" },
  INVALID_REQUEST_DATA: { status: 400, meaning: "the request is not Base64 of a JSON object" },
  LICENSE_KEY_MISSING: { status: 400, meaning: "license_key or username is missing" },
  AMBIGUOUS_IDENTITY: { status: 400, meaning: "both license_key and username were given" },
  HARDWARE_ID_MISSING: { status: 400, meaning: "hardware_id is missing" },
  DATE_MISSING: { status: 400, meaning: "the request's date is missing" },
  API_KEY_MISSING: { status: 400, meaning: "api_key is missing" },
  SIGNATURE_MISSING: { status: 400, meaning: "signature is missing" },
  INVALID_FIELD: { status: 400, meaning: "a request field has the wrong type or is too long" },
  WRONG_REQUEST_KIND: { status: 400, meaning: "an activation sent to deactivate, or the reverse" },
  INVALID_DATE_HEADER: { status: 400, meaning: "the Date header is not an RFC 7231 date" },
  INVALID_API_KEY: { status: 401, meaning: "no organization has this api_key" },
  INVALID_AUTHORIZATION: {
    status: 401,
    meaning: "the Authorization header is malformed or cannot serve this api_key",
  },
  STALE_DATE: { status: 401, meaning: "the Date header is too far from the server's time" },
  INVALID_SIGNATURE: { status: 401, meaning: "the request signature does not verify" },
  REQUEST_REPLAYED: { status: 409, meaning: "this request was already served" },

  // Webhooks (services/webhooks/).
  WEBHOOK_ENDPOINT_NOT_FOUND: { status: 404, meaning: "no such webhook endpoint" },
  WEBHOOK_DELIVERY_NOT_FOUND: { status: 404, meaning: "no such webhook delivery" },
  WEBHOOK_URL_NOT_ALLOWED: {
    status: 400,
    meaning:
      "the URL is not http(s), holds credentials, does not resolve, or resolves to a loopback, " +
      "private, link-local or reserved address",
  },
  WEBHOOK_ENDPOINT_DISABLED: {
    status: 409,
    meaning: "the webhook endpoint is disabled: enable it before redelivering",
  },

  // Statistics.
  INVALID_DATE_RANGE: {
    status: 400,
    meaning: "from or to is no calendar day, from is after to, or the span is over 366 days",
  },
  // The audit log (GET /v1/audit-log).
  INVALID_TIME_RANGE: {
    status: 400,
    meaning: "since or until is not a real time, or since is after until",
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

/** A code of the catalogue: a typo is a type error. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

export function statusOfCode(code: ErrorCode): number {
  return ERROR_CATALOGUE[code].status;
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, code);
}
