// What the license client (client.ts) and the trackable client (trackable.ts) share: the
// device identity, the transport built from their options, and small helpers. Their leases:
// lease.ts.
import {
  base64urlEncode,
  hexEncode,
  type PublicKey,
  parsePublicKey,
  type TrustedKey,
} from "@keyward/formats";
import { isKeywardError, KeywardError } from "./errors.js";
import { type FetchLike, normalizeUrl, type RetryOptions, transport } from "./http.js";
import type { LicenseStatus } from "./status.js";
import { type KeywardStorage, setIfAbsent } from "./storage.js";

/** The storage key of the device identity both clients share. */
export const DEVICE_KEY = "device";

/** The connection options both clients take. */
export interface ConnectionOptions {
  /** The Keyward server, e.g. https://license.example.com. */
  serverUrl: string;
  /** Asked when the main server does not answer (SPEC T13). */
  standbyUrl?: string;
  /** Per request attempt: default 10 000 ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** How retries wait; default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Fails at once (CONFIG) where WebCrypto is missing, instead of a TypeError from deep inside the
 * first check: every lease, file and storage key goes through `crypto.subtle`. Browsers offer it
 * only in a secure context — an HTTPS page, or one from localhost — so a page served over plain
 * HTTP from a LAN address has none.
 */
export function requireWebCrypto(): void {
  const webCrypto = (globalThis as { crypto?: Partial<Crypto> }).crypto;
  if (typeof webCrypto?.subtle?.digest === "function" && webCrypto.getRandomValues) return;
  const page = globalThis as { isSecureContext?: boolean; location?: { origin?: string } };
  throw new KeywardError(
    "CONFIG",
    page.isSecureContext === false
      ? "WebCrypto (crypto.subtle) is unavailable: browsers offer it only in a secure context, " +
          `and this page${page.location?.origin ? ` (${page.location.origin})` : ""} is not one. ` +
          "Serve it over HTTPS, or from localhost"
      : "WebCrypto (crypto.subtle) is unavailable here: the SDK needs it (Node.js 20.19 or " +
          "newer; in browsers, a secure context: HTTPS or localhost)",
  );
}

/**
 * The transport to the main and standby servers, with the options' timeouts and retries. Both
 * clients call it from their constructors, so it first checks that WebCrypto is there.
 */
export function connect(options: ConnectionOptions): ReturnType<typeof transport> {
  requireWebCrypto();
  const fetch = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (!fetch) throw new KeywardError("CONFIG", "no fetch here: pass options.fetch");
  const serverUrls = [normalizeUrl(options.serverUrl, "serverUrl")];
  if (options.standbyUrl) serverUrls.push(normalizeUrl(options.standbyUrl, "standbyUrl"));
  const timeoutMs = options.timeoutMs ?? 10_000;
  return transport({
    serverUrls,
    fetch,
    timeoutMs,
    retry: {
      retries: options.retry?.retries ?? 2,
      baseDelayMs: options.retry?.baseDelayMs ?? 250,
      maxDelayMs: options.retry?.maxDelayMs ?? 5000,
      maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? timeoutMs,
    },
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  });
}

/**
 * The device UUID: generated on first run and kept in storage (SPEC T7). Created with
 * `setIfAbsent`, so apps starting at once on one device (same storage) all use the first one
 * stored, not each its own: one device, one seat.
 */
export async function storedDeviceId(storage: KeywardStorage): Promise<string> {
  const stored = await storage.get(DEVICE_KEY);
  if (stored !== null) return stored;
  return setIfAbsent(storage, DEVICE_KEY, crypto.randomUUID());
}

/** One trusted key as an app gives it: the key (PEM, Base64 DER, hex or parsed) and its id. */
export interface TrustedKeyInput {
  /** The key id artifacts name (`kid`); without it the key is tried for every artifact. */
  id?: string;
  publicKey: string | Uint8Array | PublicKey;
}

/**
 * Several trusted keys (SPEC X7): a list of {id, publicKey}, or the public-keys endpoint's
 * answer as it is (`{data: [...]}`: next, active and retired keys alike). Throws CONFIG.
 */
export function readTrustedKeys(
  input: readonly TrustedKeyInput[] | { data: readonly TrustedKeyInput[] },
): TrustedKey[] {
  const list = Array.isArray(input) ? input : (input as { data?: unknown })?.data;
  if (!Array.isArray(list) || list.length === 0) {
    throw new KeywardError("CONFIG", "publicKeys must be a non-empty list of {id, publicKey}");
  }
  return list.map((item: TrustedKeyInput) => {
    if (item === null || typeof item !== "object" || item.publicKey === undefined) {
      throw new KeywardError("CONFIG", "every entry of publicKeys needs a publicKey");
    }
    if (item.id !== undefined && typeof item.id !== "string") {
      throw new KeywardError("CONFIG", "a key id in publicKeys must be a string");
    }
    const publicKey = readPublicKey(item.publicKey);
    return item.id === undefined ? { publicKey } : { id: item.id, publicKey };
  });
}

export function readPublicKey(input: string | Uint8Array | PublicKey): PublicKey {
  if (typeof input === "object" && "spki" in input) return input;
  try {
    return parsePublicKey(input);
  } catch (error) {
    throw new KeywardError("CONFIG", "publicKey is not a valid public key", { cause: error });
  }
}

/** A timer that does not keep a Node process alive. */
export function schedule(task: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(task, ms);
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/**
 * Runs `check` at once, then again when the lease it answered ends (valid), every `retryMs` and
 * when the grace ends (grace), every `retryMs` (locked), so "change" events follow the license
 * without the app asking; failures go to `onError`. The timed checks of both clients. Answers
 * the function that stops it. The timer does not keep a Node process alive.
 */
export function startTimedChecks(
  check: () => Promise<LicenseStatus>,
  clock: () => Date,
  retryMs: number,
  onError: (error: KeywardError) => void,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const run = async () => {
    let status: LicenseStatus | null = null;
    try {
      status = await check();
    } catch (error) {
      onError(asKeywardError(error));
    }
    if (!stopped) timer = schedule(run, nextCheckDelay(status, clock(), retryMs));
  };
  timer = schedule(run, 0);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** setTimeout's longest delay (about 24.8 days). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Valid: when the lease ends; grace: every retryMs, and when it ends; locked: every retryMs.
 * A CLOCK_AHEAD status's lease times are the server's: its clock decides when they come (the
 * device's, ahead, would put them in the past and check again at once, over and over).
 */
function nextCheckDelay(status: LicenseStatus | null, now: Date, retryMs: number): number {
  const offsetMs = status?.reason === "CLOCK_AHEAD" ? (status.clockOffsetSeconds ?? 0) * 1000 : 0;
  const until = (date: Date | null) =>
    date ? date.getTime() - (now.getTime() - offsetMs) : retryMs;
  let delay = retryMs;
  // A second past the lease's end: timers may fire a little early, the lease is in seconds.
  if (status?.state === "valid") delay = until(status.leaseEndsAt) + 1000;
  else if (status?.state === "grace") delay = Math.min(retryMs, until(status.graceEndsAt));
  return Math.min(MAX_DELAY_MS, Math.max(0, delay));
}

export function asKeywardError(error: unknown): KeywardError {
  return isKeywardError(error)
    ? error
    : new KeywardError("NETWORK", String(error), { cause: error });
}

/** 16 random bytes, base64url: ties a signed answer to its request. */
export function randomNonce(): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(16)), { pad: false });
}

export async function sha256Hex(text: string): Promise<string> {
  return hexEncode(
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))),
  );
}

/** HMAC-SHA-256 of `text` keyed with `key` (both UTF-8), in hex: WebCrypto, Node and browsers. */
export async function hmacSha256Hex(key: string, text: string): Promise<string> {
  const encoder = new TextEncoder();
  const hmacKey = await crypto.subtle.importKey(
    "raw",
    encoder.encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return hexEncode(new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey, encoder.encode(text))));
}

/** Runs work one at a time, in call order, whether earlier work failed or not. */
export function serialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = queue.then(work, work);
    queue = run.catch(() => {});
    return run;
  };
}

/** Whether a new status is a change worth a "change" event: another state or reason. */
export function statusChanged(
  previous: { state: string; reason: string | null } | null,
  status: { state: string; reason: string | null },
): boolean {
  return previous?.state !== status.state || previous.reason !== status.reason;
}
