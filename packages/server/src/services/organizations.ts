import type { KeyPair } from "@keyward/formats/node";
import { isId, newId } from "../ids.js";
import type { Db, Store } from "../store/database.js";
import { organizationsRepository } from "../store/organizations.js";
import type {
  OrganizationRecord as Organization,
  SigningAlgorithm,
  SigningKeyRecord as SigningKey,
} from "../store/records.js";
import { signingKeysRepository } from "../store/signing-keys.js";
import { auditedTransaction, recordAudit } from "./audit.js";
import type { Clock } from "./clock.js";
import { notFound } from "./errors.js";
import { type Principal, requireAdmin } from "./principal.js";
import { newSigningKey } from "./signing-keys.js";

const SIGNING_ALGORITHMS: SigningAlgorithm[] = ["ed25519", "rsa"];

export function organizationsService(deps: {
  store: Store;
  secret: string;
  clock: Clock;
  /** Key pair generation; tests pass pre-generated keys. */
  generateKeyPair?: ((algorithm: SigningAlgorithm) => KeyPair) | undefined;
}) {
  const { store, clock } = deps;

  /** An organization and its Ed25519 and RSA-2048 signing keys, to insert. */
  function newOrganization(name: string): { organization: Organization; keys: SigningKey[] } {
    const now = clock();
    const organization: Organization = {
      id: newId("org", now),
      name,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const keys = SIGNING_ALGORITHMS.map((algorithm) =>
      newSigningKey(deps, organization.id, algorithm, "active", now),
    );
    return { organization, keys };
  }

  async function insert(
    trx: Db,
    { organization, keys }: ReturnType<typeof newOrganization>,
  ): Promise<void> {
    await organizationsRepository(trx).insert(organization);
    for (const key of keys) await signingKeysRepository(trx).insert(key);
    // The server makes organizations (bootstrap, CLI): the system is the actor.
    const now = clock();
    const organizationId = organization.id;
    await recordAudit(trx, null, now, {
      organizationId,
      action: "organization.created",
      id: organizationId,
      after: organization,
    });
    for (const key of keys) {
      await recordAudit(trx, null, now, {
        organizationId,
        action: "signing_key.created",
        id: key.id,
        after: key,
      });
    }
  }

  return {
    /** A new organization with its Ed25519 and RSA-2048 signing keys, in one transaction. */
    async create(name: string): Promise<Organization> {
      const created = newOrganization(name);
      await store.db.transaction().execute((trx) => insert(trx, created));
      return created.organization;
    },

    /**
     * The server's first organization, once however many processes start at once: created
     * under the organizations' lock when there is none, with `then` (its admin token) in the
     * same transaction. Null when an organization exists.
     */
    async createFirst<T>(
      name: string,
      then: (trx: Db, organization: Organization) => Promise<T>,
    ): Promise<T | null> {
      // Every later start ends here, without generating keys or taking the lock.
      if (await organizationsRepository(store.db).any()) return null;
      const created = newOrganization(name);
      return store.db.transaction().execute(async (trx) => {
        const organizations = organizationsRepository(trx);
        await organizations.lockCreation();
        if (await organizations.any()) return null;
        await insert(trx, created);
        return then(trx, created.organization);
      });
    },

    async get(id: string): Promise<Organization> {
      const organization = await organizationsRepository(store.db).find(id);
      if (!organization) throw notFound("organization", id);
      return organization;
    },

    /** Renames the caller's organization (admin tokens only). */
    async rename(principal: Principal, name: string): Promise<Organization> {
      requireAdmin(principal);
      const now = clock();
      const id = principal.organizationId;
      return auditedTransaction(store.db, principal, now, async (trx) => {
        const organizations = organizationsRepository(trx);
        const before = await organizations.find(id);
        await organizations.rename(id, name, now.toISOString());
        const after = await organizations.find(id);
        if (!before || !after) throw notFound("organization", id);
        return { result: after, audit: { action: "organization.updated", id, before, after } };
      });
    },

    /** Every organization on this server: for operators (the CLI), never the API. */
    async list(): Promise<Organization[]> {
      return organizationsRepository(store.db).list();
    },

    /** Public halves of the organization's signing keys, for verifying what Keyward signs. */
    async publicKeys(organizationId: string): Promise<SigningKey[]> {
      return signingKeysRepository(store.db).list(organizationId);
    },

    /**
     * The same keys for anyone who knows the organization's id (clients verifying license keys
     * and responses, without a token): 404 for an unknown organization.
     */
    async publishedKeys(organizationId: string): Promise<SigningKey[]> {
      const organization = isId("org", organizationId)
        ? await organizationsRepository(store.db).find(organizationId)
        : undefined;
      if (!organization) throw notFound("organization", organizationId);
      return signingKeysRepository(store.db).list(organization.id);
    },
  };
}
