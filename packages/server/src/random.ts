import { randomFillSync } from "node:crypto";

// Each draw from the kernel (getrandom) is a syscall: microseconds, and tens of them under load
// in a VM, more than a whole check's decision. Hot paths (event ids, lease nonces) take their
// bytes from a pool filled 4 KiB at a time; each byte is handed out once, as Node's own
// randomUUID does with its cache.

const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

/** `size` (at most 4096) cryptographically random bytes, copied out of the pool. */
export function pooledRandomBytes(size: number): Buffer {
  if (size > POOL_SIZE) throw new RangeError(`at most ${POOL_SIZE} pooled random bytes`);
  if (offset + size > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.allocUnsafe(size);
  pool.copy(bytes, 0, offset, offset + size);
  offset += size;
  return bytes;
}

/** A lease nonce when the client sent none: 72 random bits, base64url. */
export function randomNonce(): string {
  return pooledRandomBytes(9).toString("base64url");
}
