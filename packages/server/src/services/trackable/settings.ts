import { type TrackableSettings, trackableSettings } from "../../domain/trackable.js";
import { isId } from "../../ids.js";
import type { Db, Store } from "../../store/database.js";
import { licensesRepository } from "../../store/licenses.js";
import { policiesRepository } from "../../store/policies.js";
import { productsRepository } from "../../store/products.js";
import type {
  LicenseRecord as License,
  ProductTrackableSettings,
  TrackableSettingsLayer,
} from "../../store/records.js";
import { trackableRepository } from "../../store/trackable.js";
import { auditedTransaction, recordAudit } from "../audit.js";
import type { Clock } from "../clock.js";
import { notFound, ServiceError } from "../errors.js";
import { lockedHandshakeCode } from "../handshake-codes.js";
import { type Principal, requireAdmin } from "../principal.js";

export type { ProductTrackableSettings } from "../../store/records.js";

/** The policy a product's public trials follow; null when it offers none. */
export async function publicTrialPolicyId(
  db: Db,
  organizationId: string,
  productId: string,
): Promise<string | null> {
  const settings = await trackableRepository(db).productSettings(organizationId, productId);
  return settings === undefined ? null : settings.publicTrialPolicyId;
}

type Owner = "product" | "policy" | "license";
const PREFIX = { product: "prod", policy: "pol", license: "lic" } as const;

/** The settings a license follows: defaults, its policy's, its own (see TrackableSettings). */
export async function settingsOfLicense(db: Db, license: License): Promise<TrackableSettings> {
  const layers = await trackableRepository(db).settingsLayers(license.organizationId, [
    license.policyId,
    license.id,
  ]);
  return trackableSettings(layers.get(license.policyId), layers.get(license.id));
}

/** Admin: settings of products, policies and licenses; license ↔ handshake code bindings. */
export function trackableSettingsService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const repo = () => trackableRepository(store.db);

  async function requireOwner(principal: Principal, owner: Owner, id: string): Promise<void> {
    requireAdmin(principal);
    const org = principal.organizationId;
    const found =
      isId(PREFIX[owner], id) &&
      (owner === "product"
        ? await productsRepository(store.db).find(org, id)
        : owner === "policy"
          ? await policiesRepository(store.db).find(org, id)
          : await licensesRepository(store.db).find(org, id));
    if (!found) throw notFound(owner, id);
  }

  async function stored(principal: Principal, id: string): Promise<TrackableSettingsLayer> {
    return (await repo().settingsLayers(principal.organizationId, [id])).get(id) ?? {};
  }

  return {
    /** Stored settings of a policy or license (what it sets itself) and the defaults. */
    async get(principal: Principal, owner: "policy" | "license", id: string) {
      await requireOwner(principal, owner, id);
      const own = await stored(principal, id);
      if (owner === "policy") return { own, effective: trackableSettings(own) };
      const license = await licensesRepository(store.db).find(principal.organizationId, id);
      if (!license) throw notFound("license", id);
      return { own, effective: await settingsOfLicense(store.db, license) };
    },

    /** Merges `change` into the stored settings of a policy or license; null removes one. */
    async put(
      principal: Principal,
      owner: "policy" | "license",
      id: string,
      change: { [Name in keyof TrackableSettings]?: TrackableSettings[Name] | null },
    ) {
      await requireOwner(principal, owner, id);
      const before = await stored(principal, id);
      const merged: TrackableSettingsLayer = { ...before };
      for (const [name, value] of Object.entries(change) as [keyof TrackableSettings, unknown][]) {
        if (value === null) delete merged[name];
        else (merged as Record<string, unknown>)[name] = value;
      }
      const now = clock();
      await auditedTransaction(store.db, principal, now, async (trx) => {
        await trackableRepository(trx).putSettings(
          principal.organizationId,
          id,
          merged,
          now.toISOString(),
        );
        return {
          result: null,
          audit: {
            action: `${owner}.trackable_settings_updated`,
            id,
            before: { trackable: before },
            after: { trackable: merged },
          },
        };
      });
      return this.get(principal, owner, id);
    },

    async getProduct(principal: Principal, id: string): Promise<ProductTrackableSettings> {
      await requireOwner(principal, "product", id);
      return {
        publicTrialPolicyId: null,
        ...(await repo().productSettings(principal.organizationId, id)),
      };
    },

    /**
     * The policy must belong to the product. Under the policy's row lock, which deleting the
     * policy takes before it looks for a product whose trials follow it.
     */
    async putProduct(
      principal: Principal,
      id: string,
      settings: ProductTrackableSettings,
    ): Promise<ProductTrackableSettings> {
      await requireOwner(principal, "product", id);
      const organizationId = principal.organizationId;
      const policyId = settings.publicTrialPolicyId;
      const before = await stored(principal, id);
      await store.db.transaction().execute(async (trx) => {
        if (policyId !== null) {
          const policies = policiesRepository(trx);
          const policy =
            isId("pol", policyId) && (await policies.lock(organizationId, policyId))
              ? await policies.find(organizationId, policyId)
              : undefined;
          if (!policy) throw notFound("policy", policyId);
          if (policy.productId !== id) {
            throw new ServiceError(
              "POLICY_PRODUCT_MISMATCH",
              `policy ${policyId} does not belong to product ${id}`,
            );
          }
        }
        await trackableRepository(trx).putSettings(
          organizationId,
          id,
          settings,
          clock().toISOString(),
        );
        await recordAudit(trx, principal, clock(), {
          action: "product.trackable_settings_updated",
          id,
          before: { trackable: { publicTrialPolicyId: null, ...before } },
          after: { trackable: settings },
        });
      });
      return settings;
    },

    /**
     * Binds the license to a handshake code: the given one, or the organization's default
     * (SPEC T3). Renewal and quota changes leave the binding as it is (T11).
     */
    async bind(
      principal: Principal,
      licenseId: string,
      handshakeCodeId: string | undefined,
    ): Promise<{ licenseId: string; handshakeCodeId: string | null }> {
      await requireOwner(principal, "license", licenseId);
      const { organizationId } = principal;
      const code = await store.db.transaction().execute(async (trx) => {
        const found = await lockedHandshakeCode(trx, organizationId, handshakeCodeId);
        const before = await licensesRepository(trx).find(organizationId, licenseId);
        await trackableRepository(trx).bindLicense(
          organizationId,
          licenseId,
          found.id,
          clock().toISOString(),
        );
        await recordAudit(trx, principal, clock(), {
          action: "license.handshake_code_bound",
          id: licenseId,
          before: { handshakeCodeId: before?.handshakeCodeId ?? null },
          after: { handshakeCodeId: found.id },
        });
        return found;
      });
      return { licenseId, handshakeCodeId: code.id };
    },

    async unbind(principal: Principal, licenseId: string) {
      await requireOwner(principal, "license", licenseId);
      const { organizationId } = principal;
      const now = clock();
      await auditedTransaction(store.db, principal, now, async (trx) => {
        const before = await licensesRepository(trx).find(organizationId, licenseId);
        await trackableRepository(trx).bindLicense(
          organizationId,
          licenseId,
          null,
          now.toISOString(),
        );
        return {
          result: null,
          audit: {
            action: "license.handshake_code_unbound",
            id: licenseId,
            before: { handshakeCodeId: before?.handshakeCodeId ?? null },
            after: { handshakeCodeId: null },
          },
        };
      });
      return { licenseId, handshakeCodeId: null };
    },
  };
}

export type TrackableSettingsService = ReturnType<typeof trackableSettingsService>;
