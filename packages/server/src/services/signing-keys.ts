import { base64Encode, type SignatureAlgorithm } from "@keyward/formats";
import {
  endorseKey,
  exportPrivateKey,
  generateKeyPair,
  type KeyPair,
  type PrivateKey,
  parsePrivateKey,
} from "@keyward/formats/node";
import { newId } from "../ids.js";
import { seal, unseal } from "../secrets.js";
import type { Db, Store } from "../store/database.js";
import type {
  ActiveKeyStamp,
  SigningAlgorithm,
  SigningKeyRecord,
  SigningKeyState,
} from "../store/records.js";
import { signingKeysRepository } from "../store/signing-keys.js";
import { recordAudit } from "./audit.js";
import type { Clock } from "./clock.js";
import { notFound, ServiceError } from "./errors.js";
import { type Principal, requireAdmin } from "./principal.js";

export interface ActiveSigningKey {
  /** The signing key's id: the `kid`/`keyid` clients pick the public key by (SPEC X7). */
  id: string;
  privateKey: PrivateKey;
}

export type KeyPairGenerator = (algorithm: SigningAlgorithm) => KeyPair;

export function keyTypeOf(algorithm: SignatureAlgorithm): SigningAlgorithm {
  return algorithm === "ed25519" ? "ed25519" : "rsa";
}

/**
 * A new key pair of `algorithm`, its private half sealed with the server secret; `endorser` (the
 * organization's active key of the algorithm, when it has one) signs its endorsement, which lets
 * devices that pinned the organization's keys trust this one (docs/server.md, Signing-key
 * rotation).
 */
export function newSigningKey(
  deps: { secret: string; generateKeyPair?: KeyPairGenerator | undefined },
  organizationId: string,
  algorithm: SigningAlgorithm,
  state: SigningKeyRecord["state"],
  now: Date,
  endorser?: ActiveSigningKey,
): SigningKeyRecord {
  const { publicKey, privateKey } = (deps.generateKeyPair ?? generateKeyPair)(algorithm);
  const id = newId("key", now);
  return {
    id,
    organizationId,
    algorithm,
    publicKey: base64Encode(publicKey.spki),
    privateKeyEncrypted: seal(deps.secret, exportPrivateKey(privateKey, "der") as Uint8Array),
    createdAt: now.toISOString(),
    retiredAt: null,
    state,
    updatedAt: now.toISOString(),
    endorsement: endorser ? endorseKey({ id, publicKey }, endorser) : null,
  };
}

/**
 * Signing keys: the one that signs now, and rotation (SPEC X7). A key is `next` (public half
 * published at once, signs nothing), then `active` (signs; one per organization and algorithm),
 * then `retired` (still published, verifies what it signed, never signs again).
 *
 * The cache: unsealing (AES-GCM) and parsing a key costs more than a signature, so each services
 * bundle (one per process) keeps the unsealed active key per organization and algorithm. Every
 * use first reads the active key's id and updated_at (one indexed row, no sealed column) and
 * uses the entry only when both match, so a switch made by any process is seen at once and a
 * retired key never signs for a request that read after its retirement. The cost is that one
 * small query per signature, none where the caller read the stamp with its own data (a check
 * reads it with the license, in its context query: a rotation committed while that check runs
 * is seen by the next one; what it signed still verifies, as retired keys stay published);
 * the bound on memory is one entry per organization and algorithm that signed.
 */
