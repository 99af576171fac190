import { deviceRefusal, expiryStartingAt } from "../../domain/activation.js";
import type { PolicyRules } from "../../domain/policy.js";
import {
  alertsCrossed,
  DEVICES_METRIC,
  deviceDecision,
  holdsSeat,
  licenseStage,
  periodKey,
  periodStart,
  type QuotaStage,
  type TrackableSettings,
  usageStage,
} from "../../domain/trackable.js";
import { versionRefusal } from "../../domain/validation.js";
import { newId } from "../../ids.js";
import type { Db, Store } from "../../store/database.js";
import { licensingRepository } from "../../store/licensing.js";
import { machinesRepository } from "../../store/machines.js";
import type { LicenseRecord as License, MachineRecord as Machine } from "../../store/records.js";
import { trackableRepository } from "../../store/trackable.js";
import { usageRepository } from "../../store/usage.js";
import type { Clock } from "../clock.js";
import { recordEvents } from "../events.js";
import { lockedLicense } from "../license-context.js";
import { recordAlerts } from "./alerts.js";
import { settingsOfLicense } from "./settings.js";

/** What a device states about itself when it authorizes (SPEC T7: a random UUID, no hardware). */
export interface DeviceInput {
  deviceId: string;
  platform?: string | undefined;
  appIdentifier?: string | undefined;
  appVersion?: string | undefined;
}

export type Grant =
  | {
      ok: true;
      license: License;
      rules: PolicyRules;
      settings: TrackableSettings;
      machine: Machine;
      stage: QuotaStage;
    }
  | { ok: false; license: License; rules: PolicyRules; code: string; message: string };

const DAY_MS = 86_400_000;

/** When a device seen now loses its seat (concurrent) or is released (per device). */
export function deviceTimes(settings: TrackableSettings, now: Date) {
  return {
    seatUntil:
      settings.deviceModel === "concurrent"
        ? new Date(now.getTime() + settings.seatSeconds * 1000).toISOString()
        : null,
    releaseAt:
      settings.deviceModel === "per_device"
        ? new Date(now.getTime() + settings.inactiveDays * DAY_MS).toISOString()
        : null,
  };
}

/**
 * Grants the license to a device inside `trx`, under the license's row lock (as activation
 * does), so N racing devices against a limit of M leave exactly M seats taken, across processes
 * on one PostgreSQL. Refuses a device its product does not allow (R1), a license that is not
 * usable or whose quota is exhausted (T8). A device taking a seat records the device limit's
 * thresholds it crosses as usage alerts; the stage granted counts the devices in use (T8, T10).
 */
