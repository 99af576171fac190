import {
  activationDecision,
  deviceRefusal,
  expiryStartingAt,
  heartbeatDeadline,
  offlineDeadline,
} from "../domain/activation.js";
import type { PolicyRules } from "../domain/policy.js";
import { heartbeatState } from "../domain/validation.js";
import { isId, newId } from "../ids.js";
import type { Db, Store } from "../store/database.js";
import { licensingRepository } from "../store/licensing.js";
import { machinesRepository } from "../store/machines.js";
import type { MachineRecord as Machine } from "../store/records.js";
import { recordAudit } from "./audit.js";
import type { Clock } from "./clock.js";
import { notFound, ServiceError } from "./errors.js";
import { recordEvents } from "./events.js";
import { loadedLicense, lockedLicense } from "./license-context.js";
import { outsideLicenseScope, type Principal, requireProductAccess } from "./principal.js";

/** A device to activate (SPEC R1, L6, T7, X5). */
export interface ActivationInput {
  /** Defaults to the license of a license principal. */
  licenseId?: string | undefined;
  fingerprint: string;
  name?: string | null | undefined;
  platform?: string | null | undefined;
  osVersion?: string | null | undefined;
  appIdentifier?: string | null | undefined;
  appVersion?: string | null | undefined;
  variables?: Record<string, unknown> | undefined;
  metadata?: Record<string, unknown> | undefined;
  /**
   * The product the device's app is for: a license of another product is refused
   * (LICENSE_PRODUCT_MISMATCH) before it takes a seat. Absent: not checked.
   */
  productId?: string | undefined;
  /**
   * Activated from an offline request file (services/offline-activation.ts): on heartbeat
   * policies the machine holds its seat for the offline period, and activating it again renews
   * that period.
   */
  offline?: boolean | undefined;
}

export interface Activation {
  machine: Machine;
  /** False when the device was already activated on the license (the same machine back). */
  created: boolean;
}

/**
 * Activation, deactivation and heartbeats: the changes to a license's machines. Activation
 * holds the license's row lock while it counts and inserts, so N racing activations against a
 * limit of M leave exactly M machines, across processes on one PostgreSQL (ARCHITECTURE.md).
 */
