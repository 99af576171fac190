// Verifying an activation proof and its binding to this device, license and product.
import { keyTypeOf, type SignatureAlgorithm, type VerifyOptions } from "../crypto/provider.js";
import { constantTimeEqual, isRecord, utf8Decode, utf8Encode } from "../encoding/bytes.js";
import { fail, isFormatError, ok, type Result } from "../errors.js";
import {
  isKeySet,
  keysToTry,
  noTrustedKey,
  type TrustedKeys,
  withEachKey,
} from "../keys/key-set.js";
import type { PublicKey } from "../keys/public-key.js";
import { peekTokenKeyId, verifySignedToken } from "../signed-token.js";
import type { ProofDataset } from "./dataset.js";
import { PROOF_TOKEN } from "./format.js";

export interface VerifyActivationProofOptions extends VerifyOptions {
  /** The algorithm the proof must be signed with (the caller decides, never the proof). */
  algorithm: SignatureAlgorithm;
  /** This device's fingerprint; must equal the dataset's machine.fingerprint. */
  fingerprint?: string;
  /** The license key registered on this device; must equal the dataset's license.key. */
  licenseKey?: string;
  /** The running product's id; must equal the dataset's product.id. */
  productId?: string;
}

export interface VerifiedActivationProof {
  /** The signed dataset text. */
  dataset: string;
  /** The dataset parsed as a JSON object; `{}` when it is not one (custom text datasets). */
  claims: ProofDataset | Record<string, unknown>;
}

/**
 * Verifies an activation proof and, when asked, that it was issued for this device, license and
 * product. Errors: BAD_FORMAT (no `proof/` prefix, not exactly two dot-separated parts),
 * BAD_ENCODING (Base64url or UTF-8), UNSUPPORTED_ALGORITHM, BAD_KEY (the key does not fit the
 * algorithm), BAD_SIGNATURE, MISMATCH (fingerprint / license key / product id differ from the
 * dataset or are absent from it). The binding checks run only after the signature verified.
 */
export async function verifyActivationProof(
  proof: string,
  publicKey: TrustedKeys,
  options: VerifyActivationProofOptions,
): Promise<Result<VerifiedActivationProof>> {
  if (isKeySet(publicKey)) {
    // The default dataset's `kid` names its key (SPEC X7); older proofs have none.
    const type = options?.algorithm ? keyTypeOf(options.algorithm) : undefined;
    const keys = keysToTry(publicKey, type, peekTokenKeyId(proof, PROOF_TOKEN));
    return withEachKey(
      keys,
      (key) => verifyActivationProof(proof, key, options),
      () => ({ ok: false, error: noTrustedKey(type) }),
    );
  }
  try {
    return await verify(proof, publicKey, options);
  } catch (error) {
    if (isFormatError(error)) return { ok: false, error };
    throw error;
  }
}

async function verify(
  proof: string,
  publicKey: PublicKey,
  options: VerifyActivationProofOptions,
): Promise<Result<VerifiedActivationProof>> {
  const datasetBytes = await verifySignedToken(
    proof,
    PROOF_TOKEN,
    publicKey,
    options,
    "activation proof",
  );
  const dataset = utf8Decode(datasetBytes);
  const claims = parseClaims(dataset);

  const checks: [keyof typeof FIELDS, string | undefined][] = [
    ["fingerprint", options.fingerprint],
    ["licenseKey", options.licenseKey],
    ["productId", options.productId],
  ];
  for (const [name, expected] of checks) {
    if (expected === undefined) continue;
    const [group, field, label] = FIELDS[name];
    const holder = claims[group];
    const actual = isRecord(holder) ? holder[field] : undefined;
    if (typeof actual !== "string") return fail("MISMATCH", `the proof carries no ${label}`);
    if (!constantTimeEqual(utf8Encode(actual), utf8Encode(expected))) {
      return fail("MISMATCH", `the proof was issued for another ${label}`);
    }
  }
  return ok({ dataset, claims });
}

/** Which dataset field each binding option is compared with. */
const FIELDS = {
  fingerprint: ["machine", "fingerprint", "machine fingerprint"],
  licenseKey: ["license", "key", "license key"],
  productId: ["product", "id", "product id"],
} as const;

function parseClaims(dataset: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(dataset);
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}
