import { pooledRandomBytes } from "./random.js";

// Prefixed ids tell a reader what an id points to (org_…, prod_…, tok_…). The body is 48 bits
// of milliseconds then 80 random bits, in lowercase Crockford base32 (26 characters), so ids
// sort by creation time and lists can page by id.

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export type IdPrefix =
  | "org"
  | "tok"
  | "key"
  | "prod"
  | "pol"
  | "lic"
  | "ent"
  | "usr"
  | "hsc"
  | "mach"
  | "evt"
  | "whep"
  | "msg"
  | "aud"
  | "alrt";

// Ids made in the same millisecond by this process take the previous random part plus one
// (as monotonic ULIDs do), so they still sort in creation order.
let lastTime = -1;
const lastRandom = Buffer.alloc(10);

function nextRandom(time: number): Buffer {
  if (time === lastTime) {
    for (let i = lastRandom.length - 1; i >= 0; i--) {
      if (lastRandom[i] !== 0xff) {
        lastRandom[i]! += 1;
        return lastRandom;
      }
      lastRandom[i] = 0;
    }
  }
  // A new millisecond (or, in practice never, 2^80 ids in one): fresh random bits.
  lastTime = time;
  pooledRandomBytes(10).copy(lastRandom);
  return lastRandom;
}

export function newId(prefix: IdPrefix, now: Date = new Date()): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(now.getTime(), 0, 6);
  nextRandom(now.getTime()).copy(bytes, 6);
  return `${prefix}_${base32(bytes)}`;
}

/**
 * The smallest id of this kind made at `time` or later: every id made before `time` sorts
 * below it, so a range on the primary key finds rows by age without an index on a timestamp.
 */
export function idFloor(prefix: IdPrefix, time: Date): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(Math.max(0, time.getTime()), 0, 6);
  return `${prefix}_${base32(bytes)}`;
}

/**
 * The 128 bits as 26 base32 digits, most significant first (two leading zero bits pad them to
 * 130). Bits go through an accumulator: at most 4 wait for the next byte, so 12 bits suffice.
 */
function base32(bytes: Buffer): string {
  let out = "";
  let bits = 2;
  let value = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(value >> bits) & 31];
    }
  }
  return out;
}

/**
 * The JSON Schema pattern of the ids of this kind newId can make: 26 base32 digits, the first
 * 0–7 (it holds the two padding bits and three of the time's). List cursors are such ids.
 */
export function idPattern(prefix: IdPrefix): string {
  return `^${prefix}_[0-7][0-9a-hjkmnp-tv-z]{25}$`;
}

/** Whether `value` has the shape of an id of any kind (a prefix, `_`, 26 base32 characters). */
export function looksLikeId(value: string): boolean {
  return /^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$/.test(value);
}

/** Whether a value has the shape of an id of this kind: a cheap check before any query. */
export function isId(prefix: IdPrefix, value: string): boolean {
  return (
    value.length === prefix.length + 27 &&
    value.startsWith(`${prefix}_`) &&
    /^[0-9a-hjkmnp-tv-z]+$/.test(value.slice(prefix.length + 1))
  );
}
