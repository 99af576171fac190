import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  base64Encode,
  decodeActivationRequest,
  encodeActivationRequest,
  FormatError,
  type FormatErrorCode,
  LICENSESPRING_PREFIX,
  type OfflineActivationRequest,
  OfflineRequestError,
  type OfflineRequestReason,
  offlineSignature,
  offlineSigningString,
  type Result,
  signActivationRequest,
  signActivationResponse,
  type UnsignedActivationRequest,
  utf8Encode,
  verifyActivationRequest,
  verifyActivationResponse,
  verifyOfflineSignature,
  webCrypto,
} from "../src/index.js";
import { offlineSignatureSync } from "../src/node.js";
import { oneCharChange } from "./support/arbitraries.js";
import { assertThrowsCode, expectError } from "./support/assertions.js";
import { PROVIDERS } from "./support/fixtures.js";
import { openssl, opensslSkip } from "./support/openssl.js";

// LicenseSpring's documented example shared key and date.
const SHARED_KEY = "kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja";
const DATE = "Tue, 07 Jun 2011 20:51:35 GMT";
const LICENSE_KEY = "FUH3-4E7A-LZJL-7JTP";
const HARDWARE_ID = "A53F-0CBC-15FC-7E81-BF35-A720-A575-7C0C";
const API_KEY = "here_is_the_api_key";
// printf 'licenseSpring\ndate: Tue, 07 Jun 2011 20:51:35 GMT\nFUH3-4E7A-LZJL-7JTP\n
//   A53F-0CBC-15FC-7E81-BF35-A720-A575-7C0C\nhere_is_the_api_key' \
//   | openssl dgst -sha256 -hmac kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja -binary | base64
const KNOWN_SIGNATURE = "IcB/GWIYBDQ5/fI1mnzFDEz8Puip+EKdQdGeIn/dido=";

const UNSIGNED: UnsignedActivationRequest = {
  license_key: LICENSE_KEY,
  hardware_id: HARDWARE_ID,
  api_key: API_KEY,
  date: DATE,
  product: "TP",
  request: "activation",
  request_id: "req-1",
  variables: { seat: "lab-3" },
};

function expectReason(
  result: Result<unknown, OfflineRequestError>,
  reason: OfflineRequestReason,
  code: FormatErrorCode,
  field?: string,
): OfflineRequestError {
  assert.equal(result.ok, false, "expected a failure");
  if (result.ok) throw new Error("unreachable");
  assert.ok(result.error instanceof OfflineRequestError);
  assert.equal(result.error.reason, reason, result.error.message);
  assert.equal(result.error.code, code);
  if (field !== undefined) assert.equal(result.error.field, field);
  return result.error;
}

const b64json = (value: unknown) => base64Encode(utf8Encode(JSON.stringify(value)));

