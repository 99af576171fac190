/**
 * Prefixed signed tokens, the layout shared by signed license keys (`key/`) and activation proofs
 * (`proof/`):
 *
 *   <prefix><base64url(dataset)>.<base64url(signature)>
 *
 * The signature covers the ASCII signing data `<prefix><base64url(dataset)>`. Base64url is
 * padded, as in Keygen's keys. Browser-safe: the signing side passes its signer in.
 */
import { base64urlEncode } from "./encoding/base64.js";
import { utf8Encode } from "./encoding/bytes.js";
import { FormatError } from "./errors.js";

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

/** `<prefix><b64url dataset>.<b64url signature>`; `sign` signs the signing data's bytes. */
export function buildSignedToken(
  layout: SignedTokenLayout,
  dataset: Uint8Array,
  sign: (signingData: Uint8Array) => Uint8Array,
): string {
  const signingData = layout.prefix + base64urlEncode(dataset);
  return `${signingData}.${base64urlEncode(sign(utf8Encode(signingData)))}`;
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
