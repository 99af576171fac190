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
 * Everything here is browser-safe; `createActivationProof` is in `./node.ts`.
 */
import type { SignatureAlgorithm, VerifyOptions } from "../crypto/provider.js";
import { keyTypeOf, SIGNATURE_ALGORITHMS } from "../crypto/provider.js";
import { webCrypto } from "../crypto/web-crypto.js";
import { base64urlDecode } from "../encoding/base64.js";
import { constantTimeEqual, isRecord, utf8Decode, utf8Encode } from "../encoding/bytes.js";
import { FormatError, fail, isFormatError, ok, type Result } from "../errors.js";
import type { PublicKey } from "../keys/public-key.js";

export const PROOF_PREFIX = "proof";

/**
 * The default proof dataset. Serialized with exactly this key order:
 *
 * {"account":{"id":…},"product":{"id":…},
 *  "license":{"id":…,"key":…,"expiry":<ISO 8601 or null>},
 *  "machine":{"id":…,"fingerprint":…,"created":<ISO 8601>},
 *  "issued":<ISO 8601>}
 *
 * `license.expiry` is the license's own expiry (null: never); the proof itself does not expire.
 * `issued` is when the proof was made.
 */
export interface ProofDataset {
  account: { id: string };
  product: { id: string };
  license: { id: string; key: string; expiry: string | null };
  machine: { id: string; fingerprint: string; created: string };
  issued: string;
}

export interface ProofDatasetInput {
  accountId: string;
  productId: string;
  license: { id: string; key: string; expiry?: Date | string | null };
  machine: { id: string; fingerprint: string; created: Date | string };
  /** When the proof is issued (passed in: this function reads no clock). */
  issued: Date | string;
}

function isoDate(value: Date | string, what: string): string {
  if (typeof value === "string") return value;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new FormatError("BAD_FORMAT", `${what} is not a valid date`);
  }
  return value.toISOString();
}

/** Builds the default dataset in its stable key order (pure; Dates become ISO 8601 strings). */
export function activationProofDataset(input: ProofDatasetInput): ProofDataset {
  return {
    account: { id: input.accountId },
    product: { id: input.productId },
    license: {
      id: input.license.id,
      key: input.license.key,
      expiry: input.license.expiry == null ? null : isoDate(input.license.expiry, "license expiry"),
    },
    machine: {
      id: input.machine.id,
      fingerprint: input.machine.fingerprint,
      created: isoDate(input.machine.created, "machine created"),
    },
    issued: isoDate(input.issued, "issued"),
  };
}

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
  publicKey: PublicKey,
  options: VerifyActivationProofOptions,
): Promise<Result<VerifiedActivationProof>> {
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
  const prefix = `${PROOF_PREFIX}/`;
  if (typeof proof !== "string" || !proof.startsWith(prefix)) {
    return fail("BAD_FORMAT", `not an activation proof: expected the ${prefix} prefix`);
  }
  const parts = proof.slice(prefix.length).split(".");
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
    return fail("BAD_FORMAT", "an activation proof is proof/<dataset>.<signature>");
  }
  const [encodedDataset, encodedSignature] = parts as [string, string];
  const datasetBytes = base64urlDecode(encodedDataset);
  const signature = base64urlDecode(encodedSignature);
  const { algorithm } = options;
  if (!SIGNATURE_ALGORITHMS.includes(algorithm)) {
    return fail("UNSUPPORTED_ALGORITHM", `unknown algorithm ${algorithm}`);
  }
  if (publicKey?.type !== keyTypeOf(algorithm)) {
    return fail("BAD_KEY", `${algorithm} needs an ${keyTypeOf(algorithm)} public key`);
  }
  const crypto = options.crypto ?? webCrypto;
  const signingData = utf8Encode(`${prefix}${encodedDataset}`);
  if (!(await crypto.verify(algorithm, publicKey, signature, signingData))) {
    return fail("BAD_SIGNATURE", "activation proof signature does not verify");
  }
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
