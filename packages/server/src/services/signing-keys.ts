import type { SignatureAlgorithm } from "@keyward/formats";
import { type PrivateKey, parsePrivateKey } from "@keyward/formats/node";
import { unseal } from "../secrets.js";
import type { Store } from "../store/database.js";
import type { SigningAlgorithm } from "../store/records.js";
import { signingKeysRepository } from "../store/signing-keys.js";
import type { Clock } from "./clock.js";
import { ServiceError } from "./errors.js";

export interface ActiveSigningKey {
  /** The signing key's id: the `keyid` clients pick the public key by (SPEC X7). */
  id: string;
  privateKey: PrivateKey;
}

/** How long a services bundle keeps an organization's unsealed current key (by its clock). */
const CACHE_MS = 60_000;

export function keyTypeOf(algorithm: SignatureAlgorithm): SigningAlgorithm {
  return algorithm === "ed25519" ? "ed25519" : "rsa";
}

/**
 * The organization's current (newest, not retired) private keys. Unsealing (AES-GCM) and
 * parsing a key costs more than a signature, so each services bundle (one per process) keeps
 * them for a minute by the injected clock: a key rotated out is still used by other processes
 * for at most that long, and what it signed still verifies with its key id. Keys have no
 * updated_at (a key is never changed, only retired), so the entry's age is its only staleness.
 */
export function signingKeysService(deps: { store: Store; secret: string; clock: Clock }) {
  const cache = new Map<string, { key: ActiveSigningKey; until: number }>();

  return {
    async current(organizationId: string, type: SigningAlgorithm): Promise<ActiveSigningKey> {
      const cacheKey = `${organizationId}/${type}`;
      const cached = cache.get(cacheKey);
      if (cached && cached.until > deps.clock().getTime()) return cached.key;
      const keys = await signingKeysRepository(deps.store.db).list(organizationId);
      const row = keys.filter((k) => k.algorithm === type && k.retiredAt === null).at(-1);
      if (!row) {
        throw new ServiceError("NO_SIGNING_KEY", `the organization has no ${type} signing key`);
      }
      const key = {
        id: row.id,
        privateKey: parsePrivateKey(unseal(deps.secret, row.privateKeyEncrypted)),
      };
      cache.set(cacheKey, { key, until: deps.clock().getTime() + CACHE_MS });
      return key;
    },
  };
}

export type SigningKeysService = ReturnType<typeof signingKeysService>;
