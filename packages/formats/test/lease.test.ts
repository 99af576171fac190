import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  base64urlDecode,
  base64urlEncode,
  exportPublicKey,
  type LeaseClaims,
  leaseKeyId,
  leaseState,
  utf8Encode,
  verifyLease,
} from "../src/index.js";
import { createLease, generateKeyPair, signBytes } from "../src/node.js";
import { oneCharChange } from "./support/arbitraries.js";
import { expectError } from "./support/assertions.js";
import { ALGORITHMS, PROVIDERS, pairFor, testKeyPair } from "./support/fixtures.js";
import { opensslSkip, opensslVerifies } from "./support/openssl.js";

const ed = testKeyPair("ed25519");
const ISSUED = 1_800_000_000;
const at = (seconds: number) => new Date(seconds * 1000);

const claims: LeaseClaims = {
  v: 1,
  lic: "lic_01hzzzzzzzzzzzzzzzzzzzzzzz",
  prod: "prod_01hzzzzzzzzzzzzzzzzzzzzzz",
  mach: "mach_01hzzzzzzzzzzzzzzzzzzzzzz",
  fp: "4f1c2a7e-8d3b-4b8e-9a0c-2f6d1e5b7c90",
  ok: true,
  code: "VALID",
  iat: ISSUED,
  exp: ISSUED + 86_400,
  gr: ISSUED + 86_400 + 7 * 86_400,
  n: "b5Yk3qV9",
};

const edLease = createLease({ privateKey: ed.privateKey, claims });

/** A lease over arbitrary claims text, signed properly: for checking the claims parser. */
function signedOver(text: string): string {
  const data = `lease/${base64urlEncode(utf8Encode(text))}`;
  return `${data}.${base64urlEncode(signBytes("ed25519", ed.privateKey, utf8Encode(data)))}`;
}

describe("leases", () => {
  for (const algorithm of ALGORITHMS) {
    for (const [name, crypto] of PROVIDERS) {
      it(`${algorithm} (${name}): round trip keeps every claim`, async () => {
        const { privateKey, publicKey } = pairFor(algorithm);
        const lease = createLease({ algorithm, privateKey, claims });
        const result = await verifyLease(lease, publicKey, { algorithm, crypto, now: at(ISSUED) });
        assert.ok(result.ok, result.ok ? "" : result.error.message);
        assert.deepEqual(result.value.claims, claims);
        assert.equal(result.value.state, "valid");
      });
    }
  }

  it("is small: an Ed25519 lease with every claim stays under 450 characters (R5)", () => {
    assert.ok(edLease.length < 450, `${edLease.length} characters`);
  });

  it("judges valid, then grace, then locked at the claimed times", async () => {
    const states = [];
    for (const now of [ISSUED, claims.exp - 1, claims.exp, claims.gr - 1, claims.gr]) {
      const result = await verifyLease(edLease, ed.publicKey, {
        algorithm: "ed25519",
        now: at(now),
      });
      assert.ok(result.ok);
      states.push(result.value.state);
    }
    assert.deepEqual(states, ["valid", "valid", "grace", "grace", "locked"]);
  });

  it("a signed refusal (ok = false) locks at once, whatever its times say", async () => {
    const refusal = createLease({
      privateKey: ed.privateKey,
      claims: { ...claims, ok: false, code: "SUSPENDED", exp: ISSUED, gr: ISSUED },
    });
    const result = await verifyLease(refusal, ed.publicKey, {
      algorithm: "ed25519",
      now: at(ISSUED),
    });
    assert.ok(result.ok);
    assert.equal(result.value.state, "locked");
    assert.equal(result.value.claims.code, "SUSPENDED");
    assert.equal(leaseState({ ...claims, ok: false }, ISSUED), "locked");
  });

  it("binds to the device fingerprint, the product and the request nonce", async () => {
    const base = { algorithm: "ed25519" as const, now: at(ISSUED) };
    assert.ok(
      (
        await verifyLease(edLease, ed.publicKey, {
          ...base,
          fingerprint: claims.fp!,
          nonce: claims.n,
        })
      ).ok,
    );
    expectError(
      await verifyLease(edLease, ed.publicKey, { ...base, fingerprint: "other" }),
      "MISMATCH",
    );
    expectError(await verifyLease(edLease, ed.publicKey, { ...base, nonce: "other" }), "MISMATCH");
    expectError(
      await verifyLease(edLease, ed.publicKey, { ...base, productId: "prod_other" }),
      "MISMATCH",
    );
    assert.ok((await verifyLease(edLease, ed.publicKey, { ...base, productId: claims.prod! })).ok);
  });

  it("reports a device clock set back behind the signed server time (beyond the skew)", async () => {
    const options = { algorithm: "ed25519" as const, clockSkewSeconds: 60 };
    assert.ok((await verifyLease(edLease, ed.publicKey, { ...options, now: at(ISSUED - 60) })).ok);
    expectError(
      await verifyLease(edLease, ed.publicKey, { ...options, now: at(ISSUED - 61) }),
      "ISSUED_IN_FUTURE",
    );
  });

  it("rejects the wrong key, algorithm and layout with typed errors", async () => {
    const now = at(ISSUED);
    const other = pairFor("rsa-sha256");
    expectError(
      await verifyLease(edLease, other.publicKey, { algorithm: "ed25519", now }),
      "BAD_KEY",
    );
    expectError(
      await verifyLease(edLease, ed.publicKey, { algorithm: "rsa-sha256", now }),
      "BAD_KEY",
    );
    expectError(
      await verifyLease(edLease, ed.publicKey, { algorithm: "md5" as "ed25519", now }),
      "UNSUPPORTED_ALGORITHM",
    );
    for (const bad of ["", "proof/abc.def", "lease/abc", "lease/.sig", "lease/a.b.c"]) {
      expectError(
        await verifyLease(bad, ed.publicKey, { algorithm: "ed25519", now }),
        "BAD_FORMAT",
      );
    }
    expectError(
      await verifyLease("lease/a!b.cd", ed.publicKey, { algorithm: "ed25519", now }),
      "BAD_ENCODING",
    );
  });

  it("rejects authentic but malformed claims", async () => {
    const now = at(ISSUED);
    const malformed = [
      "not json",
      "[]",
      JSON.stringify({ ...claims, v: 2 }),
      JSON.stringify({ ...claims, lic: 7 }),
      JSON.stringify({ ...claims, ok: "yes" }),
      JSON.stringify({ ...claims, exp: 1.5 }),
      JSON.stringify({ ...claims, gr: claims.exp - 1 }),
      JSON.stringify({ ...claims, fp: 1 }),
      JSON.stringify({ ...claims, prod: null }),
      JSON.stringify({ ...claims, ent: ["a", 2] }),
    ];
    for (const text of malformed) {
      const result = await verifyLease(signedOver(text), ed.publicKey, {
        algorithm: "ed25519",
        now,
      });
      expectError(result, "BAD_FORMAT");
    }
  });

  it("any one-character change is rejected (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(oneCharChange(edLease, "AZaz09-_=./"), async (tampered) => {
        const result = await verifyLease(tampered, ed.publicKey, {
          algorithm: "ed25519",
          now: at(ISSUED),
        });
        assert.equal(result.ok, false);
      }),
      { numRuns: 300 },
    );
  });

  it("random input never throws, only fails with a FormatError (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (input) => {
        const result = await verifyLease(`lease/${input}`, ed.publicKey, {
          algorithm: "ed25519",
          now: at(ISSUED),
        });
        assert.equal(result.ok, false);
      }),
      { numRuns: 200 },
    );
  });

  for (const algorithm of ALGORITHMS) {
    it(`${algorithm}: openssl verifies the lease signature over "lease/<claims>"`, {
      skip: opensslSkip,
    }, () => {
      const { privateKey, publicKey } = pairFor(algorithm);
      const lease = createLease({ algorithm, privateKey, claims });
      const dot = lease.lastIndexOf(".");
      assert.ok(
        opensslVerifies(
          algorithm,
          exportPublicKey(publicKey, "pem"),
          lease.slice(0, dot),
          base64urlDecode(lease.slice(dot + 1)),
        ),
      );
    });
  }
});

