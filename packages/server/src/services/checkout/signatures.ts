import { activationProofDataset, type SignatureAlgorithm } from "@keyward/formats";
import {
  createActivationProof,
  type SignedResponseHeaders,
  signResponse,
} from "@keyward/formats/node";
import { licenseStatus } from "../../domain/license-status.js";
import type { ActiveKeyStamp } from "../../store/records.js";
import { ServiceError } from "../errors.js";
import type { Principal } from "../principal.js";
import { keyTypeOf } from "../signing-keys.js";
import type { CheckoutDeps } from "./deps.js";
import { checkoutContext } from "./files.js";

/** What a response signature covers besides the date and body digest (SPEC K7). */
export interface SignedRequest {
  method: string;
  target: string;
  host: string;
  body: Uint8Array | string;
}

/** POST /v1/machines/:id/actions/proof: the license bound to the device (SPEC K6). */
export async function activationProof(
  deps: CheckoutDeps,
  principal: Principal,
  id: string,
  algorithm: SignatureAlgorithm = "ed25519",
): Promise<string> {
  const machine = await deps.machines.get(principal, id);
  const { license } = await checkoutContext(deps, principal.organizationId, machine.licenseId);
  const now = deps.clock();
  // A proof says the device is activated and carries no status (only the expiry, which its
  // verifier checks): a license that could not activate the device now gets none. Files carry
  // the status, and are issued as before.
  const status = licenseStatus(license, now);
  if (status === "revoked" || status === "suspended") {
    throw new ServiceError(
      status === "revoked" ? "LICENSE_REVOKED" : "LICENSE_SUSPENDED",
      `license ${license.id} is ${status}: no activation proof is issued for its devices`,
    );
  }
  const signingKey = await deps.signingKeys.current(principal.organizationId, keyTypeOf(algorithm));
  return createActivationProof({
    algorithm,
    privateKey: signingKey.privateKey,
    dataset: activationProofDataset({
      accountId: principal.organizationId,
      productId: license.productId,
      license: { id: license.id, key: license.key, expiry: license.expiresAt },
      machine: {
        id: machine.id,
        fingerprint: machine.fingerprint,
        created: machine.createdAt,
      },
      issued: now,
      keyId: signingKey.id,
    }),
  });
}

/**
 * Date, Digest and signature headers for a response (SPEC K7), keyid = the key's id. `read`:
 * the active key's stamp when the handler read it with its data (SigningKeysService.current).
 */
export async function signedResponseHeaders(
  deps: Pick<CheckoutDeps, "clock" | "signingKeys">,
  organizationId: string,
  algorithm: SignatureAlgorithm,
  request: SignedRequest,
  read?: ActiveKeyStamp | null,
): Promise<SignedResponseHeaders> {
  const signingKey = await deps.signingKeys.current(organizationId, keyTypeOf(algorithm), read);
  return signResponse({
    privateKey: signingKey.privateKey,
    algorithm,
    keyId: signingKey.id,
    ...request,
    date: deps.clock(),
  });
}