describe("offline signing string and HMAC", () => {
  const params = {
    sharedKey: SHARED_KEY,
    date: DATE,
    identity: LICENSE_KEY,
    hardwareId: HARDWARE_ID,
    apiKey: API_KEY,
  };

  it("builds the exact signing string", () => {
    assert.equal(
      offlineSigningString({
        date: DATE,
        identity: LICENSE_KEY,
        hardwareId: HARDWARE_ID,
        apiKey: API_KEY,
      }),
      "licenseSpring\n" +
        "date: Tue, 07 Jun 2011 20:51:35 GMT\n" +
        "FUH3-4E7A-LZJL-7JTP\n" +
        "A53F-0CBC-15FC-7E81-BF35-A720-A575-7C0C\n" +
        "here_is_the_api_key",
    );
    assert.equal(
      offlineSigningString({
        date: "d",
        identity: "jane@example.com",
        hardwareId: "h",
        apiKey: "a",
        prefix: "keyward",
      }),
      "keyward\ndate: d\njane@example.com\nh\na",
    );
    assert.equal(LICENSESPRING_PREFIX, "licenseSpring");
  });

  it("refuses empty parts and line breaks (BAD_FORMAT)", () => {
    const base = { date: DATE, identity: LICENSE_KEY, hardwareId: HARDWARE_ID, apiKey: API_KEY };
    for (const change of [
      { identity: "" },
      { hardwareId: "a\nb" },
      { apiKey: "x\r" },
      { prefix: "" },
      { prefix: "a\nb" },
    ]) {
      assertThrowsCode(() => offlineSigningString({ ...base, ...change }), "BAD_FORMAT");
    }
  });

  it("is Base64 of the raw HMAC bytes: LicenseSpring's published vector", async () => {
    // LicenseSpring's request-signature example: this key and date sign to this value.
    const mac = await webCrypto.hmacSha256(
      utf8Encode(SHARED_KEY),
      utf8Encode(`licenseSpring\ndate: ${DATE}`),
    );
    assert.equal(base64Encode(mac), "UDysfR6MndUZReo07Y9r+vErn8vSxrnQ5ulit18iJ/Q=");
  });

  it("matches a hand-computed vector, with every provider and the sync variant", async () => {
    for (const [, crypto] of PROVIDERS) {
      assert.equal(await offlineSignature(params, crypto), KNOWN_SIGNATURE);
    }
    assert.equal(await offlineSignature(params), KNOWN_SIGNATURE);
    assert.equal(offlineSignatureSync(params), KNOWN_SIGNATURE);
    assert.equal(
      await offlineSignature({ ...params, sharedKey: utf8Encode(SHARED_KEY) }),
      KNOWN_SIGNATURE,
    );
    assert.equal(
      await offlineSignature({
        sharedKey: "shared-secret",
        date: "2024-05-01T12:00:00.000Z",
        identity: "jane@example.com",
        hardwareId: "hw-1",
        apiKey: "api-key-1",
        prefix: "keyward",
      }),
      "+iXqv4NYTcwXX0YIYg8NnkPdXHG84kv3XeitU9xAOdg=",
    );
  });

  it("equals `openssl dgst -sha256 -hmac <key> -binary | base64` for any values", {
    skip: opensslSkip,
  }, async () => {
    const text = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[\r\n]/.test(s));
    const key = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
    await fc.assert(
      fc.asyncProperty(
        key,
        fc.record({ date: text, identity: text, hardwareId: text, apiKey: text }),
        async (sharedKey, parts) => {
          const signingString = offlineSigningString(parts);
          const mac = openssl(
            ["dgst", "-sha256", "-hmac", sharedKey, "-binary"],
            utf8Encode(signingString),
          );
          assert.equal(await offlineSignature({ sharedKey, ...parts }), mac.toString("base64"));
        },
      ),
      { numRuns: 25 },
    );
  });

  it("verifyOfflineSignature: ok, BAD_SIGNATURE, BAD_ENCODING, BAD_FORMAT", async () => {
    for (const [, crypto] of PROVIDERS) {
      const good = await verifyOfflineSignature({ ...params, signature: KNOWN_SIGNATURE }, crypto);
      assert.ok(good.ok);
      expectError(
        await verifyOfflineSignature({ ...params, sharedKey: "other", signature: KNOWN_SIGNATURE }),
        "BAD_SIGNATURE",
      );
      expectError(
        await verifyOfflineSignature({ ...params, signature: KNOWN_SIGNATURE.slice(0, 40) }),
        "BAD_SIGNATURE",
      );
      expectError(await verifyOfflineSignature({ ...params, signature: "" }), "BAD_SIGNATURE");
      expectError(
        await verifyOfflineSignature({ ...params, signature: "not base64!" }),
        "BAD_ENCODING",
      );
      // Hex of the MAC (another encoding some implementations use) is not accepted.
      const hex = Buffer.from(KNOWN_SIGNATURE, "base64").toString("hex");
      expectError(await verifyOfflineSignature({ ...params, signature: hex }), "BAD_SIGNATURE");
      expectError(
        await verifyOfflineSignature({ ...params, identity: "", signature: KNOWN_SIGNATURE }),
        "BAD_FORMAT",
      );
    }
  });
});

