// Several trusted public keys (SPEC X7, signing-key rotation): an organization publishes its
// next, active and retired keys, each with an id. Artifacts name the key that signed them
// (`kid` in leases, proofs and license files; `keyid` in response signatures); signed license
// keys carry no id. A verifier holding a set picks the key the artifact names and, when it
// names none (or one the set does not hold), tries each trusted key of the right type.
import { isRecord } from "../encoding/bytes.js";
import { FormatError, type FormatErrorCode, type Result } from "../errors.js";
import { type KeyType, type PublicKey, parsePublicKey } from "./public-key.js";

/** One trusted public key and, when known, its key id. */
export interface TrustedKey {
  id?: string;
  publicKey: PublicKey;
}

/** What verify functions take: one public key (no id), or a set of trusted keys. */
export type TrustedKeys = PublicKey | readonly TrustedKey[];

export function isKeySet(keys: TrustedKeys): keys is readonly TrustedKey[] {
  return Array.isArray(keys);
}

/**
 * The keys to try, in order, for an artifact of `type` that names `kid` (undefined: names
 * none): the key with that id when the set holds it, otherwise every key of the type. Trying
 * each is safe (a signature verifies only with its own key) and costs one verification per
 * trusted key of the type on a failure: bounded by the set, a handful of keys.
 */
export function keysToTry(
  keys: readonly TrustedKey[],
  type: KeyType | undefined,
  kid: string | undefined,
): PublicKey[] {
  const typed = keys.filter(
    (key) => isRecord(key) && isRecord(key.publicKey) && (!type || key.publicKey.type === type),
  );
  const named = kid === undefined ? [] : typed.filter((key) => key.id === kid);
  return (named.length > 0 ? named : typed).map((key) => key.publicKey);
}

/** Failures that depend on the key: the next key may succeed. */
const KEY_FAILURES: readonly FormatErrorCode[] = ["BAD_SIGNATURE", "BAD_KEY"];

/**
 * Runs `attempt` with each key until one succeeds. A failure that does not depend on the key
 * (a bad layout, an expired but authentic file) is answered at once; when every key fails
 * with a key failure, the first such failure is answered.
 */
export async function withEachKey<T, E extends FormatError>(
  keys: readonly PublicKey[],
  attempt: (key: PublicKey) => Promise<Result<T, E>>,
  none: () => Result<T, E>,
  keyFailures: readonly FormatErrorCode[] = KEY_FAILURES,
): Promise<Result<T, E>> {
  let first: Result<T, E> | undefined;
  for (const key of keys) {
    const result = await attempt(key);
    if (result.ok || !keyFailures.includes(result.error.code)) return result;
    first ??= result;
  }
  return first ?? none();
}

export function noTrustedKey(type: KeyType | undefined): FormatError {
  return new FormatError("BAD_KEY", `no trusted ${type ?? "public"} key to verify with`);
}

/**
 * Trusted keys from the public-keys endpoint's answer (`GET /v1/signing-keys` or
 * `/v1/organizations/{id}/signing-keys`): `{data: [{id, publicKey, …}]}` or the bare list.
 * Every key listed is trusted (next, active and retired alike: retired keys still verify).
 * Throws FormatError BAD_FORMAT / BAD_KEY.
 */
export function trustedKeysFromJson(json: unknown): TrustedKey[] {
  const list = isRecord(json) && Array.isArray(json.data) ? json.data : json;
  if (!Array.isArray(list)) {
    throw new FormatError("BAD_FORMAT", "expected a list of signing keys or {data: [...]}");
  }
  return list.map((item: unknown) => {
    if (!isRecord(item) || typeof item.publicKey !== "string") {
      throw new FormatError("BAD_FORMAT", "every signing key needs a publicKey string");
    }
    const publicKey = parsePublicKey(item.publicKey);
    return typeof item.id === "string" ? { id: item.id, publicKey } : { publicKey };
  });
}
