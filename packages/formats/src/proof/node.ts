import type { SignatureAlgorithm } from "../crypto/provider.js";
import { SIGNATURE_ALGORITHMS } from "../crypto/provider.js";
import { utf8Encode } from "../encoding/bytes.js";
import { FormatError } from "../errors.js";
import { signBytes } from "../node/crypto.js";
import type { PrivateKey } from "../node/keys.js";
import { buildSignedToken } from "../node/signed-token.js";
import type { ProofDataset } from "./dataset.js";
import { PROOF_TOKEN } from "./format.js";

export interface CreateActivationProofOptions {
  /** Default ed25519. */
  algorithm?: SignatureAlgorithm;
  privateKey: PrivateKey;
  /**
   * The dataset: text is signed as is; an object is serialized with JSON.stringify (its key order
   * is kept — `activationProofDataset` builds the default one in a stable order).
   */
  dataset: ProofDataset | Record<string, unknown> | string;
}

/**
 * Creates `proof/<base64url(dataset)>.<base64url(signature)>`. Throws FormatError: BAD_KEY when
 * the private key does not fit the algorithm, UNSUPPORTED_ALGORITHM, BAD_FORMAT for an empty
 * dataset.
 */
export function createActivationProof(options: CreateActivationProofOptions): string {
  const algorithm = options.algorithm ?? "ed25519";
  if (!SIGNATURE_ALGORITHMS.includes(algorithm)) {
    throw new FormatError("UNSUPPORTED_ALGORITHM", `unknown algorithm ${algorithm}`);
  }
  const text =
    typeof options.dataset === "string" ? options.dataset : JSON.stringify(options.dataset);
  if (typeof text !== "string" || text === "") {
    throw new FormatError("BAD_FORMAT", "the proof dataset is empty");
  }
  return buildSignedToken(PROOF_TOKEN, utf8Encode(text), (signingData) =>
    signBytes(algorithm, options.privateKey, signingData),
  );
}
