import { generatePlainKey } from "@keyward/formats";
import { PRIVATE_TRIAL_DAYS, PUBLIC_TRIAL_DAYS } from "../../domain/trackable.js";
import { isId, newId } from "../../ids.js";
import type { Db, Store } from "../../store/database.js";
import { licensesRepository } from "../../store/licenses.js";
import { policiesRepository } from "../../store/policies.js";
import type {
  LicenseRecord as License,
  PolicyRecord as Policy,
  TrialGrantRecord as TrialGrant,
} from "../../store/records.js";
import { trackableRepository } from "../../store/trackable.js";
import { recordAudit } from "../audit.js";
import type { Clock } from "../clock.js";
import { notFound, ServiceError } from "../errors.js";
import { recordEvents } from "../events.js";
import { lockedHandshakeCode } from "../handshake-codes.js";
import { hashLicenseKey } from "../licenses.js";
import { type Principal, requireAdmin } from "../principal.js";
import { publicTrialPolicyId } from "./settings.js";

const DAY_MS = 86_400_000;

export interface Trial {
  grant: TrialGrant;
  /** False when the grant existed: the same trial back, never a fresh one (T2). */
  created: boolean;
}

/** Who a trial is for: the device UUID (public) or organization id (private), and the machine. */
interface TrialSubject {
  subject: string;
  /** Public trials: the hashed hardware id the device sent, if any. */
  hardwareId: string | null;
}

/**
 * Issues the trial once: the grant's primary key (product, kind, subject) and the unique
 * hardware id decide between racing requests, and only the winner creates the license, in the
 * same transaction. Trial licenses carry a generated plain key: devices reach them by UUID or
 * handshake code, never by key, so no key scheme applies.
 */
async function issueTrial(
  trx: Db,
  policy: Policy,
  kind: TrialGrant["kind"],
  { subject, hardwareId }: TrialSubject,
  handshakeCodeId: string | null,
  now: Date,
): Promise<Trial> {
  const repo = trackableRepository(trx);
  const days = kind === "public" ? PUBLIC_TRIAL_DAYS : PRIVATE_TRIAL_DAYS;
  const iso = now.toISOString();
  const grant: TrialGrant = {
    productId: policy.productId,
    kind,
    subject,
    hardwareId,
    organizationId: policy.organizationId,
    licenseId: newId("lic", now),
    expiresAt: new Date(now.getTime() + days * DAY_MS).toISOString(),
    createdAt: iso,
  };
  if (!(await repo.claimTrial(grant))) {
    const existing = await repo.trial(policy.productId, kind, subject);
    if (existing) return { grant: existing, created: false };
    if (hardwareId !== null && (await repo.trialOfHardware(policy.productId, hardwareId))) {
      throw trialUsed();
    }
    throw new ServiceError("CONFLICT", "the trial changed; try again");
  }
  const key = generatePlainKey();
  const license: License = {
    id: grant.licenseId,
    organizationId: policy.organizationId,
    productId: policy.productId,
    policyId: policy.id,
    userId: null,
    name: kind === "public" ? "Public trial" : "Private trial",
    key,
    keyHash: hashLicenseKey(key),
    keyImported: false,
    suspended: false,
    revokedAt: null,
    expiresAt: grant.expiresAt,
    uses: 0,
    firstActivatedAt: null,
    firstValidatedAt: null,
    lastCheckInAt: null,
    expiredEventFor: null,
    handshakeCodeId: handshakeCodeId,
    lastValidatedAt: null,
    lastValidationCode: null,
    overrides: {},
    metadata: { trial: kind },
    createdAt: iso,
    updatedAt: iso,
  };
  await licensesRepository(trx).insert(license);
  await recordEvents(
    trx,
    now,
    {
      organizationId: policy.organizationId,
      type: "license.created",
      licenseId: license.id,
      data: { policyId: policy.id, by: kind === "public" ? "public_trial" : "admin" },
    },
    {
      organizationId: policy.organizationId,
      type: "trial.issued",
      licenseId: license.id,
      data: { kind, productId: policy.productId, expiresAt: grant.expiresAt },
    },
  );
  return { grant, created: true };
}

export function trialsService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;

  /** The policy the product's vendor chose for public trials (PUT /v1/products/:id/trackable). */
  async function publicTrialPolicy(productId: string): Promise<Policy | undefined> {
    const repo = trackableRepository(store.db);
    const organizationId = isId("prod", productId)
      ? await repo.productOrganization(productId)
      : undefined;
    if (organizationId === undefined) return undefined;
    const policyId = await publicTrialPolicyId(store.db, organizationId, productId);
    return policyId === null
      ? undefined
      : policiesRepository(store.db).find(organizationId, policyId);
  }

  return {
    /**
     * The 7-day public trial of a product for a device (T2: neither organization nor code):
     * issued once per device UUID and product, and once per machine when the device sends its
     * hashed hardware id (a new UUID after clearing storage: 409 TRIAL_ALREADY_USED). 404
     * TRIAL_NOT_AVAILABLE unless the product's vendor set a public-trial policy.
     */
    async publicTrial(
      productId: string,
      deviceId: string,
      hardwareId: string | null = null,
    ): Promise<Trial> {
      // The device's grant first: it gets its trial back even after the vendor stops trials.
      const repo = trackableRepository(store.db);
      const existing = isId("prod", productId)
        ? await repo.trial(productId, "public", deviceId)
        : undefined;
      if (existing) return { grant: existing, created: false };
      if (hardwareId !== null && (await repo.trialOfHardware(productId, hardwareId))) {
        throw trialUsed();
      }
      const policy = await publicTrialPolicy(productId);
      if (!policy) {
        throw new ServiceError(
          "TRIAL_NOT_AVAILABLE",
          "this product offers no public trial: send an organizationId or handshakeCode",
        );
      }
      return store.db
        .transaction()
        .execute((trx) =>
          issueTrial(trx, policy, "public", { subject: deviceId, hardwareId }, null, clock()),
        );
    },

    /** The organization's 30-day private trial of a policy's product, on its default code (T3). */
    async privateTrial(principal: Principal, policyId: string): Promise<Trial> {
      requireAdmin(principal);
      const organizationId = principal.organizationId;
      const policy = isId("pol", policyId)
        ? await policiesRepository(store.db).find(organizationId, policyId)
        : undefined;
      if (!policy) throw notFound("policy", policyId);
      return store.db.transaction().execute(async (trx) => {
        const code = await lockedHandshakeCode(trx, organizationId, undefined);
        const subject = { subject: organizationId, hardwareId: null };
        const now = clock();
        const trial = await issueTrial(trx, policy, "private", subject, code.id, now);
        if (trial.created) {
          await recordAudit(trx, principal, now, {
            action: "license.created",
            id: trial.grant.licenseId,
            after: {
              policyId: policy.id,
              productId: policy.productId,
              expiresAt: trial.grant.expiresAt,
              trial: "private",
            },
          });
        }
        return trial;
      });
    },
  };
}

function trialUsed(): ServiceError {
  return new ServiceError(
    "TRIAL_ALREADY_USED",
    "this machine already had the product's public trial (under another device id)",
  );
}

export type TrialsService = ReturnType<typeof trialsService>;
