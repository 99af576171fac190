import { createHmac } from "node:crypto";
import { verifyPassword } from "../../passwords.js";

// Session passwords (SPEC T4) are stored as scrypt hashes: ~50 ms of CPU per verification, far
// too slow for a check every device makes. Each process remembers the (code, password) pairs it
// verified: keyed by an HMAC of the password under the server secret (the password itself is
// never kept), each entry tied to the stored hash string it matched, so a changed password
// (a new hash) misses the cache at once, in every process, without any invalidation message.
// Entries live 10 minutes; the map holds at most 10,000 (oldest dropped first). Failures are
// never cached: a wrong password always pays the full scrypt cost.

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 10_000;

export function sessionPasswordVerifier(secret: string) {
  const verified = new Map<string, { hash: string; until: number }>();
  /** Verifications in flight: a burst of devices with one password costs one scrypt. */
  const pending = new Map<string, Promise<boolean>>();

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
    verified.set(key, { hash, until: Date.now() + TTL_MS });
  }

  return {
    /** Whether `password` matches the code's stored hash string. */
    async verify(codeId: string, storedHash: string, password: string): Promise<boolean> {
      const key = keyOf(codeId, password);
      const entry = verified.get(key);
      if (entry && entry.hash === storedHash && entry.until > Date.now()) return true;
      const flightKey = `${key}/${storedHash}`;
      const inFlight = pending.get(flightKey);
      if (inFlight) return inFlight;
      const check = verifyPassword(password, storedHash)
        .then((ok) => {
          if (ok) remember(key, storedHash);
          return ok;
        })
        .finally(() => pending.delete(flightKey));
      pending.set(flightKey, check);
      return check;
    },
  };
}
