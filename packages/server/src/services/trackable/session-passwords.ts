import { createHmac } from "node:crypto";
import { verifyPassword } from "../../passwords.js";
import type { Clock } from "../clock.js";

// Session passwords (SPEC T4) are stored as scrypt hashes: ~50 ms of CPU per verification, far
// too slow for a check every device makes. Each process remembers the (code, password) pairs it
// verified: keyed by an HMAC of the password under the server secret (the password itself is
// never kept), each entry tied to the stored hash string it matched, so a changed password
// (a new hash) misses the cache at once, in every process, without any invalidation message.
// Entries live 10 minutes by the services' clock; the map holds at most 10,000 (oldest dropped first). Failures are
// never cached: a wrong password always pays the full scrypt cost. So that guessing cannot buy
// unbounded CPU, at most 2 verifications per code run at once in a process; beyond that the
// device is told to retry (devices whose password verified already hit the cache and never wait).

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 10_000;
const MAX_RUNNING_PER_CODE = 2;

/** The outcome of a check: "busy" when the code's verifications are all taken. */
export type SessionPasswordVerifier = ReturnType<typeof sessionPasswordVerifier>;

export type SessionPasswordCheck = "valid" | "invalid" | "busy";

/** Created once per services bundle by createServices, which owns it (services/index.ts). */
export function sessionPasswordVerifier(deps: { secret: string; clock: Clock }) {
  const { secret, clock } = deps;
  const verified = new Map<string, { hash: string; until: number }>();
  /** Verifications in flight: a burst of devices with one password costs one scrypt. */
  const pending = new Map<string, Promise<boolean>>();
  /** Verifications running per code (scrypt, not cache hits). */
  const running = new Map<string, number>();

  function keyOf(codeId: string, password: string): string {
    return createHmac("sha256", secret)
      .update(codeId)
      .update("\0")
      .update(password.normalize("NFC"))
      .digest("base64url");
  }

  function remember(key: string, hash: string): void {
    verified.delete(key);
    if (verified.size >= MAX_ENTRIES) verified.delete(verified.keys().next().value as string);
    verified.set(key, { hash, until: clock().getTime() + TTL_MS });
  }

  return {
    /** Whether `password` matches the code's stored hash string (or "busy": retry later). */
    async verify(
      codeId: string,
      storedHash: string,
      password: string,
    ): Promise<SessionPasswordCheck> {
      const key = keyOf(codeId, password);
      const entry = verified.get(key);
      if (entry && entry.hash === storedHash && entry.until > clock().getTime()) return "valid";
      const flightKey = `${key}/${storedHash}`;
      let check = pending.get(flightKey);
      if (!check) {
        const count = running.get(codeId) ?? 0;
        if (count >= MAX_RUNNING_PER_CODE) return "busy";
        running.set(codeId, count + 1);
        check = verifyPassword(password, storedHash)
          .then((ok) => {
            if (ok) remember(key, storedHash);
            return ok;
          })
          .finally(() => {
            pending.delete(flightKey);
            const left = (running.get(codeId) ?? 1) - 1;
            if (left === 0) running.delete(codeId);
            else running.set(codeId, left);
          });
        pending.set(flightKey, check);
      }
      return (await check) ? "valid" : "invalid";
    },
  };
}
