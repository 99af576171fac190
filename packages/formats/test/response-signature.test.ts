import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  base64Decode,
  base64Encode,
  buildSigningString,
  exportPublicKey,
  FormatError,
  type FormatErrorCode,
  formatHttpDate,
  formatSignatureHeader,
  parseHttpDate,
  parseSignatureHeader,
  responseDigest,
  type SignatureAlgorithm,
  type VerifyResponseSignatureOptions,
  verifyResponseSignature,
} from "../src/index.js";
import { exportPrivateKey, generateKeyPair, signResponse } from "../src/node.js";
import { oneCharChange } from "./support/arbitraries.js";
import { assertThrowsCode, expectError } from "./support/assertions.js";
import { ALGORITHMS, PROVIDERS, pairFor, testKeyPair } from "./support/fixtures.js";
import { openssl, opensslSign, opensslSkip, opensslVerifies } from "./support/openssl.js";

const ed = testKeyPair("ed25519");
const rsa = testKeyPair("rsa");

const BODY = '{"data":null,"meta":{"valid":true}}';
// printf '%s' "$BODY" | openssl dgst -sha256 -binary | base64
const BODY_DIGEST = "sha-256=AjR+8BZORTdQRNcSxBGSUB2SRDIMC3wAHL/iCe9GEjE=";
const SIGNED_AT = new Date("2021-06-09T16:08:15Z");
const REQUEST = {
  method: "POST",
  target: "/v1/accounts/acme/licenses/actions/validate-key?include=entitlements",
  host: "licensing.example.com",
};

function signed(algorithm: SignatureAlgorithm, body: string | Uint8Array = BODY) {
  const { privateKey, publicKey } = pairFor(algorithm);
  const headers = signResponse({
    privateKey,
    algorithm,
    keyId: "key-1",
    ...REQUEST,
    body,
    date: SIGNED_AT,
  });
  const options: VerifyResponseSignatureOptions = {
    ...REQUEST,
    ...headers,
    body,
    publicKey,
    algorithm,
    now: new Date(SIGNED_AT.getTime() + 60_000),
  };
  return { headers, options };
}

describe("HTTP dates", () => {
  it("formats and parses RFC 7231 IMF-fixdate", () => {
    assert.equal(formatHttpDate(SIGNED_AT), "Wed, 09 Jun 2021 16:08:15 GMT");
    assert.equal(parseHttpDate("Wed, 09 Jun 2021 16:08:15 GMT")?.getTime(), SIGNED_AT.getTime());
    fc.assert(
      fc.property(
        fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z") }),
        (date) => {
          fc.pre(!Number.isNaN(date.getTime()));
          const text = formatHttpDate(date);
          assert.equal(parseHttpDate(text)?.getTime(), Math.floor(date.getTime() / 1000) * 1000);
        },
      ),
    );
  });

  it("rejects other date forms and impossible dates", () => {
    for (const text of [
      "Thu, 09 Jun 2021 16:08:15 GMT",
      "Wed, 9 Jun 2021 16:08:15 GMT",
      "Wed, 09 Jun 2021 16:08:15 UTC",
      "Wed, 09 Jun 2021 24:00:00 GMT",
      "Mon, 30 Feb 2021 00:00:00 GMT",
      "Wednesday, 09-Jun-21 16:08:15 GMT",
      "Wed Jun  9 16:08:15 2021",
      "2021-06-09T16:08:15Z",
      "",
    ]) {
      assert.equal(parseHttpDate(text), null, text);
    }
    assert.throws(() => formatHttpDate(new Date(Number.NaN)), FormatError);
  });
});

