import { isId, newId } from "../ids.js";
import type { Db, Store } from "../store/database.js";
import {
  type EntitlementChanges,
  type EntitlementOwner,
  entitlementsRepository,
} from "../store/entitlements.js";
import { licensesRepository } from "../store/licenses.js";
import type { PageRequest } from "../store/pagination.js";
import { policiesRepository } from "../store/policies.js";
import type { EntitlementRecord as Entitlement } from "../store/records.js";
import { lockScoped } from "../store/scoped.js";
import { auditedTransaction, recordAudit } from "./audit.js";
import type { Clock } from "./clock.js";
import { notFound } from "./errors.js";
import type { LicensesService } from "./licenses.js";
import type { PoliciesService } from "./policies.js";
import { type Principal, requireAdmin, requireProductAccess } from "./principal.js";

export interface EntitlementInput {
  code: string;
  name: string;
  metadata?: Record<string, unknown>;
}

/** Policies and licenses are reached through their services, with their access rules. */
export function entitlementsService(deps: {
  store: Store;
  clock: Clock;
  policies: PoliciesService;
  licenses: LicensesService;
}) {
  const { store, clock, policies, licenses } = deps;
  const entitlements = () => entitlementsRepository(store.db);

  /** Entitlements are organization-wide: product tokens may read them, only admins change them. */
  function requireReader(principal: Principal): void {
    if (principal.kind !== "admin") requireProductAccess(principal, principal.productId ?? "");
  }

  async function load(principal: Principal, id: string): Promise<Entitlement> {
    const entitlement = isId("ent", id)
      ? await entitlements().find(principal.organizationId, id)
      : undefined;
    if (!entitlement) throw notFound("entitlement", id);
    return entitlement;
  }

  /** The policy or license, reached through its own service's access rules. */
  async function owner(
    principal: Principal,
    kind: EntitlementOwner["kind"],
    id: string,
  ): Promise<EntitlementOwner> {
    const item =
      kind === "policy" ? await policies.load(principal, id) : await licenses.load(principal, id);
    return { kind, id: item.id };
  }

  /** Every id must name an entitlement of the organization: 404 for the first that does not. */
  async function checkExisting(db: Db, principal: Principal, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found = await entitlementsRepository(db).existing(
      principal.organizationId,
      unique.filter((id) => isId("ent", id)),
    );
    const missing = unique.find((id) => !found.has(id));
    if (missing !== undefined) throw notFound("entitlement", missing);
    return unique;
  }

  return {
    async create(principal: Principal, input: EntitlementInput): Promise<Entitlement> {
      requireAdmin(principal);
      const now = clock();
      const entitlement: Entitlement = {
        id: newId("ent", now),
        organizationId: principal.organizationId,
        code: input.code,
        name: input.name,
        metadata: input.metadata ?? {},
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      await auditedTransaction(store.db, principal, now, async (trx) => {
        await entitlementsRepository(trx).insert(entitlement);
        return {
          result: null,
          audit: { action: "entitlement.created", id: entitlement.id, after: entitlement },
        };
      });
      return entitlement;
    },

    async get(principal: Principal, id: string): Promise<Entitlement> {
      requireReader(principal);
      return load(principal, id);
    },

    async list(principal: Principal, page: PageRequest) {
      requireReader(principal);
      return entitlements().list(principal.organizationId, page);
    },

    async update(
      principal: Principal,
      id: string,
      input: Partial<EntitlementInput>,
    ): Promise<Entitlement> {
      requireAdmin(principal);
      const changes: EntitlementChanges = {};
      if (input.code !== undefined) changes.code = input.code;
      if (input.name !== undefined) changes.name = input.name;
      if (input.metadata !== undefined) changes.metadata = input.metadata;
      if (!isId("ent", id)) throw notFound("entitlement", id);
      const now = clock();
      return auditedTransaction(store.db, principal, now, async (trx) => {
        // The row lock first: a concurrent change then waits, and `before` is what this replaces.
        const locked = await lockScoped(trx, "entitlements", principal.organizationId, id);
        const before = locked
          ? await entitlementsRepository(trx).find(principal.organizationId, id)
          : undefined;
        if (!before) throw notFound("entitlement", id);
        const entitlement = await entitlementsRepository(trx).update(
          principal.organizationId,
          id,
          changes,
          now.toISOString(),
        );
        if (!entitlement) throw notFound("entitlement", id);
        return {
          result: entitlement,
          audit: { action: "entitlement.updated", id, before, after: entitlement },
        };
      });
    },

    /** Deletes the entitlement and detaches it from every policy and license. */
    async delete(principal: Principal, id: string): Promise<void> {
      requireAdmin(principal);
      const before = await load(principal, id);
      await store.db.transaction().execute(async (trx) => {
        if (!(await entitlementsRepository(trx).delete(principal.organizationId, id))) {
          throw notFound("entitlement", id);
        }
        await recordAudit(trx, principal, clock(), { action: "entitlement.deleted", id, before });
      });
    },

    async listAttached(
      principal: Principal,
      kind: EntitlementOwner["kind"],
      id: string,
      page: PageRequest,
    ) {
      const target = await owner(principal, kind, id);
      return entitlements().listAttached(principal.organizationId, target, page);
    },

    /**
     * Attaches (already attached ones are kept as they are, and are not in the audit entry;
     * nothing new attached: no entry); all or nothing. Under the policy's or license's row
     * lock, which deleting it takes first. An entitlement deleted meanwhile fails the link's
     * foreign key: 409 CONFLICT, nothing attached.
     */
    async attach(
      principal: Principal,
      kind: EntitlementOwner["kind"],
      id: string,
      entitlementIds: string[],
    ): Promise<void> {
      const target = await owner(principal, kind, id);
      const { organizationId } = principal;
      const at = clock();
      const now = at.toISOString();
      await store.db.transaction().execute(async (trx) => {
        const locked =
          kind === "policy"
            ? await policiesRepository(trx).lock(organizationId, target.id)
            : await licensesRepository(trx).lock(organizationId, target.id);
        if (!locked) throw notFound(kind, id);
        const ids = await checkExisting(trx, principal, entitlementIds);
        // Under the lock: those already attached stay as they are, and attaching nothing new
        // changes nothing, so it writes no audit entry; the entry names the ones added.
        const attached = await entitlementsRepository(trx).attachedIds(organizationId, target);
        const added = ids.filter((entitlementId) => !attached.has(entitlementId));
        if (added.length === 0) return;
        await entitlementsRepository(trx).attach(organizationId, target, added, now);
        await recordAudit(trx, principal, at, {
          action: `${kind}.entitlements_attached`,
          id: target.id,
          after: { entitlementIds: added },
        });
      });
    },

    /** Detaches (under the owner's row lock); ids not attached are ignored, unknown ids 404. */
    async detach(
      principal: Principal,
      kind: EntitlementOwner["kind"],
      id: string,
      entitlementIds: string[],
    ): Promise<void> {
      const target = await owner(principal, kind, id);
      const { organizationId } = principal;
      await store.db.transaction().execute(async (trx) => {
        // The owner's row lock, as attaching takes it: what is attached stays so until the end.
        const locked =
          kind === "policy"
            ? await policiesRepository(trx).lock(organizationId, target.id)
            : await licensesRepository(trx).lock(organizationId, target.id);
        if (!locked) throw notFound(kind, id);
        const ids = await checkExisting(trx, principal, entitlementIds);
        // Detaching only ones not attached changes nothing: no audit entry.
        const attached = await entitlementsRepository(trx).attachedIds(organizationId, target);
        const removed = ids.filter((entitlementId) => attached.has(entitlementId));
        if (removed.length === 0) return;
        await entitlementsRepository(trx).detach(organizationId, target, removed);
        await recordAudit(trx, principal, clock(), {
          action: `${kind}.entitlements_detached`,
          id: target.id,
          before: { entitlementIds: removed },
        });
      });
    },
  };
}