describe("offline activation requests", () => {
  it("signs a request with the documented signature", async () => {
    const request = await signActivationRequest(UNSIGNED, SHARED_KEY);
    assert.equal(request.signature, KNOWN_SIGNATURE);
    assert.deepEqual({ ...request, signature: undefined }, { ...UNSIGNED, signature: undefined });
  });

  it("encodes as Base64 JSON and decodes back", async () => {
    const request = await signActivationRequest(UNSIGNED, SHARED_KEY);
    const body = encodeActivationRequest(request);
    assert.deepEqual(JSON.parse(Buffer.from(body, "base64").toString("utf8")), request);
    const decoded = decodeActivationRequest(body);
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.value, request);
    // Wrapped lines and a trailing newline, as a request file may hold them, decode the same.
    const wrapped = `${body.replace(/.{1,60}/g, "$&\r\n")}\n`;
    assert.deepEqual(decodeActivationRequest(wrapped), decoded);
  });

  for (const [providerName, crypto] of PROVIDERS) {
    it(`round trip for license-key and username requests with ${providerName}`, async () => {
      const value = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/[\r\n]/.test(s));
      await fc.assert(
        fc.asyncProperty(
          fc.boolean(),
          fc.record({ identity: value, hardware_id: value, api_key: value, date: value }),
          fc.option(
            // Spread: a plain object even when fast-check makes a null-prototype one.
            fc.dictionary(fc.string(), fc.string()).map((d) => ({ ...d })),
            { nil: undefined },
          ),
          value,
          async (byKey, parts, variables, sharedKey) => {
            const fields: UnsignedActivationRequest = {
              ...(byKey
                ? { license_key: parts.identity }
                : { username: parts.identity, password: "pw" }),
              hardware_id: parts.hardware_id,
              api_key: parts.api_key,
              date: parts.date,
              ...(variables ? { variables } : {}),
            };
            const request = await signActivationRequest(fields, sharedKey, { crypto });
            const decoded = decodeActivationRequest(encodeActivationRequest(request));
            assert.ok(decoded.ok, decoded.ok ? "" : decoded.error.message);
            assert.deepEqual(decoded.value, request);
            const verified = await verifyActivationRequest(decoded.value, { sharedKey, crypto });
            assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
          },
        ),
        { numRuns: 100 },
      );
    });
  }

  it("is rejected with BAD_SIGNATURE / BAD_ENCODING after any one-character change of a field", async () => {
    const request = await signActivationRequest(UNSIGNED, SHARED_KEY);
    const fields = ["license_key", "hardware_id", "api_key", "date", "signature"] as const;
    const chars = "AZaz09+/=-_ :.é";
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...fields)
          .chain((field) =>
            oneCharChange(request[field]!, chars).map((value) => [field, value] as const),
          ),
        async ([field, value]) => {
          const tampered = { ...request, [field]: value } as OfflineActivationRequest;
          // Through the wire format, as the server sees it.
          const decoded = decodeActivationRequest(encodeActivationRequest(tampered));
          assert.ok(decoded.ok);
          for (const [, crypto] of PROVIDERS) {
            const result = await verifyActivationRequest(decoded.value, {
              sharedKey: SHARED_KEY,
              crypto,
            });
            expectError(
              result,
              ...(field === "signature"
                ? (["BAD_SIGNATURE", "BAD_ENCODING"] as const)
                : (["BAD_SIGNATURE"] as const)),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("binds the prefix: a Keyward-prefixed signature does not verify as licenseSpring", async () => {
    const request = await signActivationRequest(UNSIGNED, SHARED_KEY, { prefix: "keyward" });
    assert.notEqual(request.signature, KNOWN_SIGNATURE);
    assert.ok(
      (await verifyActivationRequest(request, { sharedKey: SHARED_KEY, prefix: "keyward" })).ok,
    );
    expectError(await verifyActivationRequest(request, { sharedKey: SHARED_KEY }), "BAD_SIGNATURE");
  });

  it("checks the request date only when asked (maxAgeSeconds / now)", async () => {
    const request = await signActivationRequest(UNSIGNED, SHARED_KEY);
    const signedAt = Date.parse("2011-06-07T20:51:35Z");
    assert.ok((await verifyActivationRequest(request, { sharedKey: SHARED_KEY })).ok);
    assert.ok(
      (
        await verifyActivationRequest(request, {
          sharedKey: SHARED_KEY,
          now: new Date(signedAt + 1000),
          maxAgeSeconds: 60,
        })
      ).ok,
    );
    expectError(
      await verifyActivationRequest(request, {
        sharedKey: SHARED_KEY,
        now: new Date(signedAt + 61_000),
        maxAgeSeconds: 60,
      }),
      "EXPIRED",
    );
    expectError(
      await verifyActivationRequest(request, {
        sharedKey: SHARED_KEY,
        now: new Date(signedAt - 3600_000),
      }),
      "ISSUED_IN_FUTURE",
    );
    const isoDated = await signActivationRequest(
      { ...UNSIGNED, date: "2011-06-07T22:51:35+02:00" },
      SHARED_KEY,
    );
    assert.ok(
      (
        await verifyActivationRequest(isoDated, {
          sharedKey: SHARED_KEY,
          now: new Date(signedAt),
          maxAgeSeconds: 1,
        })
      ).ok,
    );
    const oddDate = await signActivationRequest({ ...UNSIGNED, date: "yesterday" }, SHARED_KEY);
    assert.ok((await verifyActivationRequest(oddDate, { sharedKey: SHARED_KEY })).ok);
    expectError(
      await verifyActivationRequest(oddDate, { sharedKey: SHARED_KEY, maxAgeSeconds: 60 }),
      "BAD_FORMAT",
    );
  });

  it("serves deactivation with the same envelope and functions", async () => {
    const request = await signActivationRequest(
      { ...UNSIGNED, request: "deactivation" },
      SHARED_KEY,
    );
    const decoded = decodeActivationRequest(encodeActivationRequest(request));
    assert.ok(decoded.ok);
    assert.equal(decoded.value.request, "deactivation");
    assert.ok((await verifyActivationRequest(decoded.value, { sharedKey: SHARED_KEY })).ok);
  });

  it("refuses to sign a request with both identities or none", async () => {
    const both = { ...UNSIGNED, username: "jane" } as unknown as UnsignedActivationRequest;
    await assert.rejects(signActivationRequest(both, SHARED_KEY), FormatError);
    const none = { ...UNSIGNED, license_key: undefined } as unknown as UnsignedActivationRequest;
    await assert.rejects(signActivationRequest(none, SHARED_KEY), FormatError);
  });
});

describe("decoding errors, one per seed-003 case", () => {
  const valid = {
    license_key: LICENSE_KEY,
    hardware_id: HARDWARE_ID,
    api_key: API_KEY,
    date: DATE,
    signature: KNOWN_SIGNATURE,
  };
  const without = (field: keyof typeof valid) => {
    const copy: Record<string, unknown> = { ...valid };
    delete copy[field];
    return copy;
  };

  it("no request body at all → EMPTY (BAD_FORMAT, 'no request body')", () => {
    for (const body of [undefined, null, "", "  \n\t"]) {
      const error = expectReason(decodeActivationRequest(body), "EMPTY", "BAD_FORMAT");
      assert.equal(error.message, "no request body");
    }
  });

  it("body that is not Base64 → NOT_BASE64 (BAD_ENCODING)", () => {
    for (const body of ["{not base64}", JSON.stringify(valid), "abc$", "ab=c", "YR==", "a"]) {
      expectReason(decodeActivationRequest(body), "NOT_BASE64", "BAD_ENCODING");
    }
  });

  it("Base64 of something that is not JSON → NOT_JSON", () => {
    for (const bytes of [utf8Encode("hello"), utf8Encode('{"a":'), Uint8Array.of(0xff, 0xfe)]) {
      expectReason(decodeActivationRequest(base64Encode(bytes)), "NOT_JSON", "BAD_FORMAT");
    }
  });

  it("JSON that is not an object → NOT_OBJECT", () => {
    for (const value of [[valid], "text", 42, null, true]) {
      expectReason(decodeActivationRequest(b64json(value)), "NOT_OBJECT", "BAD_FORMAT");
    }
  });

  it("license_key (or username) missing → MISSING_IDENTITY naming license_key", () => {
    for (const body of [
      without("license_key"),
      { ...valid, license_key: "" },
      { ...valid, license_key: null },
    ]) {
      const error = expectReason(
        decodeActivationRequest(b64json(body)),
        "MISSING_IDENTITY",
        "BAD_FORMAT",
        "license_key",
      );
      assert.match(error.message, /license_key/);
    }
  });

  it("both license_key and username → AMBIGUOUS_IDENTITY", () => {
    expectReason(
      decodeActivationRequest(b64json({ ...valid, username: "jane" })),
      "AMBIGUOUS_IDENTITY",
      "BAD_FORMAT",
    );
  });

  const missingFieldCases: [string, keyof typeof valid, OfflineRequestReason][] = [
    ["hardware_id missing", "hardware_id", "MISSING_HARDWARE_ID"],
    ["date (seed 003's 'data') missing", "date", "MISSING_DATE"],
    ["api_key missing", "api_key", "MISSING_API_KEY"],
    ["signature missing", "signature", "MISSING_SIGNATURE"],
  ];
  for (const [title, field, reason] of missingFieldCases) {
    it(`${title} → ${reason}`, () => {
      const body = b64json(without(field));
      const error = expectReason(decodeActivationRequest(body), reason, "BAD_FORMAT", field);
      assert.match(error.message, new RegExp(field));
    });
  }

  it("a field of the wrong type → BAD_FIELD naming it", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, license_key: 123 }, "license_key"],
      [{ ...valid, hardware_id: ["x"] }, "hardware_id"],
      [{ ...valid, date: 1700000000 }, "date"],
      [{ ...valid, product: 7 }, "product"],
      [{ ...valid, license_id: "12" }, "license_id"],
      [{ ...valid, is_vm: "yes" }, "is_vm"],
      [{ ...valid, variables: ["a"] }, "variables"],
      [{ ...valid, variables: { seat: 3 } }, "variables.seat"],
    ];
    for (const [body, field] of cases) {
      expectReason(decodeActivationRequest(b64json(body)), "BAD_FIELD", "BAD_FORMAT", field);
    }
  });

  it("a NUL character in a kept string field or variable → BAD_FIELD naming it", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, license_key: "KEY\u0000" }, "license_key"],
      [{ ...valid, hardware_id: "\u0000" }, "hardware_id"],
      [{ ...valid, api_key: "a\u0000b" }, "api_key"],
      [{ ...valid, hostname: "host\u0000" }, "hostname"],
      [{ ...valid, variables: { seat: "3\u0000" } }, "variables.seat"],
      [{ ...valid, variables: { "se\u0000at": "3" } }, "variables.se\u0000at"],
    ];
    expectFieldRefusals(cases, /NUL/);
    // Dropped fields are not looked at: a password beside a license key is never kept.
    assert.ok(decodeActivationRequest(b64json({ ...valid, password: "\u0000" })).ok);
  });

  it("a lone surrogate in a kept string field or variable → BAD_FIELD naming it", () => {
    // JSON.stringify writes a lone surrogate as an escape ("\ud800"), which JSON.parse reads back.
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, license_key: "KEY\ud800" }, "license_key"],
      [{ ...valid, hardware_id: "fp\udbffx" }, "hardware_id"],
      [{ ...valid, hostname: "\udc00host" }, "hostname"],
      [{ ...valid, os_ver: "14\ud83d" }, "os_ver"],
      [{ ...valid, variables: { seat: "3\udfff" } }, "variables.seat"],
      [{ ...valid, variables: { "se\ud800at": "3" } }, "variables.se\ud800at"],
    ];
    expectFieldRefusals(cases, /well-formed Unicode \(no lone surrogate\)/);
    // Pairs are characters like any other (U+1F600, U+10FFFF), and U+FFFD is one too.
    const kept = { ...valid, hardware_id: "fp\ud83d\ude00\udbff\udfff\ufffdx" };
    const decoded = decodeActivationRequest(b64json(kept));
    assert.ok(decoded.ok);
    assert.equal(decoded.value.hardware_id, kept.hardware_id);
  });

  it("a variable's name is quoted and cut short in the message, whole in `field`", () => {
    const long = `a\n${"x".repeat(10_000)}`;
    const cases: [Record<string, unknown>, string][] = [
      [{ seat: 3 }, "variables.seat must be a string"],
      [{ "lab-3.cpu_$": 3 }, "variables.lab-3.cpu_$ must be a string"],
      [{ "": 3 }, 'variables[""] must be a string'],
      [{ "a b": 3 }, 'variables["a b"] must be a string'],
      [{ [long]: 3 }, `variables[${JSON.stringify(`${long.slice(0, 64)}…`)}] must be a string`],
      [
        { "se\u0000at": "3" },
        'variables["se\\u0000at"] must not contain a NUL character (\\u0000)',
      ],
      [
        { "se\ud800at": "3" },
        'variables["se\\ud800at"] must be well-formed Unicode (no lone surrogate)',
      ],
    ];
    for (const [variables, message] of cases) {
      const [name] = Object.keys(variables);
      const error = expectReason(
        decodeActivationRequest(b64json({ ...valid, variables })),
        "BAD_FIELD",
        "BAD_FORMAT",
        `variables.${name}`,
      );
      assert.equal(error.message, message);
    }
  });

  it("keeps known optional fields, drops unknown ones and a password beside a license key", () => {
    const decoded = decodeActivationRequest(
      b64json({
        ...valid,
        password: "ignored",
        is_vm: false,
        license_id: 12,
        os_ver: "14.1",
        unknown: "dropped",
        product: null,
      }),
    );
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.value, { ...valid, is_vm: false, license_id: 12, os_ver: "14.1" });
    const user = decodeActivationRequest(
      b64json({ ...without("license_key"), username: "jane", password: "pw" }),
    );
    assert.ok(user.ok);
    assert.equal(user.value.username, "jane");
    assert.equal(user.value.password, "pw");
    const proto = decodeActivationRequest(
      base64Encode(
        utf8Encode(`${JSON.stringify(valid).slice(0, -1)},"variables":{"__proto__":"x"}}`),
      ),
    );
    assert.ok(proto.ok);
    assert.deepEqual(Object.entries(proto.value.variables ?? {}), [["__proto__", "x"]]);
  });

  it("returns only typed errors for random bodies", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String(),
          fc.jsonValue().map(b64json),
          fc
            .dictionary(
              fc.constantFrom(
                "license_key",
                "username",
                "password",
                "hardware_id",
                "api_key",
                "date",
                "signature",
                "variables",
                "is_vm",
                "license_id",
              ),
              fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.object()),
            )
            .map(b64json),
        ),
        (body) => {
          const result = decodeActivationRequest(body);
          if (!result.ok) assert.ok(result.error instanceof OfflineRequestError);
          else assert.equal(typeof result.value.hardware_id, "string");
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("offline activation responses", () => {
  const binding = {
    sharedKey: SHARED_KEY,
    licenseKey: LICENSE_KEY,
    hardwareId: HARDWARE_ID,
    apiKey: API_KEY,
  };
  const RESPONSE_DATE = "Wed, 08 Jun 2011 09:00:00 GMT";
  const license = { license_key: LICENSE_KEY, hardware_id: HARDWARE_ID, license_type: "perpetual" };

  for (const [providerName, crypto] of PROVIDERS) {
    it(`signs and verifies as object, JSON text and Base64 JSON with ${providerName}`, async () => {
      const response = await signActivationResponse(license, {
        ...binding,
        date: RESPONSE_DATE,
        crypto,
      });
      assert.equal(response.date, RESPONSE_DATE);
      assert.equal(
        response.offline_signature,
        await offlineSignature({
          sharedKey: SHARED_KEY,
          date: RESPONSE_DATE,
          identity: LICENSE_KEY,
          hardwareId: HARDWARE_ID,
          apiKey: API_KEY,
        }),
      );
      const text = JSON.stringify(response);
      for (const form of [response, text, `\n${text}\n`, base64Encode(utf8Encode(text))]) {
        const result = await verifyActivationResponse(form, { ...binding, crypto });
        assert.ok(result.ok, result.ok ? "" : result.error.message);
        assert.deepEqual(result.value.response, response);
        assert.equal(result.value.date, RESPONSE_DATE);
      }
    });
  }

  it("works for username licenses", async () => {
    const userBinding = { ...binding, licenseKey: undefined, username: "jane@example.com" };
    const response = await signActivationResponse(
      { user: { email: "jane@example.com" } },
      { ...userBinding, date: RESPONSE_DATE },
    );
    assert.ok((await verifyActivationResponse(response, userBinding)).ok);
    expectError(await verifyActivationResponse(response, binding), "BAD_SIGNATURE");
  });

  it("BAD_SIGNATURE for another device, api key, shared key, date or prefix", async () => {
    const response = await signActivationResponse(license, { ...binding, date: RESPONSE_DATE });
    const cases = [
      { ...binding, hardwareId: "other-device" },
      { ...binding, apiKey: "other-api-key" },
      { ...binding, sharedKey: "other-shared-key" },
      { ...binding, prefix: "keyward" },
    ];
    for (const options of cases) {
      const result = await verifyActivationResponse(
        { ...response, hardware_id: undefined },
        options,
      );
      expectError(result, "BAD_SIGNATURE");
    }
    expectError(
      await verifyActivationResponse(
        { ...response, date: "Wed, 08 Jun 2011 09:00:01 GMT" },
        binding,
      ),
      "BAD_SIGNATURE",
    );
  });

  it("MISMATCH when the response names another license key or device", async () => {
    const response = await signActivationResponse(license, { ...binding, date: RESPONSE_DATE });
    for (const change of [
      { license_key: "OTHER-KEY" },
      { hardware_id: "other" },
      { hardware_id: 5 },
    ]) {
      expectError(await verifyActivationResponse({ ...response, ...change }, binding), "MISMATCH");
    }
  });

  it("BAD_FORMAT / BAD_ENCODING for unreadable responses", async () => {
    const response = await signActivationResponse(license, { ...binding, date: RESPONSE_DATE });
    const cases: [string | Record<string, unknown>, FormatErrorCode][] = [
      ["", "BAD_FORMAT"],
      ["{", "BAD_FORMAT"],
      ["[1]", "BAD_FORMAT"],
      ["!!!!", "BAD_ENCODING"],
      [base64Encode(utf8Encode("[1]")), "BAD_FORMAT"],
      [{ ...response, date: undefined }, "BAD_FORMAT"],
      [{ ...response, date: 5 }, "BAD_FORMAT"],
      [{ ...response, offline_signature: undefined }, "BAD_FORMAT"],
      [{ ...response, offline_signature: "%%%" }, "BAD_ENCODING"],
    ];
    for (const [input, code] of cases) {
      expectError(await verifyActivationResponse(input, binding), code);
    }
  });

  it("EXPIRED / ISSUED_IN_FUTURE only when maxAgeSeconds or now is given", async () => {
    const response = await signActivationResponse(license, { ...binding, date: RESPONSE_DATE });
    const signedAt = Date.parse("2011-06-08T09:00:00Z");
    assert.ok((await verifyActivationResponse(response, binding)).ok);
    assert.ok(
      (
        await verifyActivationResponse(response, {
          ...binding,
          now: new Date(signedAt),
          maxAgeSeconds: 0,
        })
      ).ok,
    );
    expectError(
      await verifyActivationResponse(response, {
        ...binding,
        now: new Date(signedAt + 86_400_001),
        maxAgeSeconds: 86_400,
      }),
      "EXPIRED",
    );
    expectError(
      await verifyActivationResponse(response, { ...binding, now: new Date(signedAt - 301_000) }),
      "ISSUED_IN_FUTURE",
    );
  });

  it("throws TypeError unless exactly one of licenseKey / username is given", async () => {
    await assert.rejects(verifyActivationResponse({}, { ...binding, username: "jane" }), TypeError);
    await assert.rejects(
      verifyActivationResponse({}, { ...binding, licenseKey: undefined }),
      TypeError,
    );
  });

  it("is rejected after any one-character change of date or offline_signature", async () => {
    const response = await signActivationResponse(license, { ...binding, date: RESPONSE_DATE });
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom("date", "offline_signature")
          .chain((field) =>
            oneCharChange(response[field], "AZaz09+/= ,:").map((value) => [field, value] as const),
          ),
        async ([field, value]) => {
          const tampered = { ...response, [field]: value };
          expectError(
            await verifyActivationResponse(JSON.stringify(tampered), binding),
            "BAD_SIGNATURE",
            "BAD_ENCODING",
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("returns only typed errors for random responses", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.base64String(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.record({ date: fc.string(), offline_signature: fc.base64String() }),
        ),
        async (input) => {
          const result = await verifyActivationResponse(input as string, binding);
          expectError(result, "BAD_FORMAT", "BAD_ENCODING", "BAD_SIGNATURE");
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** Each body decodes to BAD_FIELD naming its field, with a message matching `said`. */
function expectFieldRefusals(cases: [Record<string, unknown>, string][], said: RegExp): void {
  for (const [body, field] of cases) {
    const error = expectReason(
      decodeActivationRequest(b64json(body)),
      "BAD_FIELD",
      "BAD_FORMAT",
      field,
    );
    assert.match(error.message, said);
  }
}