describe("signing string and digest", () => {
  it("builds the exact Keygen-form signing string", () => {
    const text = buildSigningString({
      ...REQUEST,
      date: "Wed, 09 Jun 2021 16:08:15 GMT",
      digest: BODY_DIGEST,
    });
    assert.equal(
      text,
      "(request-target): post /v1/accounts/acme/licenses/actions/validate-key?include=entitlements\n" +
        "host: licensing.example.com\n" +
        "date: Wed, 09 Jun 2021 16:08:15 GMT\n" +
        "digest: sha-256=AjR+8BZORTdQRNcSxBGSUB2SRDIMC3wAHL/iCe9GEjE=",
    );
  });

  it("refuses empty parts and line breaks (BAD_FORMAT)", () => {
    const base = { ...REQUEST, date: "Wed, 09 Jun 2021 16:08:15 GMT", digest: BODY_DIGEST };
    for (const change of [
      { host: "" },
      { target: "/a\nhost: evil" },
      { date: "x\r" },
      { method: "" },
    ]) {
      assertThrowsCode(() => buildSigningString({ ...base, ...change }), "BAD_FORMAT");
    }
  });

  it("computes the Digest header as sha-256=<base64>, with both providers", async () => {
    for (const [, crypto] of PROVIDERS) {
      assert.equal(await responseDigest(BODY, crypto), BODY_DIGEST);
      assert.equal(
        await responseDigest(new Uint8Array(), crypto),
        "sha-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
      );
    }
    assert.equal(await responseDigest(new TextEncoder().encode(BODY)), BODY_DIGEST);
  });

  it("computes the same digest as openssl for any body", { skip: opensslSkip }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (body) => {
        const expected = openssl(["dgst", "-sha256", "-binary"], body).toString("base64");
        assert.equal(await responseDigest(body), `sha-256=${expected}`);
      }),
      { numRuns: 20 },
    );
  });
});

