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

/** The shared key in clear, as the device signs with it. */
export function sharedKeyOf(secret: string, keys: OfflineKeys): string {
  return Buffer.from(unseal(secret, keys.sharedKeyEncrypted)).toString("utf8");
}

/** The keys as an admin sees them (the shared key unsealed). */
export function presentKeys(secret: string, keys: OfflineKeys): OfflineKeyPair {
  return {
    apiKey: keys.apiKey,
    sharedKey: sharedKeyOf(secret, keys),
    createdAt: keys.createdAt,
    updatedAt: keys.updatedAt,
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

/** New api key and shared key; requests signed with the old ones stop verifying. */
export async function rotateOfflineKeys(
  deps: KeysDeps,
  principal: Principal,
): Promise<OfflineKeyPair> {
  requireAdmin(principal);
  const { organizationId } = principal;
  const now = deps.clock();
  const keys = await deps.store.db.transaction().execute(async (trx) => {
    const before = await keysOf(deps, organizationId, trx);
    const fresh = newKeys(deps.secret);
    await offlineActivationRepository(trx).replaceKeys(organizationId, {
      ...fresh,
      updatedAt: now.toISOString(),
    });
    // The shared keys show as redacted: the entry says that they changed, not to what.
    await recordAudit(trx, principal, now, {
      action: "offline_keys.rotated",
      id: organizationId,
      before: { apiKey: before.apiKey, sharedKey: before.sharedKeyEncrypted },
      after: { apiKey: fresh.apiKey, sharedKey: fresh.sharedKeyEncrypted },
    });
    return keysOf(deps, organizationId, trx);
  });
  return presentKeys(deps.secret, keys);
}
