import type { LeaseClaims } from "@keyward/formats";
import { createLease } from "@keyward/formats/node";
import { leaseTimes } from "../../domain/lease.js";
import type { QuotaStage } from "../../domain/trackable.js";
import { randomNonce } from "../../random.js";
import type { Store } from "../../store/database.js";
import type { JsonObject } from "../../store/records.js";
import { trackableRepository } from "../../store/trackable.js";
import type { Clock } from "../clock.js";
import { ServiceError } from "../errors.js";
import type { SigningKeysService } from "../signing-keys.js";
import type { CredentialResolver, DeviceCredential } from "./credentials.js";
import { type DeviceInput, type Grant, grantDevice } from "./devices.js";
import type { TrialsService } from "./trials.js";

export interface AuthorizeInput extends DeviceCredential, DeviceInput {
  productId: string;
  /** Public trials: the device's hashed hardware id (one trial per machine); else unused. */
  hardwareId?: string | undefined;
  /** Echoed in the signed answer, tying it to the request. */
  nonce?: string | undefined;
}

/**
 * The lease claims of a trackable authorization: the engine's lease (verifyLease checks it as
 * any lease) plus what a trackable device needs, signed with it.
 */
export interface AuthorizationClaims extends LeaseClaims {
  /** The organization and product of the granted license. */
  org: string;
  prod: string;
  /** The handshake code the license was reached by; absent for a public trial. */
  hsc?: string;
  /**
   * T9: how long the device may work offline from this authorization, in seconds: `gr − iat`
   * (the lease and the offline grace after it, at most 365 days; 0 on a refusal).
   */
  off: number;
  /** Quota stage when granted: "grace" warns the device the quota is used up (T8). */
  q?: QuotaStage;
  /** Set for trial licenses. */
  trial?: "public" | "private";
}

export interface Authorization {
  valid: boolean;
  code: string;
  detail: string;
  lease: string;
  licenseId: string;
  expiresAt: string | null;
  quota: QuotaStage | null;
  trial: { kind: "public" | "private"; expiresAt: string | null } | null;
}

function trialKind(metadata: JsonObject): "public" | "private" | undefined {
  const trial = metadata.trial;
  return trial === "public" || trial === "private" ? trial : undefined;
}

/**
 * POST /v1/trackable/authorize (SPEC T2–T10): resolves the request to a handshake code (or the
 * device's public trial), grants the device a license of the product bound to it, and answers
 * with a signed lease. With several licenses on the code (quota added by another license, T11)
 * the device keeps the one it holds, else takes the oldest that admits it.
 */
export function authorizeService(deps: {
  store: Store;
  clock: Clock;
  signingKeys: SigningKeysService;
  credentials: CredentialResolver;
  trials: TrialsService;
}) {
  const { store, clock } = deps;

  async function grantFirst(
    organizationId: string,
    licenseIds: string[],
    input: AuthorizeInput,
    now: Date,
  ): Promise<Grant> {
    let refusal: Grant | null = null;
    for (const licenseId of licenseIds) {
      const grant = await store.db
        .transaction()
        .execute((trx) => grantDevice(trx, organizationId, licenseId, input, now));
      if (grant?.ok) return grant;
      refusal ??= grant;
    }
    if (refusal === null) throw noLicense();
    return refusal;
  }

  async function sign(
    grant: Grant,
    input: AuthorizeInput,
    handshakeCodeId: string | null,
    now: Date,
  ): Promise<Authorization> {
    const { license, rules } = grant;
    const times = leaseTimes(rules, grant.ok, now, {
      expiresAt: license.expiresAt,
      heartbeatDeadlineAt: grant.ok ? grant.machine.heartbeatDeadlineAt : null,
      // Trackable devices have no check-in (no license key; an authorization is not one), so
      // a policy's check-in interval does not cut their leases: it would end each lease at a
      // deadline nothing can move, then answer VALID with no offline time at all.
      checkInDueAt: null,
    });
    const trial = trialKind(license.metadata);
    const code = grant.ok ? "VALID" : grant.code;
    const claims: AuthorizationClaims = {
      v: 1,
      lic: license.id,
      ...(grant.ok ? { mach: grant.machine.id } : {}),
      fp: input.deviceId,
      ok: grant.ok,
      code,
      iat: times.issuedAt,
      exp: times.leaseUntil,
      gr: times.graceUntil,
      n: input.nonce ?? randomNonce(),
      org: license.organizationId,
      prod: license.productId,
      ...(handshakeCodeId !== null ? { hsc: handshakeCodeId } : {}),
      off: times.graceUntil - times.issuedAt,
      ...(grant.ok ? { q: grant.stage } : {}),
      ...(trial ? { trial } : {}),
    };
    const key = await deps.signingKeys.current(license.organizationId, "ed25519");
    return {
      valid: grant.ok,
      code,
      detail: grant.ok ? "authorized" : grant.message,
      lease: createLease({ privateKey: key.privateKey, claims: { ...claims, kid: key.id } }),
      licenseId: license.id,
      expiresAt: license.expiresAt,
      quota: grant.ok ? grant.stage : null,
      trial: trial ? { kind: trial, expiresAt: license.expiresAt } : null,
    };
  }

  return {
    async authorize(input: AuthorizeInput): Promise<Authorization> {
      const code = await deps.credentials.resolve(input);
      const now = clock();
      if (code === null) {
        const { grant } = await deps.trials.publicTrial(
          input.productId,
          input.deviceId,
          input.hardwareId ?? null,
        );
        const granted = await grantFirst(grant.organizationId, [grant.licenseId], input, now);
        return sign(granted, input, null, now);
      }
      const licenseIds = await devicePool(store, code.organizationId, code.id, input);
      const granted = await grantFirst(code.organizationId, licenseIds, input, now);
      return sign(granted, input, code.id, now);
    },
  };
}

function noLicense(): ServiceError {
  return new ServiceError(
    "LICENSE_NOT_FOUND",
    "no license of this product is bound to the handshake code",
  );
}

/** The code's licenses of the product, the one(s) already holding the device first. */
export async function devicePool(
  store: Store,
  organizationId: string,
  handshakeCodeId: string,
  input: { productId: string; deviceId: string },
): Promise<string[]> {
  const repo = trackableRepository(store.db);
  const ids = await repo.boundLicenseIds(organizationId, handshakeCodeId, input.productId);
  if (ids.length === 0) throw noLicense();
  const held = new Set(
    (await repo.deviceMachines(organizationId, ids, [input.deviceId])).map((m) => m.licenseId),
  );
  return [...ids.filter((id) => held.has(id)), ...ids.filter((id) => !held.has(id))];
}
