import { base64Decode, base64Encode } from "../encoding/base64.js";
import { concatBytes, hexDecode, hexEncode } from "../encoding/bytes.js";
import { FormatError } from "../errors.js";
import { encodeTlv, readChildren, readTlv, TAG } from "./der.js";

export type KeyType = "ed25519" | "rsa";

/** A public key as SubjectPublicKeyInfo DER. Immutable; crypto providers cache on it. */
export interface PublicKey {
  readonly type: KeyType;
  readonly spki: Uint8Array;
}

export type PublicKeyFormat = "pem" | "der" | "base64" | "hex";

export interface RsaPublicNumbers {
  modulus: bigint;
  exponent: bigint;
  /** Modulus length in bytes (256 for RSA-2048). */
  size: number;
}

const ED25519_OID = Uint8Array.of(0x2b, 0x65, 0x70);
const RSA_OID = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01);
const ED25519_SPKI_PREFIX = Uint8Array.of(
  0x30,
  0x2a,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x70,
  0x03,
  0x21,
  0x00,
);

const PEM_PATTERN = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/;

/**
 * Reads a public key in any of the forms vendors share them: PEM (SPKI or PKCS#1 RSA),
 * Base64 DER, hex (a raw 32-byte Ed25519 key, as Keygen's dashboard shows it) or raw bytes.
 */
export function parsePublicKey(input: string | Uint8Array): PublicKey {
  if (typeof input !== "string") return fromDerOrRaw(input);
  const text = input.trim();
  const pem = PEM_PATTERN.exec(text);
  if (pem) {
    const der = decodePemBody(pem[2]!);
    if (pem[1] === "PUBLIC KEY") return fromSpki(der);
    if (pem[1] === "RSA PUBLIC KEY") return fromSpki(rsaPkcs1ToSpki(der));
    throw new FormatError("BAD_KEY", `expected a PUBLIC KEY PEM block, got ${pem[1]}`);
  }
  if (/^[0-9a-fA-F]{64}$/.test(text)) return ed25519FromRaw(hexDecode(text));
  try {
    return fromDerOrRaw(base64Decode(text));
  } catch (error) {
    if (error instanceof FormatError && error.code === "BAD_KEY") throw error;
    throw new FormatError("BAD_KEY", "public key is neither PEM, hex nor Base64 DER");
  }
}

export function exportPublicKey(key: PublicKey, format: PublicKeyFormat): string | Uint8Array {
  switch (format) {
    case "der":
      return key.spki;
    case "base64":
      return base64Encode(key.spki);
    case "pem":
      return toPem("PUBLIC KEY", key.spki);
    case "hex":
      if (key.type !== "ed25519")
        throw new FormatError("BAD_KEY", "only Ed25519 keys have hex form");
      return hexEncode(key.spki.subarray(ED25519_SPKI_PREFIX.length));
  }
}

/** The 32 raw bytes of an Ed25519 public key. */
export function ed25519RawBytes(key: PublicKey): Uint8Array {
  if (key.type !== "ed25519") throw new FormatError("BAD_KEY", "not an Ed25519 key");
  return key.spki.subarray(ED25519_SPKI_PREFIX.length);
}

export function ed25519FromRaw(raw: Uint8Array): PublicKey {
  if (raw.length !== 32) throw new FormatError("BAD_KEY", "an Ed25519 public key is 32 bytes");
  return { type: "ed25519", spki: concatBytes(ED25519_SPKI_PREFIX, raw) };
}

const rsaNumbersCache = new WeakMap<PublicKey, RsaPublicNumbers>();

export function rsaPublicNumbers(key: PublicKey): RsaPublicNumbers {
  if (key.type !== "rsa") throw new FormatError("BAD_KEY", "not an RSA key");
  const cached = rsaNumbersCache.get(key);
  if (cached) return cached;
  const [, bitString] = readChildren(readTlv(key.spki, 0).value);
  const [n, e] = readChildren(readTlv(bitString!.value, 1).value);
  const modulus = bytesToBigInt(n!.value);
  const numbers = {
    modulus,
    exponent: bytesToBigInt(e!.value),
    size: Math.ceil(modulus.toString(16).length / 2),
  };
  rsaNumbersCache.set(key, numbers);
  return numbers;
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${hexEncode(bytes)}`);
}

export function toPem(label: string, der: Uint8Array): string {
  const body = base64Encode(der).replace(/.{1,64}/g, "$&\n");
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

export function decodePemBody(body: string): Uint8Array {
  try {
    return base64Decode(body.replace(/\s+/g, ""));
  } catch {
    throw new FormatError("BAD_KEY", "PEM body is not valid Base64");
  }
}

function fromDerOrRaw(bytes: Uint8Array): PublicKey {
  if (bytes.length === 32) return ed25519FromRaw(bytes);
  const outer = readChildren(readTlv(bytes, 0).value);
  // A PKCS#1 RSAPublicKey is SEQUENCE { INTEGER, INTEGER }; SPKI starts with a SEQUENCE.
  if (outer.length === 2 && outer[0]!.tag === TAG.INTEGER) return fromSpki(rsaPkcs1ToSpki(bytes));
  return fromSpki(bytes);
}

function fromSpki(spki: Uint8Array): PublicKey {
  const top = readTlv(spki, 0);
  if (top.tag !== TAG.SEQUENCE || top.next !== spki.length) throw notSpki();
  const [algorithm, bitString] = readChildren(top.value);
  if (algorithm?.tag !== TAG.SEQUENCE || bitString?.tag !== TAG.BIT_STRING) throw notSpki();
  const oid = readChildren(algorithm.value)[0];
  if (oid?.tag !== TAG.OID) throw notSpki();
  if (sameBytes(oid.value, ED25519_OID)) {
    if (bitString.value.length !== 33) throw new FormatError("BAD_KEY", "bad Ed25519 key length");
    return { type: "ed25519", spki: spki.slice() };
  }
  if (sameBytes(oid.value, RSA_OID)) {
    const key: PublicKey = { type: "rsa", spki: spki.slice() };
    const { size } = rsaPublicNumbers(key);
    if (size < 256) throw new FormatError("BAD_KEY", "RSA keys must be at least 2048 bits");
    return key;
  }
  throw new FormatError("BAD_KEY", "unsupported public key algorithm (expected Ed25519 or RSA)");
}

function rsaPkcs1ToSpki(pkcs1: Uint8Array): Uint8Array {
  const algorithm = encodeTlv(
    TAG.SEQUENCE,
    concatBytes(encodeTlv(TAG.OID, RSA_OID), encodeTlv(TAG.NULL, new Uint8Array())),
  );
  const bitString = encodeTlv(TAG.BIT_STRING, concatBytes(Uint8Array.of(0), pkcs1));
  return encodeTlv(TAG.SEQUENCE, concatBytes(algorithm, bitString));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function notSpki(): FormatError {
  return new FormatError("BAD_KEY", "not a SubjectPublicKeyInfo structure");
}
