import { keyedHash, seal, unseal } from "../secrets.js";
import type { Store } from "../store/database.js";
import { type IdempotencyTarget, idempotencyKeysRepository } from "../store/idempotency-keys.js";
import type { ReplayedHeaders } from "../store/records.js";
import type { Clock } from "./clock.js";

/** A key's record is honoured for 24 hours, then a request with the key runs afresh. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * An in-progress record older than this belongs to a request that died with its process
 * (no request takes this long); a retry then takes the key over instead of waiting 24 hours.
 */
export const IDEMPOTENCY_ABANDONED_MS = 5 * 60 * 1000;

export type { IdempotencyTarget } from "../store/idempotency-keys.js";

export interface IdempotentRequest extends IdempotencyTarget {
  method: string;
  path: string;
  /** SHA-256 of method, path and canonical body; stored keyed with the server secret. */
  requestHash: string;
}

export type IdempotencyClaim =
  /** This request holds the key: run it, then complete() or release(). */
  | { kind: "claimed"; createdAt: string }
  | { kind: "replay"; status: number; body: string; headers: ReplayedHeaders }
  | { kind: "in-progress" }
  /** The key was used for a different request (method, path or body). */
  | { kind: "reused" };

export type { ReplayedHeaders } from "../store/records.js";

/**
 * Idempotency-Key records (ARCHITECTURE.md, HTTP API conventions); the HTTP hook drives it.
 * Nothing of a request is kept in clear: its hash is keyed with the server secret (a body may
 * hold a password) and the stored response is sealed with it (a response may hold a secret, e.g.
 * the offline shared key), as signing keys are.
 */
export function idempotencyService(deps: { store: Store; secret: string; clock: Clock }) {
  const { store, secret, clock } = deps;
  const keys = () => idempotencyKeysRepository(store.db);

  return {
    async claim(unkeyed: IdempotentRequest): Promise<IdempotencyClaim> {
      const request = {
        ...unkeyed,
        requestHash: keyedHash(secret, "idempotency-request", unkeyed.requestHash),
      };
      // A few rounds: the row can vanish (released after a 5xx) or be taken over between reads.
      for (let attempt = 0; attempt < 5; attempt++) {
        const now = clock();
        const claim = {
          organizationId: request.organizationId,
          caller: request.caller,
          key: request.key,
          method: request.method,
          path: request.path,
          requestHash: request.requestHash,
          createdAt: now.toISOString(),
        };
        if (await keys().insertIfAbsent(claim))
          return { kind: "claimed", createdAt: claim.createdAt };
        const existing = await keys().find(request);
        if (!existing) continue;
        const age = now.getTime() - Date.parse(existing.createdAt);
        const expired = age >= IDEMPOTENCY_KEY_TTL_MS;
        const abandoned = existing.status === null && age >= IDEMPOTENCY_ABANDONED_MS;
        if (expired || abandoned) {
          if (await keys().takeOver(claim, existing.createdAt)) {
            return { kind: "claimed", createdAt: claim.createdAt };
          }
          continue;
        }
        if (existing.requestHash !== request.requestHash) return { kind: "reused" };
        if (existing.status === null || existing.responseBodySealed === null) {
          return { kind: "in-progress" };
        }
        return {
          kind: "replay",
          status: existing.status,
          body: Buffer.from(unseal(secret, existing.responseBodySealed)).toString("utf8"),
          headers: existing.responseHeaders,
        };
      }
      return { kind: "in-progress" };
    },

    complete(
      target: IdempotencyTarget,
      createdAt: string,
      status: number,
      body: string,
      headers: ReplayedHeaders,
    ): Promise<void> {
      const sealed = seal(secret, Buffer.from(body, "utf8"));
      return keys().complete(target, createdAt, status, sealed, headers);
    },

    /** The background job: rows past IDEMPOTENCY_KEY_TTL_MS, 1000 per run, are deleted. */
    deleteExpired(): Promise<number> {
      const before = new Date(clock().getTime() - IDEMPOTENCY_KEY_TTL_MS).toISOString();
      return keys().deleteCreatedBefore(before, 1000);
    },

    release(target: IdempotencyTarget, createdAt: string) {
      return keys().release(target, createdAt);
    },
  };
}
