import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  privateEncrypt,
  randomBytes,
  sign,
  verify,
} from "node:crypto";
import type { SignatureAlgorithm, VerifyCrypto } from "../crypto/provider.js";
import { keyTypeOf } from "../crypto/provider.js";
import { FormatError } from "../errors.js";
import type { PublicKey } from "../keys/public-key.js";
import { rsaPublicNumbers } from "../keys/public-key.js";
import { type PrivateKey, privateKeyObject, publicKeyObject } from "./keys.js";

// node:crypto implementations: signing (server and CLI only) and a synchronous-speed
// VerifyCrypto for servers. Browser code never imports this file.

const PADDING = {
  "rsa-pss-sha256": constants.RSA_PKCS1_PSS_PADDING,
  "rsa-sha256": constants.RSA_PKCS1_PADDING,
} as const;

export function signBytes(
  algorithm: SignatureAlgorithm,
  key: PrivateKey,
  data: Uint8Array,
): Uint8Array {
  if (key.type !== keyTypeOf(algorithm)) {
    throw new FormatError("BAD_KEY", `${algorithm} needs an ${keyTypeOf(algorithm)} private key`);
  }
  const keyObject = privateKeyObject(key);
  if (algorithm === "ed25519") return new Uint8Array(sign(null, data, keyObject));
  return new Uint8Array(
    sign("sha256", data, {
      key: keyObject,
      padding: PADDING[algorithm],
      saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN,
    }),
  );
}

export function sha256Sync(data: Uint8Array | string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(data).digest());
}

export function hmacSha256Sync(key: Uint8Array | string, data: Uint8Array | string): Uint8Array {
  return new Uint8Array(createHmac("sha256", key).update(data).digest());
}

export interface AesGcmSealed {
  ciphertext: Uint8Array;
  iv: Uint8Array;
  tag: Uint8Array;
}

/** AES-256-GCM with a random 96-bit IV and empty additional data, as license files use. */
export function aesGcmEncrypt(key: Uint8Array, plaintext: Uint8Array): AesGcmSealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, iv, tag: cipher.getAuthTag() };
}

/** PKCS#1 v1.5 private-key encryption (RSA_2048_PKCS1_ENCRYPT). */
export function rsaPrivateEncrypt(key: PrivateKey, data: Uint8Array): Uint8Array {
  if (key.type !== "rsa") throw new FormatError("BAD_KEY", "needs an RSA private key");
  return new Uint8Array(
    privateEncrypt({ key: privateKeyObject(key), padding: constants.RSA_PKCS1_PADDING }, data),
  );
}

export const nodeCrypto: VerifyCrypto = {
  async verify(algorithm, key: PublicKey, signature, data) {
    if (key.type !== keyTypeOf(algorithm)) return false;
    const keyObject = publicKeyObject(key);
    if (algorithm === "ed25519") return verify(null, data, keyObject, signature);
    if (signature.length !== rsaPublicNumbers(key).size) return false;
    return verify(
      "sha256",
      data,
      { key: keyObject, padding: PADDING[algorithm], saltLength: constants.RSA_PSS_SALTLEN_AUTO },
      signature,
    );
  },
  async aesGcmDecrypt(key, iv, ciphertext, tag) {
    if (key.length !== 32 || iv.length === 0 || tag.length !== 16) return null;
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAuthTag(tag);
      return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
    } catch {
      return null;
    }
  },
  async sha256(data) {
    return sha256Sync(data);
  },
  async hmacSha256(key, data) {
    return hmacSha256Sync(key, data);
  },
};