export async function grantDevice(
  trx: Db,
  organizationId: string,
  licenseId: string,
  device: DeviceInput,
  now: Date,
): Promise<Grant | null> {
  const locked = await lockedLicense(trx, organizationId, licenseId);
  if (!locked) return null;
  const { license, rules } = locked;
  const refuse = (code: string, message: string): Grant => ({
    ok: false,
    license,
    rules,
    code,
    message,
  });
  // R1: the product's platforms and app identifiers, as /v1/check and activation apply them,
  // and the policy's app versions, as /v1/check does (an authorization is the device's check).
  const refusal = deviceRefusal(locked, device);
  if (refusal !== null) return refuse(refusal.code, refusal.message);
  const version = versionRefusal(rules, device.appVersion);
  if (version !== null) return refuse("VERSION_NOT_ALLOWED", version);

  const licensing = licensingRepository(trx);
  const settings = await settingsOfLicense(trx, license);
  const period = periodKey(settings.period, now);
  const totals = await usageRepository(trx).totals(organizationId, licenseId, period);
  if (usageStage(totals, rules, settings) === "exhausted") {
    return refuse("QUOTA_EXCEEDED", "the license's usage quota and its grace are used up");
  }

  const repo = trackableRepository(trx);
  const iso = now.toISOString();
  const since = periodStart(settings.period, now);
  const existing = await licensing.machineByFingerprint(organizationId, licenseId, device.deviceId);
  const seated = holdsSeat(
    settings.deviceModel,
    existing === undefined
      ? null
      : { lastSeenAt: existing.lastHeartbeatAt, seatUntil: existing.heartbeatDeadlineAt },
    now,
    since,
  );
  const inUse = await repo.devicesInUse(
    organizationId,
    licenseId,
    settings.deviceModel,
    iso,
    since,
  );
  const decision = deviceDecision(
    {
      suspended: license.suspended,
      revokedAt: license.revokedAt,
      expiresAt: license.expiresAt,
      rules,
      machineCount: seated ? 0 : inUse,
    },
    seated,
    now,
  );
  if (!decision.ok) {
    return refuse(
      decision.code === "MACHINE_LIMIT_EXCEEDED" ? "DEVICE_LIMIT_EXCEEDED" : decision.code,
      decision.message,
    );
  }

  const { seatUntil, releaseAt } = deviceTimes(settings, now);
  const touched =
    existing !== undefined &&
    (await repo.touchDevices(organizationId, [existing.id], iso, seatUntil)).length > 0;
  let machine: Machine;
  if (existing !== undefined && touched) {
    machine = { ...existing, lastHeartbeatAt: iso, heartbeatDeadlineAt: seatUntil };
  } else {
    // New, or its machine was just deleted (culled, deactivated): registered again.
    machine = newMachine(organizationId, licenseId, device, iso, seatUntil, now);
    await machinesRepository(trx).insert(machine);
    await recordEvents(trx, now, {
      organizationId,
      type: "machine.activated",
      licenseId,
      machineId: machine.id,
      data: { fingerprint: machine.fingerprint, trackable: settings.deviceModel },
    });
    if (license.firstActivatedAt === null) {
      const expiresAt = expiryStartingAt(rules, "first_activation", license.expiresAt, now);
      await licensing.setOnce(organizationId, licenseId, "firstActivatedAt", iso, expiresAt);
      if (expiresAt !== null) license.expiresAt = expiresAt;
    }
  }
  await repo.markRelease(organizationId, [machine.id], licenseId, releaseAt);
  const devices = seated ? inUse : inUse + 1;
  await recordAlerts(
    trx,
    { organizationId, licenseId, period },
    alertsCrossed(
      [{ metric: DEVICES_METRIC, limit: rules.maxMachines, before: inUse, after: devices }],
      settings.alertThresholds,
    ),
    now,
  );
  return {
    ok: true,
    license,
    rules,
    settings,
    machine,
    stage: licenseStage(totals, devices, rules, settings),
  };
}

function newMachine(
  organizationId: string,
  licenseId: string,
  device: DeviceInput,
  iso: string,
  seatUntil: string | null,
  now: Date,
): Machine {
  return {
    id: newId("mach", now),
    organizationId: organizationId,
    licenseId: licenseId,
    fingerprint: device.deviceId,
    name: null,
    platform: device.platform ?? null,
    osVersion: null,
    appIdentifier: device.appIdentifier ?? null,
    appVersion: device.appVersion ?? null,
    variables: {},
    metadata: {},
    lastHeartbeatAt: iso,
    // Concurrent seats lapse without activity; the culling job then frees them.
    heartbeatDeadlineAt: seatUntil,
    cullWhenDead: seatUntil !== null,
    lastValidatedAt: null,
    lastValidationCode: null,
    createdAt: iso,
    updatedAt: iso,
  };
}

/**
 * Releases per-device devices idle past their time (SPEC T10); the job runs this. One
 * transaction per license, under its row lock (as authorizations take it), so a device that
 * comes back at that moment is either released first or kept; two job instances never both
 * release (and report) one device.
 */
export function deviceReleaser(deps: { store: Store; clock: Clock }) {
  return {
    async releaseInactive(limit = 500): Promise<Machine[]> {
      const now = deps.clock();
      const iso = now.toISOString();
      const idle = await trackableRepository(deps.store.db).idleDevices(iso, limit);
      const byLicense = new Map<string, { organizationId: string; machineIds: string[] }>();
      for (const device of idle) {
        const group = byLicense.get(device.licenseId) ?? {
          organizationId: device.organizationId,
          machineIds: [],
        };
        group.machineIds.push(device.machineId);
        byLicense.set(device.licenseId, group);
      }
      const released: Machine[] = [];
      for (const [licenseId, { organizationId, machineIds }] of byLicense) {
        const machines = await deps.store.db.transaction().execute(async (trx) => {
          await licensingRepository(trx).lockLicense(organizationId, licenseId);
          const gone = await trackableRepository(trx).release(
            organizationId,
            licenseId,
            machineIds,
            iso,
          );
          await recordEvents(
            trx,
            now,
            ...gone.map((machine) => ({
              organizationId,
              type: "machine.released" as const,
              licenseId,
              machineId: machine.id,
              data: { fingerprint: machine.fingerprint, lastSeenAt: machine.lastHeartbeatAt },
            })),
          );
          return gone;
        });
        released.push(...machines);
      }
      return released;
    },
  };
}
