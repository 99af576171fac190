import type { SignatureAlgorithm } from "../crypto/provider.js";
import { utf8Encode } from "../encoding/bytes.js";
import { signBytes } from "../node/crypto.js";
import type { PrivateKey } from "../node/keys.js";
import { buildSignedToken } from "../node/signed-token.js";
import { LEASE_TOKEN, type LeaseClaims } from "./format.js";

export interface CreateLeaseOptions {
  /** Default ed25519: its 64-byte signature keeps the answer small (R5). */
  algorithm?: SignatureAlgorithm;
  privateKey: PrivateKey;
  claims: LeaseClaims;
}

/** Signs a lease: `lease/<base64url(JSON claims)>.<base64url(signature)>`. */
export function createLease(options: CreateLeaseOptions): string {
  const algorithm = options.algorithm ?? "ed25519";
  return buildSignedToken(LEASE_TOKEN, utf8Encode(JSON.stringify(options.claims)), (data) =>
    signBytes(algorithm, options.privateKey, data),
  );
}
