import { createLease } from "@keyward/formats/node";
import { expiryStartingAt, heartbeatDeadline } from "../domain/activation.js";
import { leaseTimes } from "../domain/lease.js";
import {
  checkInDueAt,
  heartbeatState,
  NOT_FOUND,
  type Validation,
  type ValidationScope,
  validateLicense,
} from "../domain/validation.js";
import { randomNonce } from "../random.js";
import type { Store } from "../store/database.js";
import { licensingRepository } from "../store/licensing.js";
import type {
  ActiveKeyStamps,
  LicenseRecord as License,
  MachineRecord as Machine,
} from "../store/records.js";
import { recordAudit } from "./audit.js";
import type { Clock } from "./clock.js";
import { recordEvents } from "./events.js";
import { type LoadedLicense, loadedLicense, reachableLicense } from "./license-context.js";
import { hashLicenseKey } from "./licenses.js";
import type { Principal } from "./principal.js";
import type { SigningKeysService } from "./signing-keys.js";
import {
  recordValidationChange,
  repeatingWarning,
  type ServiceLog,
  stderrLog,
  type ValidationLog,
} from "./validation-log.js";

export interface ValidationResult {
  validation: Validation;
  /** Null only for NOT_FOUND. */
  license: License | null;
  /** The machine with the scope's fingerprint, when there is one. */
  machine: Machine | null;
  /** The license's organization's active signing keys as read with it; null for NOT_FOUND. */
  signingKeys: ActiveKeyStamps | null;
  /** The time the decision was made at: presenters compute the license's status at it, so an
   * answer at an expiry boundary never shows a status that disagrees with its code. */
  now: Date;
}

/** What the compact check endpoint receives (SPEC R5: about 180 bytes). */
export interface CheckInput {
  key: string;
  fingerprint?: string | undefined;
  appIdentifier?: string | undefined;
  appVersion?: string | undefined;
  platform?: string | undefined;
  /** Echoed in the lease so the client can tie the answer to its request. */
  nonce?: string | undefined;
}

export interface CheckResult {
  valid: boolean;
  code: Validation["code"];
  /** The signed lease; absent only for NOT_FOUND (no organization to sign for). */
  lease?: string;
  /** The license's organization (it signs the response too, when asked); null for NOT_FOUND. */
  organizationId: string | null;
  /** Its active signing keys as read with the license (the response's signature uses them). */
  signingKeys: ActiveKeyStamps | null;
}

/**
 * Validation (SPEC R1–R4, K8): the decision is domain/validation.ts; this gathers its facts,
 * applies what a validation changes (the expiry clock of "first_validation" policies, the
 * heartbeat of the device that asks on heartbeat policies) and records the outcome.
 */
