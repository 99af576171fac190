// Offline activation by request/response file (SPEC L1–L7, seed 003), with LicenseSpring's
// field names on the wire. The envelope, its decoding and its HMAC come from @keyward/formats;
// the operations live in offline-activation/ (keys, request, respond, activate), each a named
// function of its deps, mapping a request onto Keyward's licenses and machines and answering
// in seed 003's terms; this factory binds them.

import { activateOffline, deactivateOffline } from "./offline-activation/activate.js";
import { ensureOfflineKeys, offlineKeys, rotateOfflineKeys } from "./offline-activation/keys.js";
import type { OfflineActivationDeps, OfflineRequestInput } from "./offline-activation/types.js";
import type { Principal } from "./principal.js";

export {
  DEFAULT_DATE_WINDOW_SECONDS,
  type OfflineActivationDeps,
  type OfflineActivationResponse,
  type OfflineAuthorization,
  type OfflineDate,
  type OfflineDeactivationResponse,
  type OfflineKeyPair,
  type OfflineRequestInput,
} from "./offline-activation/types.js";

export function offlineActivationService(deps: OfflineActivationDeps) {
  return {
    /** GET /v1/organization/offline-keys (admins); null until created (reads never write). */
    keys: (principal: Principal) => offlineKeys(deps, principal),
    /** POST /v1/organization/offline-keys: creates them once; later calls return them. */
    ensureKeys: (principal: Principal) => ensureOfflineKeys(deps, principal),
    /** New api key and shared key; requests signed with the old ones stop verifying. */
    rotateKeys: (principal: Principal, keepPreviousSeconds?: number) =>
      rotateOfflineKeys(deps, principal, keepPreviousSeconds),
    /** POST /v1/offline/activate: the device activated, the signed response. */
    activate: (input: OfflineRequestInput) => activateOffline(deps, input),
    /** POST /v1/offline/deactivate: frees the seat of the request's device. */
    deactivate: (input: OfflineRequestInput) => deactivateOffline(deps, input),
  };
}

export type OfflineActivationService = ReturnType<typeof offlineActivationService>;
