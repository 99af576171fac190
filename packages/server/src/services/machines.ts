import { isId } from "../ids.js";
import type { Store } from "../store/database.js";
import { licensesRepository } from "../store/licenses.js";
import { type MachineChanges, machinesRepository } from "../store/machines.js";
import type { PageRequest } from "../store/pagination.js";
import type { MachineRecord as Machine } from "../store/records.js";
import { lockScoped } from "../store/scoped.js";
import { auditedTransaction } from "./audit.js";
import type { Clock } from "./clock.js";
import { forbidden, notFound } from "./errors.js";
import { outsideLicenseScope, type Principal, requireProductAccess } from "./principal.js";

export interface MachineFilterInput {
  licenseId?: string | undefined;
  productId?: string | undefined;
  fingerprint?: string | undefined;
  /** Machines of the licenses of this user. */
  userId?: string | undefined;
  /** Exact top-level metadata values, all of them. */
  metadata?: Record<string, string> | undefined;
}

export interface MachineUpdate {
  name?: string | null;
  metadata?: Record<string, unknown>;
  variables?: Record<string, unknown>;
}

/**
 * Machines (activated devices). Admin tokens reach every machine of the organization, product
 * tokens the machines of their product's licenses, license tokens read their license's
 * machines only. Activation, deactivation and heartbeats are the engine's (activation.ts).
 */
export function machinesService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const machines = () => machinesRepository(store.db);

  /**
   * The machine, if the caller may see it: 404 when unknown to the organization or outside a
   * license token's license; 403 for a product token of another product, and for a license
   * token that wants to change it (`write`).
   */
  async function load(principal: Principal, id: string, write: boolean): Promise<Machine> {
    const machine = isId("mach", id)
      ? await machines().find(principal.organizationId, id)
      : undefined;
    if (!machine || outsideLicenseScope(principal, machine.licenseId)) {
      throw notFound("machine", id);
    }
    if (principal.kind === "license") {
      if (write) throw forbidden("a license token can only read its license's machines");
      return machine;
    }
    if (principal.kind !== "admin") {
      const license = await licensesRepository(store.db).find(
        principal.organizationId,
        machine.licenseId,
      );
      // A machine always has its license (deleting a license deletes its machines).
      if (!license) throw notFound("machine", id);
      requireProductAccess(principal, license.productId);
    }
    return machine;
  }

  return {
    get(principal: Principal, id: string): Promise<Machine> {
      return load(principal, id, false);
    },

    /** Admin: every machine (filtered); product tokens: their product's; license tokens: theirs. */
    async list(principal: Principal, filter: MachineFilterInput, page: PageRequest) {
      let { licenseId, productId } = filter;
      if (principal.kind === "license") {
        if (licenseId !== undefined && outsideLicenseScope(principal, licenseId)) {
          throw notFound("license", licenseId);
        }
        licenseId = principal.licenseId ?? "";
      } else if (principal.kind !== "admin") {
        productId ??= principal.productId ?? undefined;
        requireProductAccess(principal, productId ?? "");
      }
      return machines().list(
        principal.organizationId,
        {
          licenseId,
          productId,
          fingerprint: filter.fingerprint,
          userId: filter.userId,
          metadata: filter.metadata,
        },
        page,
      );
    },

    /**
     * Activated machines now by heartbeat state: admin tokens every product's or one's,
     * product tokens their own product's (another is FORBIDDEN), license tokens none.
     */
    counts(principal: Principal, filter: { productId?: string | undefined }) {
      const productId = filter.productId ?? principal.productId ?? undefined;
      if (principal.kind !== "admin") requireProductAccess(principal, productId ?? "");
      return machines().counts(principal.organizationId, productId, clock().toISOString());
    },

    async update(principal: Principal, id: string, input: MachineUpdate): Promise<Machine> {
      const machine = await load(principal, id, true);
      const changes: MachineChanges = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.metadata !== undefined) changes.metadata = input.metadata;
      if (input.variables !== undefined) changes.variables = input.variables;
      const now = clock();
      return auditedTransaction(store.db, principal, now, async (trx) => {
        const repository = machinesRepository(trx);
        // The row lock first: a concurrent change then waits, and `before` is what this replaces.
        await lockScoped(trx, "machines", principal.organizationId, machine.id);
        const before = (await repository.find(principal.organizationId, machine.id)) ?? machine;
        const done = await repository.update(
          principal.organizationId,
          machine.id,
          changes,
          now.toISOString(),
        );
        const updated = done ? await repository.find(principal.organizationId, machine.id) : null;
        // Deleted in between: as if it never existed.
        if (!updated) throw notFound("machine", id);
        return {
          result: updated,
          audit: { action: "machine.updated", id: machine.id, before, after: updated },
        };
      });
    },
  };
}