export function validationService(deps: {
  store: Store;
  clock: Clock;
  validations: ValidationLog;
  signingKeys: SigningKeysService;
  /** Where a change of code that could not be recorded is said (default: stderr). */
  log?: ServiceLog;
}) {
  const { store, clock, validations } = deps;
  const licensing = () => licensingRepository(store.db);
  const changeNotRecorded = repeatingWarning(
    deps.log ?? stderrLog,
    "could not record a change of validation code; the next check of its license or machine tries again",
    "changes of validation code recorded again",
  );

  async function decide(
    loaded: LoadedLicense,
    scope: ValidationScope,
    now: Date,
    beat = false,
  ): Promise<ValidationResult> {
    const { rules } = loaded;
    let license = loaded.license;
    const organizationId = license.organizationId;
    if (license.firstValidatedAt === null) license = await startClockAtFirstValidation(loaded, now);

    const found = loaded.machine;
    const machine = found && beat ? await beatOnCheck(loaded, found, now) : found;
    const entitlements = scope.entitlements?.length
      ? await licensing().entitlementCodes(organizationId, license)
      : [];
    const validation = validateLicense(
      {
        suspended: license.suspended,
        revokedAt: license.revokedAt,
        expiresAt: license.expiresAt,
        createdAt: license.createdAt,
        lastCheckInAt: license.lastCheckInAt,
        productId: license.productId,
        uses: license.uses,
        rules,
        platforms: loaded.platforms,
        appIdentifiers: loaded.appIdentifiers,
        machineCount: loaded.machineCount,
        machine: machine && {
          lastHeartbeatAt: machine.lastHeartbeatAt,
          heartbeatDeadlineAt: machine.heartbeatDeadlineAt,
        },
        entitlements,
      },
      scope,
      now,
    );
    const outcome = {
      organizationId,
      productId: license.productId,
      licenseId: license.id,
      machineId: machine?.id ?? null,
      valid: validation.valid,
      code: validation.code,
      previousCode: machine ? machine.lastValidationCode : license.lastValidationCode,
      at: now,
    };
    // A repeat of the last code only counts; a change is written at once, with its event. A
    // failed write must not fail the check: the code stays the old one, so the next check of
    // the subject writes the change again.
    if (outcome.code !== outcome.previousCode) {
      await recordValidationChange(store, outcome).then(
        () => changeNotRecorded.succeeded(),
        (error: unknown) => changeNotRecorded.failed({ reason: String(error) }),
      );
    }
    validations.count(outcome);
    return { validation, license, machine, now, signingKeys: loaded.signingKeys };
  }

  /** The expiry of a "first_validation" policy starts now (once: a concurrent one keeps its). */
  async function startClockAtFirstValidation(loaded: LoadedLicense, now: Date): Promise<License> {
    const { license, rules } = loaded;
    const expiresAt = expiryStartingAt(rules, "first_validation", license.expiresAt, now);
    const set = await licensing().setOnce(
      license.organizationId,
      license.id,
      "firstValidatedAt",
      now.toISOString(),
      expiresAt,
    );
    if (!set) return license;
    return {
      ...license,
      firstValidatedAt: now.toISOString(),
      expiresAt: expiresAt ?? license.expiresAt,
    };
  }

  /**
   * A device that runs the compact check on a heartbeat policy is alive: the check counts as its
   * heartbeat (before deciding), so an SDK need not send both. A dead machine stays dead.
   * Validations (by key or id) only look: the vendor validating is not the device beating.
   */
  async function beatOnCheck(loaded: LoadedLicense, machine: Machine, now: Date): Promise<Machine> {
    const facts = {
      lastHeartbeatAt: machine.lastHeartbeatAt,
      heartbeatDeadlineAt: machine.heartbeatDeadlineAt,
    };
    const state = heartbeatState(facts, now);
    if (state === "not_required" || state === "dead") return machine;
    const deadline = heartbeatDeadline(loaded.rules, now);
    const beat = now.toISOString();
    const cull = loaded.rules.heartbeat.cullStrategy === "deactivate";
    await licensing().heartbeat(machine.organizationId, machine.id, beat, deadline, cull);
    return { ...machine, lastHeartbeatAt: beat, heartbeatDeadlineAt: deadline };
  }

  async function byKey(key: string, fingerprint?: string): Promise<LoadedLicense | null> {
    const context = await licensing().contextByKeyHash(hashLicenseKey(key), fingerprint);
    return context ? loadedLicense(context) : null;
  }

  return {
    /**
     * `Authorization: License <key>`: the key acts as a license token of its license (read it,
     * activate and deactivate its machines, heartbeats, check-in). Null for an unknown key.
     */
    async authenticateKey(key: string): Promise<Principal | null> {
      const license = await licensing().licenseByKeyHash(hashLicenseKey(key));
      if (!license) return null;
      return {
        organizationId: license.organizationId,
        tokenId: null,
        kind: "license",
        productId: null,
        licenseId: license.id,
      };
    },

    /** POST /v1/licenses/actions/validate-key: the key is the credential. */
    async validateKey(key: string, scope: ValidationScope): Promise<ValidationResult> {
      const loaded = await byKey(key, scope.fingerprint);
      if (!loaded) {
        return {
          validation: NOT_FOUND,
          license: null,
          machine: null,
          now: clock(),
          signingKeys: null,
        };
      }
      return decide(loaded, scope, clock());
    },

    /** POST /v1/licenses/:id/actions/validate: with a token that may read the license. */
    async validateById(
      principal: Principal,
      id: string,
      scope: ValidationScope,
    ): Promise<ValidationResult> {
      const loaded = await reachableLicense(store.db, principal, id, scope.fingerprint);
      return decide(loaded, scope, clock());
    },

    /** POST /v1/check: validation answered with a signed lease (SPEC R2–R5). */
    async check(input: CheckInput): Promise<CheckResult> {
      const loaded = await byKey(input.key, input.fingerprint);
      if (!loaded)
        return { valid: false, code: "NOT_FOUND", organizationId: null, signingKeys: null };
      const now = clock();
      const { validation, license, machine } = await decide(
        loaded,
        {
          fingerprint: input.fingerprint,
          appIdentifier: input.appIdentifier,
          appVersion: input.appVersion,
          platform: input.platform,
        },
        now,
        true,
      );
      const current = license ?? loaded.license;
      const times = leaseTimes(loaded.rules, validation.valid, now, {
        expiresAt: current.expiresAt,
        heartbeatDeadlineAt: machine?.heartbeatDeadlineAt ?? null,
        checkInDueAt: checkInDueAt(loaded.rules, current),
      });
      const signingKey = await deps.signingKeys.current(
        current.organizationId,
        "ed25519",
        loaded.signingKeys.ed25519,
      );
      const lease = createLease({
        privateKey: signingKey.privateKey,
        claims: {
          v: 1,
          lic: current.id,
          prod: current.productId,
          ...(machine ? { mach: machine.id } : {}),
          ...(input.fingerprint !== undefined ? { fp: input.fingerprint } : {}),
          ok: validation.valid,
          code: validation.code,
          iat: times.issuedAt,
          exp: times.leaseUntil,
          gr: times.graceUntil,
          n: input.nonce ?? randomNonce(),
          kid: signingKey.id,
        },
      });
      return {
        valid: validation.valid,
        code: validation.code,
        lease,
        organizationId: current.organizationId,
        signingKeys: loaded.signingKeys,
      };
    },

    /** POST /v1/licenses/:id/actions/check-in: restarts the check-in interval (OVERDUE). */
    async checkIn(principal: Principal, id: string): Promise<{ license: License; now: Date }> {
      const { license } = await reachableLicense(store.db, principal, id);
      const now = clock();
      await store.db.transaction().execute(async (trx) => {
        await licensingRepository(trx).touchLicense(principal.organizationId, id, {
          lastCheckInAt: now.toISOString(),
        });
        await recordEvents(trx, now, {
          organizationId: principal.organizationId,
          type: "license.checked_in",
          licenseId: id,
        });
        await recordAudit(trx, principal, now, {
          action: "license.checked_in",
          id,
          before: { lastCheckInAt: license.lastCheckInAt },
          after: { lastCheckInAt: now.toISOString() },
        });
      });
      return { license: { ...license, lastCheckInAt: now.toISOString() }, now };
    },
  };
}

export type ValidationService = ReturnType<typeof validationService>;
