// What the license client (client.ts) and the trackable client (trackable.ts) share: the
// device identity, the transport built from their options, and small helpers.
import {
  base64urlEncode,
  hexEncode,
  type LeaseClaims,
  type PublicKey,
  parsePublicKey,
  type VerifyLeaseOptions,
  verifyLease,
} from "@keyward/formats";
import { isKeywardError, KeywardError } from "./errors.js";
import { type FetchLike, normalizeUrl, type RetryOptions, transport } from "./http.js";
import type { KeywardStorage } from "./storage.js";

/** Storage keys shared by both clients: one device identity, one highest signed server time. */
export const DEVICE_KEY = "device";
export const SERVER_TIME_KEY = "server-time";

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

/** The transport to the main and standby servers, with the options' timeouts and retries. */
export function connect(options: ConnectionOptions): ReturnType<typeof transport> {
  const fetch = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (!fetch) throw new KeywardError("CONFIG", "no fetch here: pass options.fetch");
  const serverUrls = [normalizeUrl(options.serverUrl, "serverUrl")];
  if (options.standbyUrl) serverUrls.push(normalizeUrl(options.standbyUrl, "standbyUrl"));
  return transport({
    serverUrls,
    fetch,
    timeoutMs: options.timeoutMs ?? 10_000,
    retry: {
      retries: options.retry?.retries ?? 2,
      baseDelayMs: options.retry?.baseDelayMs ?? 250,
      maxDelayMs: options.retry?.maxDelayMs ?? 5000,
    },
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  });
}

/** The device UUID: generated on first run and kept in storage (SPEC T7). */
export async function storedDeviceId(storage: KeywardStorage): Promise<string> {
  const stored = await storage.get(DEVICE_KEY);
  if (stored !== null && stored !== "") return stored;
  const created = crypto.randomUUID();
  await storage.set(DEVICE_KEY, created);
  return created;
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

/** The highest signed server time seen on this device (clock rollback detection); null: none. */
export async function lastServerTime(storage: KeywardStorage): Promise<number | null> {
  const text = await storage.get(SERVER_TIME_KEY);
  const value = text === null ? Number.NaN : Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** Keeps `issuedAt` (a verified lease's server time) when it is the highest seen. */
export async function rememberServerTime(storage: KeywardStorage, issuedAt: number): Promise<void> {
  const last = await lastServerTime(storage);
  if (last === null || issuedAt > last) await storage.set(SERVER_TIME_KEY, String(issuedAt));
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

/** A stored lease, judged: verified, absent, failing verification, or issued in the future. */
export type StoredLease =
  | { kind: "lease"; claims: LeaseClaims }
  | { kind: "none" | "rejected" | "rollback" };

/** What a lease must be signed with and bound to on this device. */
export interface LeaseBinding {
  key: PublicKey;
  /** The device id the server bound the lease to. */
  fingerprint: string;
  productId?: string | undefined;
  skewSeconds: number;
}

function leaseOptions(binding: LeaseBinding, now: Date, nonce?: string): VerifyLeaseOptions {
  return {
    algorithm: "ed25519",
    now,
    fingerprint: binding.fingerprint,
    ...(nonce !== undefined ? { nonce } : {}),
    ...(binding.productId !== undefined ? { productId: binding.productId } : {}),
    clockSkewSeconds: binding.skewSeconds,
  };
}

/**
 * Verifies a lease the server just sent in answer to `nonce`, then keeps it under `storageKey`
 * with its server time. "rollback" when it was issued in the device's future (the clock was
 * set back); BAD_RESPONSE when it does not verify: it is then neither stored nor trusted.
 * A lease `keep` turns down is verified (its server time kept) but not stored, and the stored
 * one is deleted: it no longer stands.
 */
export async function acceptLease(
  storage: KeywardStorage,
  storageKey: string,
  lease: string,
  binding: LeaseBinding,
  nonce: string,
  now: Date,
  keep: (claims: LeaseClaims) => boolean = () => true,
): Promise<LeaseClaims | "rollback"> {
  const verified = await verifyLease(lease, binding.key, leaseOptions(binding, now, nonce));
  if (!verified.ok) {
    if (verified.error.code === "ISSUED_IN_FUTURE") return "rollback";
    throw new KeywardError(
      "BAD_RESPONSE",
      `the server's lease is not valid: ${verified.error.message}`,
      {
        cause: verified.error,
      },
    );
  }
  const { claims } = verified.value;
  await rememberServerTime(storage, claims.iat);
  if (keep(claims)) await storage.set(storageKey, lease);
  else await storage.delete(storageKey);
  return claims;
}

/** The lease kept under `storageKey`, verified again on every read: storage is not trusted. */
export async function readStoredLease(
  storage: KeywardStorage,
  storageKey: string,
  binding: LeaseBinding,
  now: Date,
): Promise<StoredLease> {
  const lease = await storage.get(storageKey);
  if (lease === null) return { kind: "none" };
  const verified = await verifyLease(lease, binding.key, leaseOptions(binding, now));
  if (verified.ok) return { kind: "lease", claims: verified.value.claims };
  return { kind: verified.error.code === "ISSUED_IN_FUTURE" ? "rollback" : "rejected" };
}
