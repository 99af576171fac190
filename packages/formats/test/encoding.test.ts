import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  base64Decode,
  base64Encode,
  base64urlDecode,
  base64urlEncode,
  constantTimeEqual,
  FormatError,
  hexDecode,
  hexEncode,
  utf8Decode,
} from "../src/index.js";
import { assertThrowsCode } from "./support/assertions.js";

describe("base64 and base64url", () => {
  it("match Node's Buffer encoding for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        assert.equal(base64Encode(bytes), buffer.toString("base64"));
        assert.equal(base64urlEncode(bytes, { pad: false }), buffer.toString("base64url"));
        assert.deepEqual(base64Decode(buffer.toString("base64")), new Uint8Array(buffer));
        assert.deepEqual(base64urlDecode(base64urlEncode(bytes)), bytes);
        assert.deepEqual(base64urlDecode(buffer.toString("base64url")), bytes);
      }),
    );
  });

  it("pads base64url by default, as Keygen's keys are", () => {
    assert.equal(base64urlEncode(new TextEncoder().encode('{"test":1}')), "eyJ0ZXN0IjoxfQ==");
  });

  it("rejects anything that is not canonical Base64 with BAD_ENCODING", () => {
    for (const bad of ["a", "ab=c", "ab\ncd", "ab-_", "abc=d", "YQ=x", "YR==", "====", "é"]) {
      assertThrowsCode(() => base64Decode(bad), "BAD_ENCODING", bad);
    }
    assert.throws(() => base64urlDecode("ab+/"), FormatError);
  });

  it("never throws anything but FormatError on random strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 64 }), (text) => {
        for (const decode of [base64Decode, base64urlDecode, hexDecode]) {
          try {
            decode(text);
          } catch (error) {
            assert.ok(error instanceof FormatError, String(error));
          }
        }
      }),
    );
  });
});

describe("bytes helpers", () => {
  it("hex round-trips and rejects odd or non-hex input", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        assert.deepEqual(hexDecode(hexEncode(bytes)), bytes);
      }),
    );
    assert.throws(() => hexDecode("abc"), FormatError);
    assert.throws(() => hexDecode("zz"), FormatError);
  });

  it("reports invalid UTF-8 as BAD_ENCODING", () => {
    assertThrowsCode(() => utf8Decode(Uint8Array.of(0xc3, 0x28)), "BAD_ENCODING");
  });

  it("constantTimeEqual compares content and length", () => {
    assert.equal(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2)), true);
    assert.equal(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3)), false);
    assert.equal(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0)), false);
  });
});
