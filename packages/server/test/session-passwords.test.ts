import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hashPassword } from "../src/passwords.js";
import { sessionPasswordVerifier } from "../src/services/trackable/session-passwords.js";
import { manualClock } from "./support/app.js";

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const TEN_MINUTES = 10 * 60_000;

// The verifier's cache of verified session passwords (owned by createServices): its entries age
// by the injected clock and are tied to the stored hash. While two verifications of the code
// run (its limit), a cache hit answers "valid" at once and a miss answers "busy": that tells
// the two apart without timing anything.
describe("session password cache", () => {
  test("an entry expires by the services' clock, not the machine's", async () => {
    const clock = manualClock(new Date("2030-01-01T00:00:00.000Z"));
    const verifier = sessionPasswordVerifier({ secret: "s".repeat(32), clock });
    const hash = await hashPassword("right password", FAST);
    assert.equal(await verifier.verify("hsc_1", hash, "right password"), "valid");

    const wrong = [
      verifier.verify("hsc_1", hash, "wrong one"),
      verifier.verify("hsc_1", hash, "wrong two"),
    ];
    assert.equal(await verifier.verify("hsc_1", hash, "right password"), "valid", "cache hit");
    clock.advance(TEN_MINUTES - 1);
    assert.equal(await verifier.verify("hsc_1", hash, "right password"), "valid", "still fresh");
    clock.advance(1);
    assert.equal(await verifier.verify("hsc_1", hash, "right password"), "busy", "expired");
    assert.deepEqual(await Promise.all(wrong), ["invalid", "invalid"]);
  });

  test("a changed stored hash (the password changed) misses at once", async () => {
    const clock = manualClock(new Date("2030-01-01T00:00:00.000Z"));
    const verifier = sessionPasswordVerifier({ secret: "s".repeat(32), clock });
    const before = await hashPassword("old password", FAST);
    const after = await hashPassword("new password", FAST);
    assert.equal(await verifier.verify("hsc_1", before, "old password"), "valid");
    assert.equal(await verifier.verify("hsc_1", after, "old password"), "invalid");
    assert.equal(await verifier.verify("hsc_1", after, "new password"), "valid");
    assert.equal(await verifier.verify("hsc_2", before, "old password"), "valid", "per code");
  });
});
