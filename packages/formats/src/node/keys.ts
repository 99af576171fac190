import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import { base64Decode, base64Encode } from "../encoding/base64.js";
import { hexDecode, hexEncode } from "../encoding/bytes.js";
import { FormatError } from "../errors.js";
import { type KeyType, type PublicKey, parsePublicKey, toPem } from "../keys/public-key.js";

/** A private key as PKCS#8 DER. Only the Node side (signing) ever holds one. */
export interface PrivateKey {
  readonly type: KeyType;
  readonly pkcs8: Uint8Array;
}

export interface KeyPair {
  publicKey: PublicKey;
  privateKey: PrivateKey;
}

export type PrivateKeyFormat = "pem" | "der" | "base64" | "hex";

// PKCS#8 prefix of an Ed25519 private key; the 32-byte seed follows.
const ED25519_PKCS8_PREFIX = hexDecode("302e020100300506032b657004220420");

export function generateKeyPair(type: KeyType): KeyPair {
  const pair =
    type === "ed25519"
      ? generateKeyPairSync("ed25519")
      : generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 65537 });
  return {
    publicKey: publicFromKeyObject(pair.publicKey),
    privateKey: fromKeyObject(pair.privateKey),
  };
}

/**
 * Reads a private key: PEM (PKCS#8 or PKCS#1 RSA), Base64 DER, or hex of an Ed25519 seed
 * (32 bytes) or seed + public key (64 bytes, the NaCl/libsodium form).
 */
export function parsePrivateKey(input: string | Uint8Array): PrivateKey {
  try {
    if (typeof input !== "string") return fromDer(input);
    const text = input.trim();
    if (text.startsWith("-----BEGIN")) return fromKeyObject(createPrivateKey(text));
    if (/^[0-9a-fA-F]{64}([0-9a-fA-F]{64})?$/.test(text)) {
      const seed = hexDecode(text.slice(0, 64));
      return fromKeyObject(
        createPrivateKey({
          key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
          format: "der",
          type: "pkcs8",
        }),
      );
    }
    return fromDer(base64Decode(text));
  } catch (error) {
    if (error instanceof FormatError && error.code === "BAD_KEY") throw error;
    throw new FormatError("BAD_KEY", "private key is neither PEM, hex nor Base64 DER");
  }
}

export function exportPrivateKey(key: PrivateKey, format: PrivateKeyFormat): string | Uint8Array {
  switch (format) {
    case "der":
      return key.pkcs8;
    case "base64":
      return base64Encode(key.pkcs8);
    case "pem":
      return toPem("PRIVATE KEY", key.pkcs8);
    case "hex":
      if (key.type !== "ed25519")
        throw new FormatError("BAD_KEY", "only Ed25519 keys have hex form");
      return hexEncode(key.pkcs8.subarray(ED25519_PKCS8_PREFIX.length));
  }
}

export function publicKeyOf(key: PrivateKey): PublicKey {
  return publicFromKeyObject(createPublicKey(privateKeyObject(key)));
}

const keyObjects = new WeakMap<PrivateKey, KeyObject>();

/** The node:crypto KeyObject of a private key, parsed once per key. */
export function privateKeyObject(key: PrivateKey): KeyObject {
  let object = keyObjects.get(key);
  if (!object) {
    object = createPrivateKey({ key: Buffer.from(key.pkcs8), format: "der", type: "pkcs8" });
    keyObjects.set(key, object);
  }
  return object;
}

const publicKeyObjects = new WeakMap<PublicKey, KeyObject>();

/** The node:crypto KeyObject of a public key, parsed once per key. */
export function publicKeyObject(key: PublicKey): KeyObject {
  let object = publicKeyObjects.get(key);
  if (!object) {
    object = createPublicKey({ key: Buffer.from(key.spki), format: "der", type: "spki" });
    publicKeyObjects.set(key, object);
  }
  return object;
}

function fromDer(der: Uint8Array): PrivateKey {
  try {
    return fromKeyObject(createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs8" }));
  } catch {
    return fromKeyObject(createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs1" }));
  }
}

function fromKeyObject(object: KeyObject): PrivateKey {
  const type = object.asymmetricKeyType;
  if (type !== "ed25519" && type !== "rsa") {
    throw new FormatError("BAD_KEY", `unsupported private key type ${type}`);
  }
  if (type === "rsa" && (object.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new FormatError("BAD_KEY", "RSA keys must be at least 2048 bits");
  }
  const key: PrivateKey = {
    type,
    pkcs8: new Uint8Array(object.export({ format: "der", type: "pkcs8" })),
  };
  keyObjects.set(key, object);
  return key;
}

function publicFromKeyObject(object: KeyObject): PublicKey {
  return parsePublicKey(new Uint8Array(object.export({ format: "der", type: "spki" })));
}