export function signingKeysService(deps: {
  store: Store;
  secret: string;
  clock: Clock;
  /** Key pair generation; tests pass pre-generated keys. */
  generateKeyPair?: KeyPairGenerator | undefined;
}) {
  const cache = new Map<string, { key: ActiveSigningKey; updatedAt: string }>();
  const repository = () => signingKeysRepository(deps.store.db);

  async function keyOf(principal: Principal, id: string): Promise<SigningKeyRecord> {
    const key = await repository().find(principal.organizationId, id);
    if (!key) throw notFound("signing_key", id);
    return key;
  }

  function stateError(message: string): ServiceError {
    return new ServiceError("SIGNING_KEY_STATE", message);
  }

  /** Moves a key from one state to another and records it, in the caller's transaction. */
  async function transition(
    trx: Db,
    principal: Principal,
    id: string,
    from: SigningKeyState,
    to: SigningKeyState,
    now: Date,
  ): Promise<void> {
    const keys = signingKeysRepository(trx);
    if (!(await keys.transition(principal.organizationId, id, from, to, now.toISOString()))) {
      throw stateError(`signing key ${id} changed state meanwhile`);
    }
    await recordAudit(trx, principal, now, {
      action: to === "active" ? "signing_key.activated" : "signing_key.retired",
      id,
      before: { state: from },
      after: { state: to },
    });
  }

  return {
    /**
     * The organization's active private key of `type`. Throws NO_SIGNING_KEY when none. `read`:
     * the active key's stamp as the caller read it just now (null: it found none), which spares
     * the read here.
     */
    async current(
      organizationId: string,
      type: SigningAlgorithm,
      read?: ActiveKeyStamp | null,
    ): Promise<ActiveSigningKey> {
      const cacheKey = `${organizationId}/${type}`;
      const stamp =
        read === undefined ? await repository().activeStamp(organizationId, type) : read;
      const cached = cache.get(cacheKey);
      if (stamp && cached && cached.key.id === stamp.id && cached.updatedAt === stamp.updatedAt) {
        return cached.key;
      }
      const row = stamp ? await repository().active(organizationId, type) : undefined;
      if (!row) {
        cache.delete(cacheKey);
        throw new ServiceError("NO_SIGNING_KEY", `the organization has no active ${type} key`);
      }
      const key = {
        id: row.id,
        privateKey: parsePrivateKey(unseal(deps.secret, row.privateKeyEncrypted)),
      };
      cache.set(cacheKey, { key, updatedAt: row.updatedAt });
      return key;
    },

    /** Every key of the caller's organization (public halves are what callers present). */
    async list(organizationId: string): Promise<SigningKeyRecord[]> {
      return repository().list(organizationId);
    },

    /**
     * Creates the `next` key of an algorithm: published at once (the public-keys endpoints
     * list it), so apps can trust it before it signs. The active key of the algorithm endorses
     * it; should a concurrent activation retire that key meanwhile, the endorsement still
     * verifies with it (retired keys stay published). SIGNING_KEY_STATE when a next key exists.
     */
    async createNext(principal: Principal, algorithm: SigningAlgorithm): Promise<SigningKeyRecord> {
      requireAdmin(principal);
      const now = deps.clock();
      const keys = await repository().list(principal.organizationId);
      if (keys.some((key) => key.algorithm === algorithm && key.state === "next")) {
        throw stateError(
          `the organization already has a next ${algorithm} key: activate or retire it`,
        );
      }
      const active = keys.find((key) => key.algorithm === algorithm && key.state === "active");
      const endorser = active && (await this.current(principal.organizationId, algorithm, active));
      const key = newSigningKey(deps, principal.organizationId, algorithm, "next", now, endorser);
      // A concurrent createNext loses on the one-next index: 409 CONFLICT from the store.
      await deps.store.db.transaction().execute(async (trx) => {
        await signingKeysRepository(trx).insert(key);
        await recordAudit(trx, principal, now, {
          action: "signing_key.created",
          id: key.id,
          after: key,
        });
      });
      return key;
    },

    /**
     * Switches signing to a `next` key: in one transaction the active key of its algorithm is
     * retired (it verifies, never signs again) and this one becomes active. Every process sees
     * the switch on its next signature (the cache compares id and updated_at).
     */
    async activate(principal: Principal, id: string): Promise<SigningKeyRecord> {
      requireAdmin(principal);
      const key = await keyOf(principal, id);
      if (key.state !== "next") {
        throw stateError(`signing key ${id} is ${key.state}: only a next key can be activated`);
      }
      const now = deps.clock();
      await deps.store.db.transaction().execute(async (trx) => {
        const previous = await signingKeysRepository(trx).activeStamp(
          principal.organizationId,
          key.algorithm,
        );
        // Retire first: the one-active index never sees two active keys.
        if (previous) await transition(trx, principal, previous.id, "active", "retired", now);
        await transition(trx, principal, id, "next", "active", now);
      });
      return keyOf(principal, id);
    },

    /**
     * Retires a `next` key that will not be used (an abandoned rotation). The active key is
     * retired only by activating its successor: an algorithm never lacks a signing key.
     * Retiring a retired key changes nothing.
     */
    async retire(principal: Principal, id: string): Promise<SigningKeyRecord> {
      requireAdmin(principal);
      const key = await keyOf(principal, id);
      if (key.state === "retired") return key;
      if (key.state === "active") {
        throw stateError(
          `signing key ${id} is active: activate a next key, which retires this one`,
        );
      }
      const now = deps.clock();
      await deps.store.db
        .transaction()
        .execute((trx) => transition(trx, principal, id, "next", "retired", now));
      return keyOf(principal, id);
    },

    /**
     * A rotation in one step: activates the algorithm's next key, created first when there is
     * none (then apps that hold only the old public key must fetch the new one before they can
     * verify what it signs: publish a next key ahead when they cannot).
     */
    async rotate(principal: Principal, algorithm: SigningAlgorithm): Promise<SigningKeyRecord> {
      requireAdmin(principal);
      const keys = await repository().list(principal.organizationId);
      const next =
        keys.find((key) => key.algorithm === algorithm && key.state === "next") ??
        (await this.createNext(principal, algorithm));
      return this.activate(principal, next.id);
    },
  };
}

export type SigningKeysService = ReturnType<typeof signingKeysService>;
