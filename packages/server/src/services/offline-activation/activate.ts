import { licensingRepository } from "../../store/licensing.js";
import { ServiceError } from "../errors.js";
import type { Principal } from "../principal.js";
import { authorizeOfflineRequest } from "./request.js";
import { activationResponse, recordServed } from "./respond.js";
import type {
  Authorized,
  OfflineActivationDeps,
  OfflineActivationResponse,
  OfflineDeactivationResponse,
  OfflineRequestInput,
} from "./types.js";

// The two offline endpoints: a checked request goes through the licensing engine as the
// license itself would (limits, locking, status), is recorded served, and is answered.

/** The license a checked request names, as the principal the engine acts for. */
export function licensePrincipal(authorized: Authorized): Principal {
  return {
    organizationId: authorized.organizationId,
    tokenId: null,
    kind: "license",
    productId: null,
    licenseId: authorized.licenseId,
  };
}

/**
 * POST /v1/offline/activate: activates the request's device on its license through the
 * licensing engine (limits, locking, status), then answers with the signed response.
 */
export async function activateOffline(
  deps: OfflineActivationDeps,
  input: OfflineRequestInput,
): Promise<OfflineActivationResponse> {
  const authorized = await authorizeOfflineRequest(deps, input, "activation");
  const { request } = authorized;
  const { machine } = await deps.activation.activate(licensePrincipal(authorized), {
    fingerprint: request.hardware_id,
    name: request.hostname ?? request.os_hostname ?? null,
    osVersion: request.os_ver ?? null,
    appVersion: request.app_ver ?? null,
    variables: request.variables,
    offline: true,
    metadata: {
      offline: true,
      ...(request.is_vm !== undefined ? { isVm: request.is_vm } : {}),
      ...(request.mac_address ? { macAddress: request.mac_address } : {}),
    },
  });
  await recordServed(deps, authorized, "activation", machine.id);
  return activationResponse(deps, authorized, machine);
}

/** POST /v1/offline/deactivate: frees the seat of the request's device. */
export async function deactivateOffline(
  deps: OfflineActivationDeps,
  input: OfflineRequestInput,
): Promise<OfflineDeactivationResponse> {
  const authorized = await authorizeOfflineRequest(deps, input, "deactivation");
  const machine = await licensingRepository(deps.store.db).machineByFingerprint(
    authorized.organizationId,
    authorized.licenseId,
    authorized.request.hardware_id,
  );
  if (!machine) {
    throw new ServiceError("DEVICE_NOT_FOUND", "this device is not activated on the license");
  }
  await deps.activation.deactivate(licensePrincipal(authorized), machine.id);
  await recordServed(deps, authorized, "deactivation", machine.id);
  return {
    license_id: authorized.licenseId,
    hardware_id: authorized.request.hardware_id,
    deactivated: true,
  };
}
