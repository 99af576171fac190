import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

// Passwords of licensees (users) and session passwords of handshake codes: scrypt with a
// 16-byte random salt, stored self-describing as `scrypt$<N>$<r>$<p>$<salt>$<hash>` (salt and
// hash base64url) so the cost can be raised later without breaking stored hashes. The plaintext
// is never stored, returned or logged.

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 128 bytes = 32 MiB and ~50–100 ms per hash on the reference machine. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const HASH_BYTES = 32;
// Bounds for what verify accepts, so a tampered or corrupt hash string cannot ask for
// gigabytes of memory or minutes of CPU: it just fails to verify.
const MIN_LOG2_N = 10;
const MAX_LOG2_N = 20;
const MAX_R = 32;
const MAX_P = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function derive(
  password: string,
  salt: Buffer,
  length: number,
  params: ScryptParams,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFC"),
      salt,
      length,
      // Node's default maxmem (32 MiB) is just below what N=2^15, r=8 needs.
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

function validParams(params: ScryptParams): boolean {
  const { N, r, p } = params;
  return (
    Number.isSafeInteger(N) &&
    N >= 2 ** MIN_LOG2_N &&
    N <= 2 ** MAX_LOG2_N &&
    (N & (N - 1)) === 0 &&
    Number.isSafeInteger(r) &&
    r >= 1 &&
    r <= MAX_R &&
    Number.isSafeInteger(p) &&
    p >= 1 &&
    p <= MAX_P
  );
}

/** A new hash string for the password, with a fresh random salt. */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  if (!validParams(params)) throw new RangeError("scrypt parameters out of bounds");
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, HASH_BYTES, params);
  return [
    "scrypt",
    params.N,
    params.r,
    params.p,
    salt.toString("base64url"),
    hash.toString("base64url"),
  ].join("$");
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  if (![n, r, p].every((value) => /^[1-9][0-9]{0,9}$/.test(value))) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!validParams(params) || !BASE64URL.test(salt) || !BASE64URL.test(hash)) return null;
  const saltBytes = Buffer.from(salt, "base64url");
  const hashBytes = Buffer.from(hash, "base64url");
  // Exact lengths and canonical base64url: a truncated hash (a prefix of the real one) or
  // changed padding bits must not verify.
  if (saltBytes.length !== SALT_BYTES || hashBytes.length !== HASH_BYTES) return null;
  if (saltBytes.toString("base64url") !== salt || hashBytes.toString("base64url") !== hash) {
    return null;
  }
  return { params, salt: saltBytes, hash: hashBytes };
}

/**
 * Whether the password matches the stored hash string; false (never an exception) for a wrong
 * password and for a malformed or tampered hash string. Compares in constant time.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.hash.length, parsed.params);
  return timingSafeEqual(candidate, parsed.hash);
}