describe("leases under key rotation (kid, trusted key sets)", () => {
  const next = generateKeyPair("ed25519");
  const other = generateKeyPair("ed25519");
  const options = { algorithm: "ed25519" as const, now: at(ISSUED + 60) };
  const oldLease = createLease({
    privateKey: ed.privateKey,
    claims: { ...claims, kid: "key_old" },
  });
  const newLease = createLease({
    privateKey: next.privateKey,
    claims: { ...claims, kid: "key_new" },
  });
  const noKid = createLease({ privateKey: next.privateKey, claims });
  const set = [
    { id: "key_old", publicKey: ed.publicKey },
    { id: "key_new", publicKey: next.publicKey },
  ];

  it("the kid claim is signed and read back; each lease verifies with the set", async () => {
    for (const lease of [oldLease, newLease, noKid]) {
      const verified = await verifyLease(lease, set, options);
      assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
    }
    const read = await verifyLease(newLease, set, options);
    assert.equal(read.ok && read.value.claims.kid, "key_new");
  });

  it("leaseKeyId reads the kid without verifying; nothing for no kid or no lease", () => {
    assert.equal(leaseKeyId(newLease), "key_new");
    assert.equal(leaseKeyId(`${newLease.slice(0, -4)}AAA=`), "key_new");
    for (const lease of [noKid, "lease/", "not a lease", 7, signedOver('{"kid":7}')]) {
      assert.equal(leaseKeyId(lease), undefined);
    }
  });

  it("the named key is the only one tried when the set holds it", async () => {
    // Naming the old key, the new lease fails: its kid is signed, so it cannot be changed.
    const lying = [
      { id: "key_new", publicKey: ed.publicKey },
      { id: "key_old", publicKey: next.publicKey },
    ];
    expectError(await verifyLease(newLease, lying, options), "BAD_SIGNATURE");
    // An id the set lacks: every key is tried.
    const unnamed = [{ publicKey: other.publicKey }, { publicKey: next.publicKey }];
    assert.ok((await verifyLease(newLease, unnamed, options)).ok);
  });

  it("no trusted key of the type → BAD_KEY; only others → BAD_SIGNATURE; a bad kid claim → BAD_FORMAT", async () => {
    expectError(await verifyLease(newLease, [], options), "BAD_KEY");
    expectError(
      await verifyLease(newLease, [{ publicKey: testKeyPair("rsa").publicKey }], options),
      "BAD_KEY",
    );
    expectError(
      await verifyLease(newLease, [{ publicKey: other.publicKey }], options),
      "BAD_SIGNATURE",
    );
    const text = JSON.stringify({ ...claims, kid: 7 });
    expectError(await verifyLease(signedOver(text), ed.publicKey, options), "BAD_FORMAT");
  });
});
