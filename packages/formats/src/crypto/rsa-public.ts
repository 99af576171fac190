import { FormatError } from "../errors.js";
import { bytesToBigInt, type PublicKey, rsaPublicNumbers } from "../keys/public-key.js";

// RSA_2048_PKCS1_ENCRYPT keys are "encrypted" with the private key, so reading them is the raw
// public-key operation plus PKCS#1 v1.5 type-1 unpadding. WebCrypto cannot do that, so it is
// done here with BigInt: one modular exponentiation with e = 65537 takes well under a
// millisecond.

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

function toFixedBytes(value: bigint, size: number): Uint8Array {
  const hex = value.toString(16).padStart(size * 2, "0");
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Recovers the message of a PKCS#1 v1.5 private-key encryption (signature padding, type 1). */
export function rsaPublicDecrypt(key: PublicKey, ciphertext: Uint8Array): Uint8Array {
  const { modulus, exponent, size } = rsaPublicNumbers(key);
  if (ciphertext.length !== size) {
    throw new FormatError("CANNOT_DECRYPT", `ciphertext must be ${size} bytes`);
  }
  const c = bytesToBigInt(ciphertext);
  if (c >= modulus) throw new FormatError("CANNOT_DECRYPT", "ciphertext out of range");
  const block = toFixedBytes(modPow(c, exponent, modulus), size);
  // EB = 00 || 01 || PS (>= 8 bytes of FF) || 00 || D
  if (block[0] !== 0x00 || block[1] !== 0x01) throw badPadding();
  let index = 2;
  while (index < block.length && block[index] === 0xff) index++;
  if (index - 2 < 8 || block[index] !== 0x00) throw badPadding();
  return block.slice(index + 1);
}

function badPadding(): FormatError {
  return new FormatError("CANNOT_DECRYPT", "not encrypted with this key (bad PKCS#1 padding)");
}
