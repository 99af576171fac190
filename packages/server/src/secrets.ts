import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import type { TokenKind } from "./store/schema.js";

// Server-side secrets: API tokens (stored only as hashes), private keys and other secrets sealed
// with the server secret (KEYWARD_SECRET), and keyed digests of values that must be compared but
// not readable or guessable from the database. Sealed values are "v1.<iv>.<ciphertext>.<tag>"
// (base64url) so the format can change later without guessing.

/** A new API token: `kw_<kind>_<43 chars>`; 256 random bits. */
export function generateToken(kind: TokenKind): string {
  return `kw_${kind}_${randomBytes(32).toString("base64url")}`;
}

/** Tokens are high-entropy, so a plain SHA-256 is enough (no need for a slow hash). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * HMAC-SHA256 (hex) of `value` with a key drawn from the server secret for `purpose`. For
 * stored digests of low-entropy input (a request body holding a password, a client's address):
 * a plain SHA-256 would let whoever reads the database test guesses at hash speed.
 */
export function keyedHash(secret: string, purpose: string, value: string): string {
  const key = createHash("sha256").update(`keyward-hmac-key:${purpose}:${secret}`).digest();
  return createHmac("sha256", key).update(value).digest("hex");
}

function sealingKey(secret: string): Buffer {
  return createHash("sha256").update(`keyward-sealing-key:${secret}`).digest();
}

export function seal(secret: string, plaintext: Uint8Array): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(secret), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return ["v1", iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export class SealError extends Error {
  override readonly name = "SealError";
}

export function unseal(secret: string, sealed: string): Uint8Array {
  const [version, iv, ciphertext, tag] = sealed.split(".");
  if (version !== "v1" || !iv || ciphertext === undefined || !tag) {
    throw new SealError("sealed value has an unknown format");
  }
  try {
    const decipher = createDecipheriv(
      "aes-256-gcm",
      sealingKey(secret),
      Buffer.from(iv, "base64url"),
    );
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]);
  } catch {
    throw new SealError(
      "cannot unseal: KEYWARD_SECRET differs from the one that sealed this value",
    );
  }
}
