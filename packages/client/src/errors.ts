/** One problem of a request, at the field it names (VALIDATION_FAILED, INVALID_POLICY…). */
export interface ErrorDetail {
  /** Where: `body.maxMachines`, `query.limit`, `body.eventTypes[1]`. */
  path: string;
  message: string;
  /** The values the field takes, when it is one of a list. */
  allowedValues?: unknown[];
}

/** The body of every failed Keyward request. */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: ErrorDetail[] };
}

function isErrorBody(body: unknown): body is ErrorBody {
  const error = (body as { error?: unknown } | null)?.error as Partial<ErrorBody["error"]>;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof error.code === "string" &&
    typeof error.message === "string"
  );
}

/**
 * The server answered with an error status. `code`, `message` and `requestId` come from the
 * API's error body; an answer without one (a proxy's 502 page, say) gets `HTTP_<status>`.
 */
export class KeywardApiError extends Error {
  override readonly name = "KeywardApiError";
  /** The machine-readable code, e.g. LICENSE_NOT_FOUND or VALIDATION_FAILED. */
  readonly code: string;
  /** The server's id of the request (req_…), for its logs; null when the body had none. */
  readonly requestId: string | null;
  /** The problems at the fields they name (empty when the answer names none). */
  readonly details: ErrorDetail[];
  /**
   * Seconds to wait before trying again, from the answer's Retry-After (429 RATE_LIMITED):
   * null when it had none.
   */
  readonly retryAfterSeconds: number | null;

  constructor(
    readonly status: number,
    /** The parsed body (or its text) as the server sent it. */
    readonly body: unknown,
    readonly method: string,
    readonly url: string,
    headers?: Headers,
    now: Date = new Date(),
  ) {
    const standard = isErrorBody(body) ? body.error : undefined;
    super(standard?.message ?? KeywardApiError.describe(status, body, method, url));
    this.code = standard?.code ?? `HTTP_${status}`;
    this.requestId = typeof standard?.requestId === "string" ? standard.requestId : null;
    this.details = Array.isArray(standard?.details) ? standard.details : [];
    this.retryAfterSeconds = retryAfter(headers?.get("retry-after") ?? null, now);
  }

  private static describe(status: number, body: unknown, method: string, url: string): string {
    const text = typeof body === "string" ? body : body === undefined ? "" : JSON.stringify(body);
    const excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    return `${method} ${url} answered ${status} without a Keyward error body${excerpt ? `: ${excerpt}` : ""}`;
  }
}

/** Retry-After in seconds: delta-seconds, or an HTTP date (RFC 9110); null when absent or bad. */
function retryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * No answer from the server: refused, unresolvable, reset, TLS failure, blocked by CORS.
 * `url` is the request's with every query value replaced by `***` (a search may be for a
 * license key, and this error goes to logs): `…/v1/licenses?q=***&limit=***`.
 */
export class KeywardNetworkError extends Error {
  override readonly name = "KeywardNetworkError";
  readonly url: string;

  constructor(
    readonly method: string,
    url: string,
    cause: unknown,
  ) {
    const shown = withoutQueryValues(url);
    super(`${method} ${shown} failed: ${describeCause(cause)}`, { cause });
    this.url = shown;
  }
}

/** The URL with its path, its query's names and `***` for each value; no credentials. */
function withoutQueryValues(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/[?#][\s\S]*$/, "");
  }
  const names: string[] = [];
  parsed.searchParams.forEach((_value, name) => {
    names.push(name);
  });
  parsed.username = "";
  parsed.password = "";
  parsed.search = "";
  parsed.hash = "";
  if (names.length === 0) return parsed.href;
  return `${parsed.href}?${names.map((name) => `${encodeURIComponent(name)}=***`).join("&")}`;
}

// Node's fetch throws TypeError("fetch failed") with the socket error as its cause (an
// AggregateError when every address of a host refused); browsers give only "Failed to fetch".
function describeCause(error: unknown): string {
  const reasons: string[] = [];
  for (let current = error; current !== undefined && reasons.length < 5; ) {
    if (current instanceof AggregateError && current.errors.length > 0) {
      reasons.push(current.errors.map(describeCause).join("; "));
      break;
    }
    const message =
      current instanceof Error
        ? current.message || String((current as { code?: unknown }).code ?? current.name)
        : String(current);
    if (message !== "fetch failed") reasons.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  if (reasons.length === 0) return "network error";
  if (reasons.length === 1 && error instanceof TypeError && error.cause === undefined) {
    // A browser's fetch hides the reason from the page.
    return `${reasons[0]} (server unreachable, or the request was blocked, e.g. by CORS)`;
  }
  return reasons.join(": ");
}
