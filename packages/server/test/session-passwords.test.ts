import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hashPassword } from "../src/passwords.js";
import { sessionPasswordVerifier } from "../src/services/trackable/session-passwords.js";
import { manualClock } from "./support/app.js";

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const TEN_MINUTES = 10 * 60_000;
const START = new Date("2030-01-01T00:00:00.000Z");
/** Runs at once plus places in line, per process (session-passwords.ts). */
const PLACES = 2 + 32;

const RIGHT = "right password";
const HOME = "198.51.100.1";

function verifier() {
  const clock = manualClock(START);
  return { clock, verifier: sessionPasswordVerifier({ secret: "s".repeat(32), clock }) };
}

/** One guess for hsc_1 from each of `count` networks (203.0.113.0/24, then 203.0.114.0/24). */
function guessesFromNetworks(
  check: ReturnType<typeof sessionPasswordVerifier>,
  hash: string,
  count: number,
) {
  return Array.from({ length: count }, (_, i) =>
    check.verify("hsc_1", hash, `guess ${i}`, `203.0.${113 + Math.floor(i / 250)}.${i % 250}`),
  );
}

/** How many of each answer. */
function tally(answers: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[answer] = (counts[answer] ?? 0) + 1;
  return counts;
}

// The verifier (owned by createServices): which checks run scrypt, which wait, which are told to
// retry, and the known-good password per code. Every verify decides synchronously whether its
// check gets a run, a place in line or "busy", and a scrypt run ends only on a later turn of the
// event loop, so checks started in one turn see each other without any timing. A known-good
// hit answers "valid" at once where a miss would be "busy": that tells them apart.
describe("session password checks", () => {
  test("a known-good password lapses 10 minutes after its last use, by the services' clock", async () => {
    const { clock, verifier: check } = verifier();
    const hash = await hashPassword(RIGHT, FAST);
    assert.equal(await check.verify("hsc_1", hash, RIGHT, HOME), "valid");

    // A guess from HOME holds its network's place: a miss from HOME is "busy".
    const wrong = check.verify("hsc_1", hash, "wrong one", HOME);
    clock.advance(TEN_MINUTES - 1);
    assert.equal(await check.verify("hsc_1", hash, RIGHT, HOME), "valid", "known good");
    clock.advance(TEN_MINUTES - 1);
    assert.equal(await check.verify("hsc_1", hash, RIGHT, HOME), "valid", "its use renewed it");
    clock.advance(TEN_MINUTES);
    assert.equal(await check.verify("hsc_1", hash, RIGHT, HOME), "busy", "lapsed");
    assert.equal(await wrong, "invalid");
  });

  test("a changed stored hash (the password changed) misses at once", async () => {
    const { verifier: check } = verifier();
    const before = await hashPassword("old password", FAST);
    const after = await hashPassword("new password", FAST);
    assert.equal(await check.verify("hsc_1", before, "old password", HOME), "valid");
    assert.equal(await check.verify("hsc_1", after, "old password", HOME), "invalid");
    assert.equal(await check.verify("hsc_1", after, "new password", HOME), "valid");
    assert.equal(await check.verify("hsc_2", before, "old password", HOME), "valid", "per code");
  });

  test("guesses from one network hold one place: a device elsewhere is checked at once", async () => {
    const { verifier: check } = verifier();
    const hash = await hashPassword(RIGHT, FAST);
    // The attack of the finding: concurrent guesses with ever new passwords for one code, from
    // one address, and from addresses of one IPv6 /64.
    const guesses = [
      ...Array.from({ length: 10 }, (_, i) => check.verify("hsc_1", hash, `v4 ${i}`, "192.0.2.1")),
      ...Array.from({ length: 10 }, (_, i) =>
        check.verify("hsc_1", hash, `v6 ${i}`, `2001:db8:1:2::${i + 1}`),
      ),
    ];
    // The code's device has never been checked in this process (first check, or a restart).
    assert.equal(await check.verify("hsc_1", hash, RIGHT, HOME), "valid");
    assert.deepEqual(tally(await Promise.all(guesses)), { invalid: 2, busy: 18 });
  });

  test("guesses from many networks only line up: a device's first check waits its turn", async () => {
    const { verifier: check } = verifier();
    const hash = await hashPassword(RIGHT, FAST);
    const guesses = guessesFromNetworks(check, hash, PLACES - 1);
    assert.equal(await check.verify("hsc_1", hash, RIGHT, HOME), "valid");
    assert.deepEqual(tally(await Promise.all(guesses)), { invalid: PLACES - 1 });
  });

  test("the code's devices share one check: a burst from many networks takes one place", async () => {
    const { verifier: check } = verifier();
    const hash = await hashPassword(RIGHT, FAST);
    const guesses = guessesFromNetworks(check, hash, PLACES - 1);
    const devices = Array.from({ length: 20 }, (_, i) =>
      check.verify("hsc_1", hash, RIGHT, `198.51.100.${i + 1}`),
    );
    assert.deepEqual(tally(await Promise.all(devices)), { valid: 20 });
    assert.deepEqual(tally(await Promise.all(guesses)), { invalid: PLACES - 1 });
  });

  test("the bound: past 2 runs and 32 in line, checks are told to retry, except a known-good password", async () => {
    const { clock, verifier: check } = verifier();
    const hash = await hashPassword(RIGHT, FAST);
    const other = await hashPassword("other code's password", FAST);
    assert.equal(await check.verify("hsc_1", hash, RIGHT, HOME), "valid");

    const guesses = guessesFromNetworks(check, hash, PLACES + 6);
    // Every place is taken: a new check is refused whatever its code...
    assert.equal(await check.verify("hsc_2", other, "other code's password", HOME), "busy");
    // ...but the code in use needs none: its password is known good, for as long as it is used.
    for (let minutes = 0; minutes < 30; minutes += 6) {
      clock.advance(6 * 60_000);
      assert.equal(await check.verify("hsc_1", hash, RIGHT, "198.51.100.2"), "valid", `${minutes}`);
    }
    // The guessers' own network too (a device behind the same NAT address).
    assert.equal(await check.verify("hsc_1", hash, RIGHT, "203.0.113.0"), "valid");
    assert.deepEqual(tally(await Promise.all(guesses)), { invalid: PLACES, busy: 6 });
  });
});
