// Requests to the license server: main then standby URL (SPEC T13), a timeout per attempt and
// retries with exponential backoff. Only failures that say nothing about the license are retried.
import { KeywardError } from "./errors.js";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface RetryOptions {
  /** Rounds over the server URLs after the first: default 2. */
  retries?: number;
  /** Wait before the first retry, doubled for each next one: default 250 ms. */
  baseDelayMs?: number;
  /** Longest wait between rounds: default 5000 ms. */
  maxDelayMs?: number;
  /**
   * Longest Retry-After of a 429 the SDK waits before retrying: default the request timeout
   * (timeoutMs). A longer one fails at once with RATE_LIMITED and its `retryAfterMs`.
   */
  maxRetryAfterMs?: number;
}

export interface TransportOptions {
  serverUrls: string[];
  fetch: FetchLike;
  timeoutMs: number;
  retry: Required<RetryOptions>;
  sleep: (ms: number) => Promise<void>;
}

export interface ApiRequest {
  method: "GET" | "POST" | "DELETE";
  path: string;
  body?: unknown;
  /** Sent as `Authorization: License <key>`. */
  licenseKey?: string;
}

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: callers check the fields they read
  body: any;
}

/** 5xx and 429 may pass on another try or another instance; other answers are final. */
const retryable = (status: number) => status >= 500 || status === 429;

/** Retry-After in ms: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^[0-9]{1,9}$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function transport(options: TransportOptions) {
  const { serverUrls, retry } = options;

  async function once(base: string, request: ApiRequest): Promise<ApiAnswer> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (request.body !== undefined) headers["content-type"] = "application/json";
    if (request.licenseKey !== undefined) headers.authorization = `License ${request.licenseKey}`;
    const init: RequestInit = {
      method: request.method,
      headers,
      signal: AbortSignal.timeout(options.timeoutMs),
    };
    if (request.body !== undefined) init.body = JSON.stringify(request.body);
    let response: Response;
    try {
      response = await options.fetch(base + request.path, init);
    } catch (error) {
      const reason = failureReason(error, options.timeoutMs);
      throw new KeywardError(
        "NETWORK",
        `${request.method} ${base}${request.path} failed: ${reason}`,
        { cause: error },
      );
    }
    const text = await response.text().catch(() => "");
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!retryable(response.status)) return { status: response.status, body };
    // Retryable, so thrown (the next attempt or server may answer), but with what the server
    // said: a JSON error body's code and message (e.g. INTERNAL), else the bare status.
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const serverCode = typeof error?.code === "string" ? error.code : undefined;
    const said = typeof error?.message === "string" ? `: ${error.message}` : "";
    const answered = `${request.method} ${base}${request.path} answered ${response.status}${said}`;
    if (response.status === 429) {
      const wait = retryAfterMs(response.headers.get("retry-after"));
      throw new KeywardError("RATE_LIMITED", said ? answered : `${answered}: too many requests`, {
        status: 429,
        ...(serverCode === undefined ? {} : { serverCode }),
        ...(wait === null ? {} : { retryAfterMs: wait }),
      });
    }
    throw new KeywardError("NETWORK", answered, {
      status: response.status,
      ...(serverCode === undefined ? {} : { serverCode }),
    });
  }

  return {
    /** The first final answer from any server URL; NETWORK error when none came. */
    async request(request: ApiRequest): Promise<ApiAnswer> {
      let last: unknown;
      // The longest Retry-After of this round's 429s: the next round waits at least that.
      let told = 0;
      for (let round = 0; round <= retry.retries; round++) {
        if (round > 0) {
          const delay = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (round - 1));
          // Jitter (50–100 %) spreads the retries of many devices after an outage; a server's
          // Retry-After is waited in full (its window has not reset before).
          await options.sleep(Math.max(told, delay * (0.5 + Math.random() / 2)));
          told = 0;
        }
        for (const base of serverUrls) {
          try {
            return await once(base, request);
          } catch (error) {
            last = error;
            if (error instanceof KeywardError && error.code === "RATE_LIMITED") {
              const wait = error.retryAfterMs ?? 0;
              // Waiting longer than the caller allows: say so now, with when to come back.
              if (wait > retry.maxRetryAfterMs) throw error;
              told = Math.max(told, wait);
            }
          }
        }
      }
      throw last instanceof KeywardError
        ? last
        : new KeywardError("NETWORK", "no server answered", { cause: last });
    },
  };
}

// OpenSSL's certificate and protocol errors as Node names them.
const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL"]);

interface SystemError {
  code?: unknown;
  message?: unknown;
  reason?: unknown;
  hostname?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The innermost error with a system code: fetch's `cause`, or the first of an AggregateError. */
function systemError(error: unknown): SystemError | null {
  let current = error as SystemError | null | undefined;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    if (typeof current.code === "string") return current;
    current = (Array.isArray(current.errors) ? current.errors[0] : current.cause) as
      | SystemError
      | undefined;
  }
  return null;
}

/**
 * Why a request got no answer, in a few words with the system's code: a timeout, a refused
 * connection (ECONNREFUSED), DNS (ENOTFOUND), TLS (a certificate, a protocol mismatch), …
 * Node's fetch says only "fetch failed" and keeps the reason in `cause`; browsers keep none.
 */
export function failureReason(error: unknown, timeoutMs: number): string {
  if ((error as { name?: unknown } | null)?.name === "TimeoutError") {
    return `no answer within ${timeoutMs} ms (timeout)`;
  }
  const system = systemError(error);
  if (!system) {
    const cause = (error as SystemError | null)?.cause as SystemError | undefined;
    if (cause) return String(cause.message ?? cause);
    // A browser's "Failed to fetch": it keeps the reason from the page on purpose.
    const text = String((error as SystemError | null)?.message ?? error);
    return `${text} (no reason given: offline, DNS, TLS or CORS)`;
  }
  const code = system.code as string;
  const text = String(system.reason ?? system.message ?? "").split("\n")[0];
  if (code === "ECONNREFUSED") return "connection refused (ECONNREFUSED)";
  if (code === "ECONNRESET") return "connection reset (ECONNRESET)";
  if (DNS_CODES.has(code)) {
    const host = typeof system.hostname === "string" ? ` for ${system.hostname}` : "";
    return `DNS lookup failed${host} (${code})`;
  }
  if (code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT") {
    return `connecting timed out (${code})`;
  }
  if (TLS_CODES.test(code)) return `TLS failed: ${text} (${code})`;
  return `${text} (${code})`;
}

/**
 * A JSON error answer as a KeywardError (SERVER unless `code` says otherwise), with the
 * server's code when it sent one.
 */
export function serverError(
  answer: ApiAnswer,
  what: string,
  code: "SERVER" | "ACTIVATION_REFUSED" | "WRONG_PRODUCT" = "SERVER",
): KeywardError {
  const error = answer.body?.error;
  const serverCode = typeof error?.code === "string" ? error.code : undefined;
  const message = typeof error?.message === "string" ? error.message : `status ${answer.status}`;
  return new KeywardError(code, `${what}: ${message}`, {
    status: answer.status,
    ...(serverCode === undefined ? {} : { serverCode }),
  });
}

/** `https://host/` → `https://host`: paths are appended as `/v1/...`. */
export function normalizeUrl(url: string, name: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new KeywardError("CONFIG", `${name} is not a URL: ${url}`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new KeywardError("CONFIG", `${name} must be an http(s) URL`);
  }
  return parsed.href.replace(/\/+$/, "");
}
