import { signActivationResponse } from "@keyward/formats";
import { nodeCrypto } from "@keyward/formats/node";
import { limitWithOverage } from "../../domain/limits.js";
import type { LicenseModel } from "../../domain/policy.js";
import { licensingRepository } from "../../store/licensing.js";
import { offlineActivationRepository } from "../../store/offline-activation.js";
import { productsRepository } from "../../store/products.js";
import type { MachineRecord as Machine, OfflineRequestKind } from "../../store/records.js";
import { recordEvents } from "../events.js";
import { loadedLicense } from "../license-context.js";
import { statusOf } from "../licenses.js";
import { licenseNotFound, replayed } from "./request.js";
import type { Authorized, OfflineActivationDeps, OfflineActivationResponse } from "./types.js";

// A served request: recorded once (its replay refused) with its event, and answered with
// seed 003's signed response.

const LICENSE_TYPES: Record<LicenseModel, OfflineActivationResponse["license_type"]> = {
  perpetual: "perpetual",
  timed: "time-limited",
  subscription: "subscription",
  // LicenseSpring marks trials with is_trial on a time-limited license.
  trial: "time-limited",
  consumption: "consumption",
};

/** Marks the request served, with its audit event; a racing replay loses here. */
export async function recordServed(
  deps: Pick<OfflineActivationDeps, "store" | "clock">,
  authorized: Authorized,
  kind: OfflineRequestKind,
  machineId: string,
): Promise<void> {
  const now = deps.clock();
  await deps.store.db.transaction().execute(async (trx) => {
    const fresh = await offlineActivationRepository(trx).recordRequest({
      organizationId: authorized.organizationId,
      signatureHash: authorized.signatureHash,
      kind,
      licenseId: authorized.licenseId,
      hardwareId: authorized.request.hardware_id,
      createdAt: now.toISOString(),
    });
    if (!fresh) throw replayed();
    await recordEvents(trx, now, {
      organizationId: authorized.organizationId,
      type: kind === "activation" ? "offline.activated" : "offline.deactivated",
      licenseId: authorized.licenseId,
      machineId,
      data: {
        hardwareId: authorized.request.hardware_id,
        by: authorized.user ? "user" : "license_key",
        ...(authorized.request.request_id ? { requestId: authorized.request.request_id } : {}),
      },
    });
  });
}

/**
 * The signed activation response (seed 003's fields), read after the activation: the license
 * as it is now, its product and entitlements, the device. Signed at deps.clock().
 */
export async function activationResponse(
  deps: Pick<OfflineActivationDeps, "store" | "clock">,
  authorized: Authorized,
  machine: Machine,
): Promise<OfflineActivationResponse> {
  const { organizationId, licenseId, request, user } = authorized;
  const licensing = licensingRepository(deps.store.db);
  const context = await licensing.contextById(organizationId, licenseId);
  if (!context) throw licenseNotFound();
  const { license, rules } = loadedLicense(context);
  const product = await productsRepository(deps.store.db).find(organizationId, license.productId);
  if (!product) throw licenseNotFound();
  const now = deps.clock();
  const status = statusOf(license, now);
  const allowedUses = limitWithOverage(rules.maxUses, rules.overage);
  const response = {
    license_id: license.id,
    // A user-authorized request does not learn the key (LicenseSpring omits it too).
    license_key: request.license_key !== undefined ? license.key : null,
    license_type: LICENSE_TYPES[rules.model],
    is_trial: rules.model === "trial",
    license_active: status === "active",
    license_enabled: status !== "suspended" && status !== "revoked",
    is_expired: status === "expired",
    validity_period: license.expiresAt,
    max_activations: rules.maxMachines,
    times_activated: context.machineCount,
    max_consumptions: rules.maxUses,
    total_consumptions: license.uses,
    allow_overages: rules.overage.strategy !== "none",
    max_overages: allowedUses === null || rules.maxUses === null ? 0 : allowedUses - rules.maxUses,
    product_features: (await licensing.entitlementCodes(organizationId, license)).map((code) => ({
      code,
    })),
    product_details: {
      product_id: product.id,
      product_name: product.name,
      short_code: product.code,
      authorization_method: user ? ("user" as const) : ("license_key" as const),
    },
    user: user && { id: user.id, email: user.email, username: user.username, name: user.name },
    device_id: machine.id,
    hardware_id: machine.fingerprint,
    variables: machine.variables,
  };
  return signActivationResponse(response, {
    sharedKey: authorized.sharedKey,
    date: now.toUTCString(),
    ...(request.license_key !== undefined
      ? { licenseKey: request.license_key }
      : { username: request.username }),
    hardwareId: request.hardware_id,
    apiKey: request.api_key,
    crypto: nodeCrypto,
  });
}
