import { createHmac, timingSafeEqual } from "node:crypto";
import { verifyPassword } from "../../passwords.js";
import type { Clock } from "../clock.js";
import { sourceNetwork } from "../license-users.js";

// Session passwords (SPEC T4) are stored as scrypt hashes: ~50 ms of CPU and 32 MiB per
// verification, far too slow for a check every device makes.
//
// Known good: each process remembers, per code, the password it last verified: an HMAC of it
// under the server secret (the password itself is never kept), tied to the stored hash string
// it matched, so a changed password (a new hash) misses at once, in every process, without any
// invalidation message. A code has one password, so one entry per code: at most 10,000 codes,
// least recently used dropped first; an entry lapses 10 minutes after its last use by the
// services' clock. A known-good password never takes a check slot, so no amount of guessing
// delays the devices of a code once one of them got through in this process. Failures are never
// cached: a wrong password always pays the full scrypt cost.
//
// Check slots, so that guessing cannot buy unbounded CPU and cannot be aimed at a code's users:
// - at most MAX_RUNNING scrypt runs at once in a process, over every code: the CPU and memory
//   scrypt can take (2 threads of libuv's 4, 64 MiB, ~40 checks a second), whatever is guessed;
// - beyond that, at most MAX_WAITING checks wait in line, first come first served, and the rest
//   are told to retry (429 SESSION_PASSWORD_BUSY);
// - each source network (the client's IPv4 address or IPv6 /64) holds at most one place,
//   running or waiting, over every code: a flood from one network keeps one place, and its
//   other guesses are answered busy at once, costing nothing.
// Identical checks (one code, password and stored hash) share one run without taking a place:
// the burst of a code's devices after a restart costs one scrypt. The cost of the caps: a
// process verifies about 40 new (code, password) pairs a second in all (it was 2 at once per
// code, unbounded over codes), so after a restart a server with many codes in use warms up at
// that pace, the devices past the 34 places told to retry; the line itself is 32 callbacks.
// The bound: a device whose password is not known good yet (first check in this process, after
// a restart, 10 idle minutes or a password change) waits behind at most one check per other
// network in line: with k networks guessing, about k / 2 × 50 ms. Only an attacker holding more
// than MAX_RUNNING + MAX_WAITING (34) networks at once can have it told to retry (the SDK
// retries 429 with backoff), and only until one of the code's devices gets through. Devices
// behind the attacker's own network (one NAT address, one /64) share its place: their first
// check can be told to retry while the attacker's check runs.

const TTL_MS = 10 * 60_000;
const MAX_CODES = 10_000;
/** scrypt runs at once in a process (every code, every source). */
const MAX_RUNNING = 2;
/** Checks waiting for a run, served in order of arrival. */
const MAX_WAITING = 32;

export type SessionPasswordVerifier = ReturnType<typeof sessionPasswordVerifier>;

/** The outcome of a check: "busy" when no run or place in line is free for it. */
export type SessionPasswordCheck = "valid" | "invalid" | "busy";

/** Created once per services bundle by createServices, which owns it (services/index.ts). */
export function sessionPasswordVerifier(deps: { secret: string; clock: Clock }) {
  const { secret, clock } = deps;
  /** Per code: the HMAC of the password last verified, the stored hash it matched. */
  const known = new Map<string, { mac: Buffer; hash: string; until: number }>();
  /** Checks in flight (waiting or running), by code, password and stored hash. */
  const flights = new Map<string, Promise<boolean>>();
  /** Source networks holding a place (running or waiting). */
  const sources = new Set<string>();
  /** Checks waiting for a run: each resolves when a run is handed to it. */
  const waiting: Array<() => void> = [];
  let running = 0;

  function macOf(codeId: string, password: string): Buffer {
    return createHmac("sha256", secret)
      .update(codeId)
      .update("\0")
      .update(password.normalize("NFC"))
      .digest();
  }

  function isKnown(codeId: string, storedHash: string, mac: Buffer): boolean {
    const entry = known.get(codeId);
    const now = clock().getTime();
    if (!entry || entry.hash !== storedHash || entry.until <= now) return false;
    if (!timingSafeEqual(entry.mac, mac)) return false;
    // Used: it lasts another TTL and becomes the most recently used.
    entry.until = now + TTL_MS;
    known.delete(codeId);
    known.set(codeId, entry);
    return true;
  }

  function remember(codeId: string, mac: Buffer, hash: string): void {
    known.delete(codeId);
    if (known.size >= MAX_CODES) known.delete(known.keys().next().value as string);
    known.set(codeId, { mac, hash, until: clock().getTime() + TTL_MS });
  }

  /** A run now, a place in line, or null when the line is full. Decided synchronously. */
  function takeRun(): Promise<void> | null {
    if (running < MAX_RUNNING) {
      running++;
      return Promise.resolve();
    }
    if (waiting.length >= MAX_WAITING) return null;
    return new Promise((resolve) => waiting.push(resolve));
  }

  /** Hands the run on to the first in line, or frees it. */
  function giveRun(): void {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }

  return {
    /**
     * Whether `password` matches the code's stored hash string, or "busy": retry later.
     * `address` is the client's (request.ip): places are shared out per source network.
     */
    async verify(
      codeId: string,
      storedHash: string,
      password: string,
      address: string,
    ): Promise<SessionPasswordCheck> {
      const mac = macOf(codeId, password);
      if (isKnown(codeId, storedHash, mac)) return "valid";
      const flightKey = `${codeId}/${mac.toString("base64url")}/${storedHash}`;
      let check = flights.get(flightKey);
      if (!check) {
        const source = sourceNetwork(address);
        if (sources.has(source)) return "busy";
        const run = takeRun();
        if (run === null) return "busy";
        sources.add(source);
        check = run
          .then(() => verifyPassword(password, storedHash))
          .then((ok) => {
            if (ok) remember(codeId, mac, storedHash);
            return ok;
          })
          .finally(() => {
            flights.delete(flightKey);
            sources.delete(source);
            giveRun();
          });
        flights.set(flightKey, check);
      }
      return (await check) ? "valid" : "invalid";
    },
  };
}
