/**
 * Prefixed signed tokens, the layout shared by signed license keys (`key/`) and activation proofs
 * (`proof/`):
 *
 *   <prefix><base64url(dataset)>.<base64url(signature)>
 *
 * The signature covers the ASCII signing data `<prefix><base64url(dataset)>`. Base64url is
 * padded, as in Keygen's keys. This half splits and verifies, in browsers too; signing is
 * Node's (node/signed-token.ts).
 */
import {
  keyTypeOf,
  SIGNATURE_ALGORITHMS,
  type SignatureAlgorithm,
  type VerifyCrypto,
} from "./crypto/provider.js";
import { webCrypto } from "./crypto/web-crypto.js";
import { base64urlDecode } from "./encoding/base64.js";
import { isRecord, parseJson, utf8Decode, utf8Encode } from "./encoding/bytes.js";
import { FormatError } from "./errors.js";
import type { PublicKey } from "./keys/public-key.js";

/** One kind of signed token: its prefix and how its malformed tokens are reported. */
export interface SignedTokenLayout {
  /** Everything before the dataset, e.g. "key/" or "proof/". */
  prefix: string;
  /** BAD_FORMAT message for a token that does not start with the prefix. */
  noPrefix: string;
  /** BAD_FORMAT message for a token that is not `<dataset>.<signature>` after the prefix. */
  notTwoParts: string;
  /**
   * Whether an empty dataset or signature part is BAD_FORMAT too. When false it is left to
   * decoding and verification (an empty license key dataset is valid).
   */
  rejectEmptyParts: boolean;
}

export interface SignedTokenParts {
  /** The dataset part as it stands in the token (base64url, not decoded). */
  encodedDataset: string;
  /** The signature part as it stands in the token (base64url, not decoded). */
  encodedSignature: string;
  /** What the signature covers: the bytes of `<prefix><encodedDataset>`. */
  signingData: Uint8Array;
}

/**
 * Splits a token into its parts without decoding them. Throws FormatError(BAD_FORMAT) with the
 * layout's messages when the prefix is missing or the rest is not two "."-separated parts.
 */
export function splitSignedToken(token: unknown, layout: SignedTokenLayout): SignedTokenParts {
  if (typeof token !== "string" || !token.startsWith(layout.prefix)) {
    throw new FormatError("BAD_FORMAT", layout.noPrefix);
  }
  const parts = token.slice(layout.prefix.length).split(".");
  if (parts.length !== 2 || (layout.rejectEmptyParts && parts.includes(""))) {
    throw new FormatError("BAD_FORMAT", layout.notTwoParts);
  }
  const [encodedDataset, encodedSignature] = parts as [string, string];
  return {
    encodedDataset,
    encodedSignature,
    signingData: utf8Encode(layout.prefix + encodedDataset),
  };
}

/**
 * Verifies a token's signature with the algorithm the caller expects and returns its dataset
 * bytes. Throws FormatError: BAD_FORMAT (layout), BAD_ENCODING (Base64url), UNSUPPORTED_ALGORITHM,
 * BAD_KEY (the key does not fit the algorithm), BAD_SIGNATURE (`what` names the artifact).
 */
export async function verifySignedToken(
  token: unknown,
  layout: SignedTokenLayout,
  publicKey: PublicKey,
  options: { algorithm: SignatureAlgorithm; crypto?: VerifyCrypto },
  what: string,
): Promise<Uint8Array> {
  const { encodedDataset, encodedSignature, signingData } = splitSignedToken(token, layout);
  const dataset = base64urlDecode(encodedDataset);
  const signature = base64urlDecode(encodedSignature);
  const { algorithm } = options;
  if (!SIGNATURE_ALGORITHMS.includes(algorithm)) {
    throw new FormatError("UNSUPPORTED_ALGORITHM", `unknown algorithm ${algorithm}`);
  }
  if (publicKey?.type !== keyTypeOf(algorithm)) {
    throw new FormatError("BAD_KEY", `${algorithm} needs an ${keyTypeOf(algorithm)} public key`);
  }
  const crypto = options.crypto ?? webCrypto;
  if (!(await crypto.verify(algorithm, publicKey, signature, signingData))) {
    throw new FormatError("BAD_SIGNATURE", `${what} signature does not verify`);
  }
  return dataset;
}

/**
 * The `kid` member of a token's JSON dataset, read WITHOUT verifying anything: only to pick the
 * trusted key to verify with (the signature then decides). Undefined when there is none or the
 * token does not decode.
 */
export function peekTokenKeyId(token: unknown, layout: SignedTokenLayout): string | undefined {
  try {
    const { encodedDataset } = splitSignedToken(token, layout);
    const dataset = parseJson(utf8Decode(base64urlDecode(encodedDataset)), "dataset");
    return isRecord(dataset) && typeof dataset.kid === "string" ? dataset.kid : undefined;
  } catch {
    return undefined;
  }
}
