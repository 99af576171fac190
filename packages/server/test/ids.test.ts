import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { isId, newId } from "../src/ids.js";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** The id's 128 bits, decoded digit by digit with BigInt (independent of newId's encoder). */
function decode(id: string): { time: number; random: bigint } {
  let value = 0n;
  for (const digit of id.slice(id.indexOf("_") + 1)) {
    value = (value << 5n) | BigInt(ALPHABET.indexOf(digit));
  }
  assert.equal(value >> 128n, 0n, "the two padding bits are zero");
  return { time: Number(value >> 80n), random: value & ((1n << 80n) - 1n) };
}

test("an id carries its millisecond in the first 48 bits, in 26 base32 digits", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (time) => {
      const id = newId("evt", new Date(time));
      assert.ok(isId("evt", id), id);
      assert.equal(decode(id).time, time);
    }),
  );
});

test("ids made in one millisecond count up, so they sort in creation order", () => {
  const now = new Date("2026-11-23T12:00:00.000Z");
  const ids = Array.from({ length: 1000 }, () => newId("mach", now));
  assert.deepEqual([...ids].sort(), ids);
  for (let i = 1; i < ids.length; i++) {
    assert.equal(decode(ids[i]!).random, decode(ids[i - 1]!).random + 1n);
  }
});

test("ids of later milliseconds sort after earlier ones and differ in their random part", () => {
  const ids = [0, 1, 2, 1_000, 2 ** 40].map((time) => newId("lic", new Date(time)));
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids.map((id) => decode(id).random)).size, ids.length);
});
