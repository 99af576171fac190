import { base64urlEncode } from "../encoding/base64.js";
import { utf8Encode } from "../encoding/bytes.js";
import { signBytes } from "../node/crypto.js";
import type { PrivateKey } from "../node/keys.js";
import {
  endorsementAlgorithm,
  type IdentifiedKey,
  type KeyEndorsement,
  keyEndorsementMessage,
} from "./format.js";

/**
 * `endorser` vouches for `key`: its signature over the endorsement message. Throws FormatError:
 * BAD_FORMAT for an id outside `[A-Za-z0-9_-]{1,128}`, BAD_KEY when the endorsing key is not of
 * the key's type.
 */
export function endorseKey(
  key: IdentifiedKey,
  endorser: { id: string; privateKey: PrivateKey },
): KeyEndorsement {
  const message = utf8Encode(keyEndorsementMessage(key, endorser.id));
  const signature = signBytes(
    endorsementAlgorithm(key.publicKey.type),
    endorser.privateKey,
    message,
  );
  return { keyId: endorser.id, signature: base64urlEncode(signature) };
}