export function activationService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;

  /** The license id the principal may change machines of (404 / 403 as for the license). */
  function licenseIdFor(principal: Principal, requested: string | undefined): string {
    const id = requested ?? principal.licenseId;
    if (id === undefined || id === null) {
      throw new ServiceError("LICENSE_REQUIRED", "licenseId is required with this token");
    }
    if (!isId("lic", id) || outsideLicenseScope(principal, id)) throw notFound("license", id);
    return id;
  }

  async function activateIn(
    trx: Db,
    principal: Principal,
    licenseId: string,
    input: ActivationInput,
  ): Promise<Activation> {
    const organizationId = principal.organizationId;
    const locked = await lockedLicense(trx, organizationId, licenseId, input.fingerprint);
    if (!locked) throw notFound("license", licenseId);
    const { license, rules } = locked;
    if (principal.kind !== "license") requireProductAccess(principal, license.productId);
    if (input.productId !== undefined && input.productId !== license.productId) {
      throw new ServiceError(
        "LICENSE_PRODUCT_MISMATCH",
        `license ${licenseId} is for another product than ${input.productId}`,
      );
    }
    const refusal = deviceRefusal(locked, input);
    if (refusal) throw new ServiceError(refusal.code, refusal.message);
    const now = clock();
    let machineCount = locked.machineCount;
    if (locked.machine) {
      const existing = locked.machine;
      if (!isDead(existing, now)) {
        const machine = input.offline ? await renewOffline(trx, existing, rules, now) : existing;
        return { machine, created: false };
      }
      // A dead machine is not revived (a heartbeat says "activate it again"). Under a
      // "deactivate" policy it is culled here, as the culling job would, and the device
      // activates anew under the limit; under "keep" it holds its seat until deactivated.
      if (!existing.cullWhenDead) {
        throw new ServiceError(
          "HEARTBEAT_DEAD",
          `machine ${existing.id} missed its heartbeat and its policy keeps dead machines: ` +
            "deactivate it, then activate again",
        );
      }
      await machinesRepository(trx).delete(organizationId, existing.id);
      await recordEvents(trx, now, culledEvent(existing));
      machineCount -= 1;
    }

    const decision = activationDecision(
      {
        suspended: license.suspended,
        revokedAt: license.revokedAt,
        expiresAt: license.expiresAt,
        rules,
        machineCount,
      },
      now,
    );
    if (!decision.ok) {
      throw new ServiceError(decision.code, decision.message);
    }
    const iso = now.toISOString();
    const machine: Machine = {
      id: newId("mach", now),
      organizationId: organizationId,
      licenseId: licenseId,
      fingerprint: input.fingerprint,
      name: input.name ?? null,
      platform: input.platform ?? null,
      osVersion: input.osVersion ?? null,
      appIdentifier: input.appIdentifier ?? null,
      appVersion: input.appVersion ?? null,
      variables: input.variables ?? {},
      metadata: input.metadata ?? {},
      lastHeartbeatAt: null,
      // A device on a heartbeat policy must start beating within one heartbeat window; one
      // activated offline sends none and holds its seat for the offline period.
      heartbeatDeadlineAt: input.offline
        ? offlineDeadline(rules, now)
        : heartbeatDeadline(rules, now),
      cullWhenDead: rules.heartbeat.cullStrategy === "deactivate",
      lastValidatedAt: null,
      lastValidationCode: null,
      createdAt: iso,
      updatedAt: iso,
    };
    await machinesRepository(trx).insert(machine);
    if (license.firstActivatedAt === null) {
      const expiresAt = expiryStartingAt(rules, "first_activation", license.expiresAt, now);
      await licensingRepository(trx).setOnce(
        organizationId,
        licenseId,
        "firstActivatedAt",
        iso,
        expiresAt,
      );
    }
    await recordEvents(trx, now, {
      organizationId,
      type: "machine.activated",
      licenseId,
      machineId: machine.id,
      data: { fingerprint: machine.fingerprint },
    });
    await recordAudit(trx, principal, now, {
      action: "machine.activated",
      id: machine.id,
      after: machine,
    });
    return { machine, created: true };
  }

  /** A new offline activation of an activated device: its offline period starts again. */
  async function renewOffline(
    trx: Db,
    machine: Machine,
    rules: Readonly<PolicyRules>,
    now: Date,
  ): Promise<Machine> {
    const deadline = offlineDeadline(rules, now);
    const current = machine.heartbeatDeadlineAt;
    if (deadline === null || (current !== null && current >= deadline)) return machine;
    const updatedAt = now.toISOString();
    await machinesRepository(trx).setHeartbeatDeadline(
      machine.organizationId,
      machine.id,
      deadline,
      updatedAt,
    );
    return { ...machine, heartbeatDeadlineAt: deadline, updatedAt: updatedAt };
  }

  /** The machine, if the principal may change it (license principals: their license's). */
  async function loadMachine(principal: Principal, id: string): Promise<Machine> {
    const machine = isId("mach", id)
      ? await machinesRepository(store.db).find(principal.organizationId, id)
      : undefined;
    if (!machine || outsideLicenseScope(principal, machine.licenseId)) {
      throw notFound("machine", id);
    }
    if (principal.kind === "product") {
      const context = await licensingRepository(store.db).contextById(
        principal.organizationId,
        machine.licenseId,
      );
      if (!context) throw notFound("machine", id);
      requireProductAccess(principal, context.license.productId);
    }
    return machine;
  }

  return {
    async activate(principal: Principal, input: ActivationInput): Promise<Activation> {
      const licenseId = licenseIdFor(principal, input.licenseId);
      return store.db.transaction().execute((trx) => activateIn(trx, principal, licenseId, input));
    },

    /**
     * Frees the machine's seat: by the vendor (admin/product token) or by the license holder
     * (license token or key, SPEC X6).
     */
    async deactivate(principal: Principal, id: string): Promise<void> {
      const machine = await loadMachine(principal, id);
      const now = clock();
      await store.db.transaction().execute(async (trx) => {
        if (!(await machinesRepository(trx).delete(principal.organizationId, machine.id))) {
          throw notFound("machine", id);
        }
        await recordEvents(trx, now, {
          organizationId: principal.organizationId,
          type: "machine.deactivated",
          licenseId: machine.licenseId,
          machineId: machine.id,
          data: { fingerprint: machine.fingerprint, by: principal.kind },
        });
        await recordAudit(trx, principal, now, {
          action: "machine.deactivated",
          id: machine.id,
          before: machine,
        });
      });
    },

    /**
     * A heartbeat (SPEC X4): the machine stays alive for the policy's heartbeat window. A dead
     * machine cannot be revived (409 HEARTBEAT_DEAD): it must activate again, taking a seat
     * under the limit like any new device.
     */
    async heartbeat(principal: Principal, id: string): Promise<Machine> {
      const machine = await loadMachine(principal, id);
      const context = await licensingRepository(store.db).contextById(
        principal.organizationId,
        machine.licenseId,
      );
      if (!context) throw notFound("machine", id);
      const { rules } = loadedLicense(context);
      const now = clock();
      if (isDead(machine, now)) {
        throw new ServiceError(
          "HEARTBEAT_DEAD",
          `machine ${id} missed its heartbeat: activate it again`,
        );
      }
      const beat = now.toISOString();
      const deadline = heartbeatDeadline(rules, now);
      const cull = rules.heartbeat.cullStrategy === "deactivate";
      await store.db.transaction().execute(async (trx) => {
        const repo = licensingRepository(trx);
        if (!(await repo.heartbeat(principal.organizationId, machine.id, beat, deadline, cull))) {
          throw notFound("machine", id);
        }
        if (machine.lastHeartbeatAt === null) {
          await recordEvents(trx, now, {
            organizationId: principal.organizationId,
            type: "machine.heartbeat.first",
            licenseId: machine.licenseId,
            machineId: machine.id,
          });
        }
      });
      return {
        ...machine,
        lastHeartbeatAt: beat,
        heartbeatDeadlineAt: deadline,
        cullWhenDead: cull,
      };
    },

    /**
     * One run of the culling job: deletes dead machines of "deactivate" policies and records
     * machine.culled for each. Safe in several processes at once (see cullDead).
     */
    async cullDeadMachines(limit = 500): Promise<Machine[]> {
      const now = clock();
      return store.db.transaction().execute(async (trx) => {
        const culled = await licensingRepository(trx).cullDead(now.toISOString(), limit);
        await recordEvents(trx, now, ...culled.map(culledEvent));
        return culled;
      });
    },
  };
}

function isDead(machine: Machine, now: Date): boolean {
  const facts = {
    lastHeartbeatAt: machine.lastHeartbeatAt,
    heartbeatDeadlineAt: machine.heartbeatDeadlineAt,
  };
  return heartbeatState(facts, now) === "dead";
}

function culledEvent(machine: Machine) {
  return {
    organizationId: machine.organizationId,
    type: "machine.culled" as const,
    licenseId: machine.licenseId,
    machineId: machine.id,
    data: { fingerprint: machine.fingerprint, deadline: machine.heartbeatDeadlineAt },
  };
}

export type ActivationService = ReturnType<typeof activationService>;
