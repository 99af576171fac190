/**
 * Activation proofs (SPEC K6): a signed statement that a license was activated on a device,
 * for air-gapped machines. Same layout as signed license keys, with the prefix `proof`:
 *
 *   proof/<base64url(dataset)>.<base64url(signature)>
 *
 * The signature (Ed25519 by default, or RSA-PSS / PKCS#1 v1.5 with SHA-256) covers the ASCII text
 * `proof/<base64url(dataset)>`. Base64url is padded, as in Keygen's keys. The dataset is any text;
 * the default is the JSON object built by `activationProofDataset`.
 *
 * Everything here is browser-safe; `createActivationProof` is in `./node.ts`. The token layout is
 * shared with signed license keys (`../signed-token.ts`); `format.ts` holds the proof's prefix,
 * `dataset.ts` the default dataset, `verify.ts` the verifier.
 */
export type { ProofDataset, ProofDatasetInput } from "./dataset.js";
export { activationProofDataset } from "./dataset.js";
export { PROOF_PREFIX } from "./format.js";
export type { VerifiedActivationProof, VerifyActivationProofOptions } from "./verify.js";
export { verifyActivationProof } from "./verify.js";