describe("Signature header", () => {
  const signature = Uint8Array.from({ length: 64 }, (_, i) => i);

  it("formats the exact header", () => {
    assert.equal(
      formatSignatureHeader({ keyId: "key-1", algorithm: "ed25519", signature }),
      `keyid="key-1", algorithm="ed25519", signature="${base64Encode(signature)}", ` +
        'headers="(request-target) host date digest"',
    );
  });

  it("refuses key ids that cannot be quoted", () => {
    for (const keyId of ["", 'a"b', "a\\b", "a\nb"]) {
      assert.throws(
        () => formatSignatureHeader({ keyId, algorithm: "ed25519", signature }),
        FormatError,
      );
    }
  });

  it("parses what it formats, for every algorithm", () => {
    for (const algorithm of ALGORITHMS) {
      const parsed = parseSignatureHeader(
        formatSignatureHeader({ keyId: "k", algorithm, signature }),
      );
      assert.ok(parsed.ok);
      assert.deepEqual(parsed.value, {
        keyId: "k",
        algorithm,
        signature,
        headers: ["(request-target)", "host", "date", "digest"],
      });
    }
  });

  it("is tolerant of spacing, name case, parameter order and unknown parameters", () => {
    const b64 = base64Encode(signature);
    for (const header of [
      `keyid="k",algorithm="ed25519",signature="${b64}",headers="(request-target) host date digest"`,
      `  keyid = "k" ,\talgorithm= "ed25519",  signature ="${b64}" , headers="(request-target)  host date digest"  `,
      `KeyId="k", Algorithm="ed25519", Signature="${b64}", Headers="(Request-Target) Host Date Digest"`,
      `headers="(request-target) host date digest", signature="${b64}", algorithm="ed25519", keyid="k"`,
      `keyid="k", created="1623255000", algorithm="ed25519", signature="${b64}", headers="(request-target) host date digest"`,
    ]) {
      const parsed = parseSignatureHeader(header);
      assert.ok(parsed.ok, `${header}: ${parsed.ok ? "" : parsed.error.message}`);
      assert.equal(parsed.value.keyId, "k");
      assert.deepEqual(parsed.value.signature, signature);
      assert.deepEqual(parsed.value.headers, ["(request-target)", "host", "date", "digest"]);
    }
  });

  it("is strict on required parameters and syntax", () => {
    const b64 = base64Encode(signature);
    const full = {
      keyid: "k",
      algorithm: "ed25519",
      signature: b64,
      headers: "(request-target) host date digest",
    };
    const render = (params: Record<string, string>) =>
      Object.entries(params)
        .map(([k, v]) => `${k}="${v}"`)
        .join(", ");
    const cases: [string, FormatErrorCode][] = [
      ["", "BAD_FORMAT"],
      ["   ", "BAD_FORMAT"],
      [`keyid=k, algorithm="ed25519", signature="${b64}", headers="date"`, "BAD_FORMAT"],
      [`${render(full)},`, "BAD_FORMAT"],
      [`${render(full)}, keyid="k2"`, "BAD_FORMAT"],
      [`${render(full)} x`, "BAD_FORMAT"],
      [render(full).replace(", ", "; "), "BAD_FORMAT"],
      [`keyid="k, algorithm="ed25519"`, "BAD_FORMAT"],
      [`keyid="k\\"", ${render({ ...full, keyid: "x" })}`, "BAD_FORMAT"],
      [render({ ...full, algorithm: "hmac-sha256" }), "UNSUPPORTED_ALGORITHM"],
      [render({ ...full, algorithm: "ED25519" }), "UNSUPPORTED_ALGORITHM"],
      [render({ ...full, signature: "not base64!" }), "BAD_ENCODING"],
      [render({ ...full, signature: b64.replace(/=+$/, "").slice(0, -1) + "_" }), "BAD_ENCODING"],
      [render({ ...full, headers: "  " }), "BAD_FORMAT"],
    ];
    for (const name of Object.keys(full)) {
      const missing = { ...full } as Record<string, string>;
      delete missing[name];
      cases.push([render(missing), "BAD_FORMAT"]);
      cases.push([render({ ...full, [name]: "" }), "BAD_FORMAT"]);
    }
    for (const [header, code] of cases) {
      const error = expectError(parseSignatureHeader(header), code);
      assert.ok(error.message.length > 0, header);
    }
  });

  it("returns only typed errors for random headers", () => {
    const pieces = fc.constantFrom(
      "keyid",
      "algorithm",
      "signature",
      "headers",
      "=",
      '"',
      ",",
      " ",
      "ed25519",
      "\\",
      "\n",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 30 }).map((p) => p.join("")),
        ),
        (header) => {
          const result = parseSignatureHeader(header);
          if (!result.ok) assert.ok(result.error instanceof FormatError);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("signed responses", () => {
  for (const algorithm of ALGORITHMS) {
    for (const [providerName, crypto] of PROVIDERS) {
      it(`${algorithm} round trip with ${providerName}`, async () => {
        const { headers, options } = signed(algorithm);
        assert.equal(headers.date, "Wed, 09 Jun 2021 16:08:15 GMT");
        assert.equal(headers.digest, BODY_DIGEST);
        assert.match(
          headers.signature,
          new RegExp(
            `^keyid="key-1", algorithm="${algorithm}", signature="[A-Za-z0-9+/]+=*", ` +
              'headers="\\(request-target\\) host date digest"$',
          ),
        );
        const result = await verifyResponseSignature({ ...options, crypto, keyId: "key-1" });
        assert.ok(result.ok, result.ok ? "" : result.error.message);
        assert.equal(result.value.keyId, "key-1");
        assert.equal(result.value.date.getTime(), SIGNED_AT.getTime());
        const asBytes = await verifyResponseSignature({
          ...options,
          crypto,
          body: new TextEncoder().encode(BODY),
        });
        assert.ok(asBytes.ok);
      });
    }
  }

  it("signs binary and empty bodies", async () => {
    for (const body of [new Uint8Array([0, 255, 1]), "", new Uint8Array()]) {
      const { options } = signed("ed25519", body);
      assert.ok((await verifyResponseSignature(options)).ok);
    }
  });

  it("lower-cases the method: GET and get sign the same", async () => {
    const { options } = signed("ed25519");
    assert.ok((await verifyResponseSignature({ ...options, method: "post" })).ok);
    expectError(await verifyResponseSignature({ ...options, method: "GET" }), "BAD_SIGNATURE");
  });

  it("WRONG_ALGORITHM when the header names another algorithm than expected", async () => {
    const { options } = signed("rsa-sha256");
    const result = await verifyResponseSignature({ ...options, algorithm: "rsa-pss-sha256" });
    expectError(result, "WRONG_ALGORITHM");
  });

  it("MISMATCH when the key id is not the expected one", async () => {
    const { options } = signed("ed25519");
    expectError(await verifyResponseSignature({ ...options, keyId: "key-2" }), "MISMATCH");
  });

  it("keyid is not signed: only an expected keyId catches a relabelled header", async () => {
    const { options } = signed("ed25519");
    const signature = options.signature.replace('keyid="key-1"', 'keyid="key-9"');
    assert.ok((await verifyResponseSignature({ ...options, signature })).ok);
    expectError(
      await verifyResponseSignature({ ...options, signature, keyId: "key-1" }),
      "MISMATCH",
    );
  });

  it("BAD_KEY when the public key does not fit the algorithm", async () => {
    const { options } = signed("ed25519");
    expectError(await verifyResponseSignature({ ...options, publicKey: rsa.publicKey }), "BAD_KEY");
    assertThrowsCode(
      () =>
        signResponse({
          privateKey: ed.privateKey,
          algorithm: "rsa-sha256",
          keyId: "k",
          ...REQUEST,
          body: BODY,
        }),
      "BAD_KEY",
    );
  });

  it("BAD_SIGNATURE with another key of the right type", async () => {
    const { options } = signed("ed25519");
    const other = generateKeyPair("ed25519").publicKey;
    expectError(await verifyResponseSignature({ ...options, publicKey: other }), "BAD_SIGNATURE");
  });

  it("BAD_SIGNATURE when the body does not match the Digest header", async () => {
    const { options } = signed("ed25519");
    const result = await verifyResponseSignature({ ...options, body: `${BODY} ` });
    assert.match(expectError(result, "BAD_SIGNATURE").message, /Digest/);
  });

  it("BAD_SIGNATURE when Digest and body are replaced together", async () => {
    const { options } = signed("ed25519");
    const body = '{"data":null,"meta":{"valid":false}}';
    const result = await verifyResponseSignature({
      ...options,
      body,
      digest: await responseDigest(body),
    });
    expectError(result, "BAD_SIGNATURE");
  });

  it("BAD_FORMAT for an unparseable Date or Digest header", async () => {
    const { options } = signed("ed25519");
    for (const date of ["", "2021-06-09T16:08:15Z", "Wed, 09 Jun 2021 16:08:15 +0000"]) {
      expectError(await verifyResponseSignature({ ...options, date }), "BAD_FORMAT");
    }
    for (const digest of [
      "",
      "md5=abc",
      "sha-512=AjR+",
      `sha-256=${base64Encode(new Uint8Array(31))}`,
    ]) {
      expectError(await verifyResponseSignature({ ...options, digest }), "BAD_FORMAT");
    }
    expectError(
      await verifyResponseSignature({ ...options, digest: "sha-256=!!" }),
      "BAD_ENCODING",
    );
  });

  it("BAD_FORMAT when the headers list is not exactly (request-target) host date digest", async () => {
    const { options } = signed("ed25519");
    for (const list of [
      "(request-target) host digest date",
      "host date digest",
      "(request-target) host date",
      "(request-target) host date digest content-type",
      "date",
    ]) {
      const signature = options.signature.replace(/headers="[^"]*"/, `headers="${list}"`);
      expectError(await verifyResponseSignature({ ...options, signature }), "BAD_FORMAT");
    }
  });

  it("EXPIRED when older than maxAgeSeconds; accepted at the limit", async () => {
    const { options } = signed("ed25519");
    const at = (seconds: number) => new Date(SIGNED_AT.getTime() + seconds * 1000);
    assert.ok(
      (await verifyResponseSignature({ ...options, now: at(3600), maxAgeSeconds: 3600 })).ok,
    );
    expectError(
      await verifyResponseSignature({ ...options, now: at(3601), maxAgeSeconds: 3600 }),
      "EXPIRED",
    );
    assert.ok((await verifyResponseSignature({ ...options, now: at(10 ** 8) })).ok, "no max age");
  });

  it("ISSUED_IN_FUTURE beyond the clock skew (default 300 s)", async () => {
    const { options } = signed("ed25519");
    const at = (seconds: number) => new Date(SIGNED_AT.getTime() + seconds * 1000);
    assert.ok((await verifyResponseSignature({ ...options, now: at(-300) })).ok);
    expectError(await verifyResponseSignature({ ...options, now: at(-301) }), "ISSUED_IN_FUTURE");
    assert.ok(
      (await verifyResponseSignature({ ...options, now: at(-301), clockSkewSeconds: 400 })).ok,
    );
    expectError(
      await verifyResponseSignature({ ...options, now: at(-1), clockSkewSeconds: 0 }),
      "ISSUED_IN_FUTURE",
    );
  });

  it("checks authenticity before freshness: a forged old response is BAD_SIGNATURE", async () => {
    const { options } = signed("ed25519");
    const result = await verifyResponseSignature({
      ...options,
      body: "{}",
      now: new Date(SIGNED_AT.getTime() + 10 ** 9),
      maxAgeSeconds: 1,
    });
    expectError(result, "BAD_SIGNATURE");
  });

  const CHARS = 'abcXYZ019 -_/?=&.:,+"\\é';

  for (const algorithm of ["ed25519", "rsa-pss-sha256"] as const) {
    it(`${algorithm}: any one-character change of body, date, target, host or digest is rejected`, async () => {
      const { options } = signed(algorithm);
      const field = fc.constantFrom("body", "date", "target", "host", "digest", "signature");
      await fc.assert(
        fc.asyncProperty(
          field.chain((name) =>
            oneCharChange(options[name] as string, CHARS).map((value) => [name, value] as const),
          ),
          async ([name, value]) => {
            // keyid is not covered by the signature (it only selects the key): expect it.
            const result = await verifyResponseSignature({
              ...options,
              keyId: "key-1",
              [name]: value,
            });
            if (result.ok) {
              // Only a change the header grammar ignores (parameter-name case) may pass.
              assert.equal(name, "signature");
              assert.deepEqual(
                parseSignatureHeader(value),
                parseSignatureHeader(options.signature),
              );
              return;
            }
            const error = expectError(
              result,
              "BAD_SIGNATURE",
              "BAD_FORMAT",
              "BAD_ENCODING",
              "UNSUPPORTED_ALGORITHM",
              "MISMATCH",
            );
            if (name === "body" || name === "target" || name === "host") {
              assert.ok(
                error.code === "BAD_SIGNATURE" || /line break/.test(error.message),
                `${name}: ${error.code} ${error.message}`,
              );
            }
          },
        ),
        { numRuns: algorithm === "ed25519" ? 300 : 60 },
      );
    });
  }

  it("returns only typed errors for random headers and bodies", async () => {
    const { options } = signed("ed25519");
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          date: fc.oneof(fc.string(), fc.constant(options.date)),
          digest: fc.oneof(fc.string(), fc.constant(options.digest)),
          signature: fc.oneof(fc.string(), fc.constant(options.signature)),
          body: fc.oneof(fc.string(), fc.uint8Array()),
          target: fc.string(),
        }),
        async (random) => {
          for (const [, crypto] of PROVIDERS) {
            const result = await verifyResponseSignature({ ...options, ...random, crypto });
            if (!result.ok) assert.ok(result.error instanceof FormatError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("openssl cross-check of response signatures", { skip: opensslSkip }, () => {
  const signingStringOf = (headers: { date: string; digest: string }) =>
    buildSigningString({ ...REQUEST, ...headers });

  for (const algorithm of ALGORITHMS) {
    it(`${algorithm}: openssl verifies our signature over the signing string`, () => {
      const { headers } = signed(algorithm);
      const parsed = parseSignatureHeader(headers.signature);
      assert.ok(parsed.ok);
      const pem = exportPublicKey(pairFor(algorithm).publicKey, "pem");
      const verifies = (data: string) =>
        opensslVerifies(algorithm, pem, data, parsed.value.signature);
      assert.ok(verifies(signingStringOf(headers)), "openssl rejected our signature");
      assert.equal(
        verifies(`${signingStringOf(headers)} `),
        false,
        "openssl accepted a tampered signing string",
      );
    });

    const saltLengths = algorithm === "rsa-pss-sha256" ? ["max", "digest"] : [""];
    for (const saltlen of saltLengths) {
      it(`${algorithm}${saltlen ? ` (salt ${saltlen})` : ""}: an openssl-made signature verifies with ours`, async () => {
        const date = "Wed, 09 Jun 2021 16:08:15 GMT";
        const digest = BODY_DIGEST;
        const signature = opensslSign(
          algorithm,
          exportPrivateKey(pairFor(algorithm).privateKey, "pem"),
          signingStringOf({ date, digest }),
          { saltLength: saltlen },
        );
        const header = formatSignatureHeader({ keyId: "openssl", algorithm, signature });
        for (const [, crypto] of PROVIDERS) {
          const result = await verifyResponseSignature({
            ...REQUEST,
            date,
            digest,
            signature: header,
            body: BODY,
            publicKey: pairFor(algorithm).publicKey,
            algorithm,
            keyId: "openssl",
            now: SIGNED_AT,
            crypto,
          });
          assert.ok(result.ok, result.ok ? "" : result.error.message);
        }
        assert.deepEqual(base64Decode(header.match(/signature="([^"]+)"/)![1]!), signature);
      });
    }
  }
});
