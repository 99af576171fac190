// Layout constants shared by the signing (Node) and verifying (browser-safe) sides.
import type { SignedTokenLayout } from "../signed-token.js";

export const PROOF_PREFIX = "proof";

/** `proof/<base64url(dataset)>.<base64url(signature)>`, signed over `proof/<base64url(dataset)>`. */
export const PROOF_TOKEN: SignedTokenLayout = {
  prefix: `${PROOF_PREFIX}/`,
  noPrefix: `not an activation proof: expected the ${PROOF_PREFIX}/ prefix`,
  notTwoParts: "an activation proof is proof/<dataset>.<signature>",
  rejectEmptyParts: true,
};
