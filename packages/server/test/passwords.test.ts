import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEFAULT_SCRYPT_PARAMS, hashPassword, verifyPassword } from "../src/passwords.js";

// Cheaper parameters keep most cases fast; one case uses the defaults.
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe("passwords (scrypt)", () => {
  test("hash then verify: the right password passes, the hash is not the password", async () => {
    const password = "correct horse battery staple";
    const hash = await hashPassword(password);
    assert.match(hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.ok(!hash.includes(password));
    assert.equal(await verifyPassword(password, hash), true);
    assert.deepEqual(DEFAULT_SCRYPT_PARAMS, { N: 32768, r: 8, p: 1 });
  });

  test("a wrong password fails, including near misses and the empty string", async () => {
    const hash = await hashPassword("s3cret-Password", FAST);
    for (const wrong of ["s3cret-password", "s3cret-Password ", "", "s3cret-Passwor", hash]) {
      assert.equal(await verifyPassword(wrong, hash), false, JSON.stringify(wrong));
    }
  });

  test("each hash has its own salt: the same password hashes differently", async () => {
    const hashes = await Promise.all([1, 2, 3].map(() => hashPassword("same password", FAST)));
    assert.equal(new Set(hashes).size, 3);
    const salts = hashes.map((hash) => hash.split("$")[4]);
    assert.equal(new Set(salts).size, 3);
    for (const hash of hashes) assert.equal(await verifyPassword("same password", hash), true);
  });

  test("Unicode passwords are compared after NFC normalization", async () => {
    const composed = "caf\u00e9-passw\u00f6rd";
    const decomposed = "cafe\u0301-passwo\u0308rd";
    const hash = await hashPassword(composed, FAST);
    assert.equal(await verifyPassword(decomposed, hash), true);
  });

  test("a tampered or malformed hash string fails cleanly (false, no exception)", async () => {
    const password = "tamper-me-please";
    const hash = await hashPassword(password, FAST);
    const parts = hash.split("$");
    const flip = (value: string) => (value[0] === "A" ? "B" : "A") + value.slice(1);
    const tampered = [
      "",
      "garbage",
      "scrypt",
      hash.replace(/^scrypt/, "bcrypt"),
      [...parts.slice(0, 4), flip(parts[4]!), parts[5]].join("$"),
      [...parts.slice(0, 5), flip(parts[5]!)].join("$"),
      [...parts.slice(0, 5), parts[5]!.slice(0, 10)].join("$"),
      [parts[0], "2048", ...parts.slice(2)].join("$"),
      // Resource bombs and nonsense parameters are refused before any work.
      [parts[0], String(2 ** 30), ...parts.slice(2)].join("$"),
      [parts[0], "1000", ...parts.slice(2)].join("$"),
      [parts[0], parts[1], "1000000", ...parts.slice(3)].join("$"),
      [parts[0], parts[1], parts[2], "0", ...parts.slice(4)].join("$"),
      [parts[0], "-1024", ...parts.slice(2)].join("$"),
      [...parts.slice(0, 4), "not base64!", parts[5]].join("$"),
      [...parts.slice(0, 4), "", parts[5]].join("$"),
      [...parts.slice(0, 4), "AAAA", parts[5]].join("$"),
      `${hash}$extra`,
      hash.slice(0, -1),
      // Same bytes, other unused bits in the last character: not the canonical encoding.
      hash.slice(0, -1) + (hash.endsWith("A") ? "B" : "A"),
    ];
    for (const value of tampered) {
      assert.equal(await verifyPassword(password, value), false, value);
    }
    assert.equal(await verifyPassword(password, hash), true);
  });

  test("hashPassword refuses parameters out of bounds", async () => {
    await assert.rejects(hashPassword("x", { N: 1000, r: 8, p: 1 }), RangeError);
    await assert.rejects(hashPassword("x", { N: 2 ** 25, r: 8, p: 1 }), RangeError);
  });
});
