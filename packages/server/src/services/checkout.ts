// Offline artifacts (SPEC F1–F6, K6, K7): license and machine files checked out as a snapshot
// of the license in a JSON:API-like document, activation proofs, and response signatures, all
// signed with the organization's current keys. The operations live in checkout/ (files,
// resources, signatures), each a named function of its deps; this factory binds them.
import type { SignatureAlgorithm } from "@keyward/formats";
import type { ActiveKeyStamp } from "../store/records.js";
import type { CheckoutDeps } from "./checkout/deps.js";
import {
  type CheckoutOptions,
  checkOutLicenseFile,
  checkOutMachineFile,
} from "./checkout/files.js";
import {
  activationProof,
  type SignedRequest,
  signedResponseHeaders,
} from "./checkout/signatures.js";
import type { Principal } from "./principal.js";

export type { CheckedOutFile, CheckoutOptions } from "./checkout/files.js";
export {
  type FileInclude,
  LICENSE_FILE_INCLUDES,
  MACHINE_FILE_INCLUDES,
} from "./checkout/resources.js";
export type { SignedRequest } from "./checkout/signatures.js";

export function checkoutService(deps: CheckoutDeps) {
  return {
    licenseFile: (principal: Principal, id: string, options: CheckoutOptions) =>
      checkOutLicenseFile(deps, principal, id, options),
    machineFile: (principal: Principal, id: string, options: CheckoutOptions) =>
      checkOutMachineFile(deps, principal, id, options),
    proof: (principal: Principal, id: string, algorithm?: SignatureAlgorithm) =>
      activationProof(deps, principal, id, algorithm),
    signResponse: (
      organizationId: string,
      algorithm: SignatureAlgorithm,
      request: SignedRequest,
      read?: ActiveKeyStamp | null,
    ) => signedResponseHeaders(deps, organizationId, algorithm, request, read),
  };
}

export type CheckoutService = ReturnType<typeof checkoutService>;
