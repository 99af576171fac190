import { randomBytes, randomUUID } from "node:crypto";
import { seal, unseal } from "../../secrets.js";
import { offlineActivationRepository } from "../../store/offline-activation.js";
import type { OfflineKeysRecord as OfflineKeys } from "../../store/records.js";
import { recordAudit } from "../audit.js";
import { type Principal, requireAdmin } from "../principal.js";
import type { OfflineActivationDeps, OfflineKeyPair } from "./types.js";

// An organization's offline keys (SPEC L1–L4): the api key devices name it by and the shared
// HMAC key, sealed with the server secret. Created on first use, rotated by an admin.

type KeysDeps = Pick<OfflineActivationDeps, "store" | "secret" | "clock">;

/** A fresh api key and shared key (32 random bytes), the shared key sealed. */
export function newKeys(secret: string): Pick<OfflineKeys, "apiKey" | "sharedKeyEncrypted"> {
  const sharedKey = randomBytes(32).toString("base64url");
  return {
    apiKey: randomUUID(),
    sharedKeyEncrypted: seal(secret, Buffer.from(sharedKey, "utf8")),
  };
}

/** A shared key in clear, as the device signs with it. */
function unsealedKey(secret: string, sharedKeyEncrypted: string): string {
  return Buffer.from(unseal(secret, sharedKeyEncrypted)).toString("utf8");
}

/** The api key a request named, with its organization and shared key in clear. */
export interface RequestKeys {
  organizationId: string;
  apiKey: string;
  sharedKey: string;
}

/**
 * The keys of a request naming `apiKey`: the current ones, or the previous ones until their
 * overlap ends at `now`; null when `apiKey` names neither (an expired previous key is unknown).
 */
export function requestKeys(
  secret: string,
  keys: OfflineKeys,
  apiKey: string,
  now: Date,
): RequestKeys | null {
  const { organizationId, previous } = keys;
  if (keys.apiKey === apiKey) {
    return { organizationId, apiKey, sharedKey: unsealedKey(secret, keys.sharedKeyEncrypted) };
  }
  if (previous?.apiKey !== apiKey || Date.parse(previous.validUntil) <= now.getTime()) return null;
  return { organizationId, apiKey, sharedKey: unsealedKey(secret, previous.sharedKeyEncrypted) };
}

/** The keys as an admin sees them (the shared key unsealed). */
export function presentKeys(secret: string, keys: OfflineKeys): OfflineKeyPair {
  return {
    apiKey: keys.apiKey,
    sharedKey: unsealedKey(secret, keys.sharedKeyEncrypted),
    createdAt: keys.createdAt,
    updatedAt: keys.updatedAt,
    previous: keys.previous && {
      apiKey: keys.previous.apiKey,
      validUntil: keys.previous.validUntil,
    },
  };
}

/**
 * The organization's keys, created on first use (a racing first use: one set wins); `db`: a
 * transaction to do it in.
 */
export async function keysOf(
  deps: KeysDeps,
  organizationId: string,
  db = deps.store.db,
): Promise<OfflineKeys> {
  const repo = offlineActivationRepository(db);
  const existing = await repo.keysOf(organizationId);
  if (existing) return existing;
  const now = deps.clock().toISOString();
  await repo.insertKeysIfAbsent({
    organizationId,
    ...newKeys(deps.secret),
    createdAt: now,
    updatedAt: now,
    previous: null,
  });
  const created = await repo.keysOf(organizationId);
  if (!created) throw new Error("offline keys vanished right after their creation");
  return created;
}

/** GET /v1/organization/offline-keys (admins); null until created (reads never write). */
export async function offlineKeys(
  deps: KeysDeps,
  principal: Principal,
): Promise<OfflineKeyPair | null> {
  requireAdmin(principal);
  const keys = await offlineActivationRepository(deps.store.db).keysOf(principal.organizationId);
  return keys ? presentKeys(deps.secret, keys) : null;
}

/** POST /v1/organization/offline-keys: creates them once; later calls return them. */
export async function ensureOfflineKeys(
  deps: KeysDeps,
  principal: Principal,
): Promise<{ keys: OfflineKeyPair; created: boolean }> {
  requireAdmin(principal);
  const repo = offlineActivationRepository(deps.store.db);
  const existing = await repo.keysOf(principal.organizationId);
  if (existing) return { keys: presentKeys(deps.secret, existing), created: false };
  const keys = await deps.store.db.transaction().execute(async (trx) => {
    const created = await keysOf(deps, principal.organizationId, trx);
    await recordAudit(trx, principal, deps.clock(), {
      action: "offline_keys.created",
      id: principal.organizationId,
      after: { apiKey: created.apiKey, sharedKey: created.sharedKeyEncrypted },
    });
    return created;
  });
  return { keys: presentKeys(deps.secret, keys), created: true };
}

/**
 * New api key and shared key. Requests made with the old ones stop verifying at once, or, with
 * `keepPreviousSeconds`, when that overlap ends (apps shipped with them go on activating while
 * a new version rolls out); a rotation drops the set an earlier one kept.
 */
export async function rotateOfflineKeys(
  deps: KeysDeps,
  principal: Principal,
  keepPreviousSeconds = 0,
): Promise<OfflineKeyPair> {
  requireAdmin(principal);
  const { organizationId } = principal;
  const now = deps.clock();
  const keys = await deps.store.db.transaction().execute(async (trx) => {
    const before = await keysOf(deps, organizationId, trx);
    const fresh = newKeys(deps.secret);
    const previous =
      keepPreviousSeconds > 0
        ? {
            apiKey: before.apiKey,
            sharedKeyEncrypted: before.sharedKeyEncrypted,
            validUntil: new Date(now.getTime() + keepPreviousSeconds * 1000).toISOString(),
          }
        : null;
    await offlineActivationRepository(trx).replaceKeys(organizationId, {
      ...fresh,
      updatedAt: now.toISOString(),
      previous,
    });
    // The shared keys show as redacted: the entry says that they changed, not to what.
    await recordAudit(trx, principal, now, {
      action: "offline_keys.rotated",
      id: organizationId,
      before: { apiKey: before.apiKey, sharedKey: before.sharedKeyEncrypted },
      after: {
        apiKey: fresh.apiKey,
        sharedKey: fresh.sharedKeyEncrypted,
        previousValidUntil: previous?.validUntil ?? null,
      },
    });
    return keysOf(deps, organizationId, trx);
  });
  return presentKeys(deps.secret, keys);
}
