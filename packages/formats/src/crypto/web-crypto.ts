import type { PublicKey } from "../keys/public-key.js";
import { rsaPublicNumbers } from "../keys/public-key.js";
import type { SignatureAlgorithm, VerifyCrypto } from "./provider.js";

// WebCrypto wants ArrayBuffer-backed views; our Uint8Arrays always are, the cast tells TS so.
type Bytes = Uint8Array<ArrayBuffer>;
const bytes = (data: Uint8Array) => data as Bytes;

const IMPORT_PARAMS: Record<SignatureAlgorithm, RsaHashedImportParams | Algorithm> = {
  ed25519: { name: "Ed25519" },
  "rsa-pss-sha256": { name: "RSA-PSS", hash: "SHA-256" },
  "rsa-sha256": { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
};

/** SHA-256 digest length: the salt length of PSS signers that do not use the maximum. */
const DIGEST_SALT_LENGTH = 32;

function subtle(): SubtleCrypto {
  const api = globalThis.crypto?.subtle;
  if (!api) throw new Error("WebCrypto (globalThis.crypto.subtle) is not available");
  return api;
}

/** Imported CryptoKeys per public key and algorithm: importing costs more than verifying. */
const importedKeys = new WeakMap<PublicKey, Map<SignatureAlgorithm, Promise<CryptoKey>>>();

function importKey(key: PublicKey, algorithm: SignatureAlgorithm): Promise<CryptoKey> {
  let perAlgorithm = importedKeys.get(key);
  if (!perAlgorithm) {
    perAlgorithm = new Map();
    importedKeys.set(key, perAlgorithm);
  }
  let imported = perAlgorithm.get(algorithm);
  if (!imported) {
    imported = subtle().importKey("spki", bytes(key.spki), IMPORT_PARAMS[algorithm], false, [
      "verify",
    ]);
    perAlgorithm.set(algorithm, imported);
  }
  return imported;
}

async function verify(
  algorithm: SignatureAlgorithm,
  key: PublicKey,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  if (key.type !== (algorithm === "ed25519" ? "ed25519" : "rsa")) return false;
  const cryptoKey = await importKey(key, algorithm);
  if (algorithm !== "rsa-pss-sha256") {
    return subtle().verify(IMPORT_PARAMS[algorithm], cryptoKey, bytes(signature), bytes(data));
  }
  // WebCrypto has no "auto" salt length. Keygen and Keyward sign with the maximum salt
  // (modulus bytes - digest - 2); other signers commonly use the digest length.
  const maxSalt = rsaPublicNumbers(key).size - DIGEST_SALT_LENGTH - 2;
  for (const saltLength of [maxSalt, DIGEST_SALT_LENGTH]) {
    const params: RsaPssParams = { name: "RSA-PSS", saltLength };
    if (await subtle().verify(params, cryptoKey, bytes(signature), bytes(data))) return true;
  }
  return false;
}

async function aesGcmDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
): Promise<Uint8Array | null> {
  if (key.length !== 32 || iv.length === 0 || tag.length !== 16) return null;
  const aesKey = await subtle().importKey("raw", bytes(key), "AES-GCM", false, ["decrypt"]);
  const sealed = new Uint8Array(ciphertext.length + tag.length);
  sealed.set(ciphertext);
  sealed.set(tag, ciphertext.length);
  try {
    const plain = await subtle().decrypt({ name: "AES-GCM", iv: bytes(iv) }, aesKey, sealed);
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest("SHA-256", bytes(data)));
}

async function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const hmacKey = await subtle().importKey(
    "raw",
    bytes(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await subtle().sign("HMAC", hmacKey, bytes(data)));
}

export const webCrypto: VerifyCrypto = { verify, aesGcmDecrypt, sha256, hmacSha256 };
