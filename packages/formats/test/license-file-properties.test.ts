import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  type FileKind,
  type FormatErrorCode,
  type LicenseFileAlgorithm,
  LicenseFileError,
  type LicenseFileResult,
  parsePublicKey,
  readLicenseFileCertificate,
  type VerifyLicenseFileOptions,
  verifyLicenseFile,
  webCrypto,
  writeLicenseFileCertificate,
} from "../src/index.js";
import { createLicenseFile, nodeCrypto } from "../src/node.js";
import { oneCharChange } from "./support/arbitraries.js";
import { expectFailure } from "./support/assertions.js";
import { testKeyPair } from "./support/fixtures.js";
import { KEYGEN_PUBLIC_KEY_HEX, keygenFileVectors } from "./support/keygen-vectors.js";

// Property tests: whatever happens to a file, verifyLicenseFile answers with a typed error and
// the right outcome, never ok for a changed file and never an exception.

const ALL_CODES: readonly FormatErrorCode[] = [
  "BAD_FORMAT",
  "BAD_ENCODING",
  "WRONG_ALGORITHM",
  "UNSUPPORTED_ALGORITHM",
  "BAD_SIGNATURE",
  "CANNOT_DECRYPT",
  "EXPIRED",
  "ISSUED_IN_FUTURE",
  "BAD_KEY",
  "TOO_LARGE",
  "MISMATCH",
];
/** What a change anywhere in the certificate body may cause: never a decryption or date error. */
const BODY_CHANGE_CODES: readonly FormatErrorCode[] = [
  "BAD_FORMAT",
  "BAD_ENCODING",
  "UNSUPPORTED_ALGORITHM",
  "BAD_SIGNATURE",
];
// By name, so that counterexamples print "webCrypto" rather than the provider's source.
const PROVIDERS = { webCrypto, nodeCrypto };
const providers = fc.constantFrom<keyof typeof PROVIDERS>("webCrypto", "nodeCrypto");
const BASE64_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".split("");
const replacement = fc.oneof(
  fc.constantFrom(...BASE64_CHARS, "=", " ", "\n", "\r", "\t", "-", ".", "é", "\u0000"),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);

function assertRejected(result: LicenseFileResult, codes: readonly FormatErrorCode[]): void {
  const error = expectFailure(result, codes, "a changed or random file");
  assert.ok(error instanceof LicenseFileError);
  if (error.code !== "EXPIRED" && error.code !== "ISSUED_IN_FUTURE") {
    assert.equal(error.document, undefined, "only date failures expose the document");
  }
}

/** Offsets of the Base64 characters of a certificate body (not header, footer or newlines). */
function bodyOffsets(certificate: string): number[] {
  const start = certificate.indexOf("\n") + 1;
  const end = certificate.indexOf("-----END ");
  const offsets: number[] = [];
  for (let i = start; i < end; i++) if (certificate[i] !== "\n") offsets.push(i);
  return offsets;
}

interface Subject {
  name: string;
  certificate: string;
  publicKey: ReturnType<typeof parsePublicKey>;
  options: VerifyLicenseFileOptions;
}

const issued = new Date("2026-01-15T08:30:00.000Z");
const ed25519 = testKeyPair("ed25519");
const rsa = testKeyPair("rsa");
const licenseKey = "B10760-1B177D-656D1F-C03298-9AF89E-V3";
const fingerprint = "198e9fe586114844f6a4eaca5069b41a7ed43fb5a2df84892b69826d64573e39";
const within = new Date(issued.getTime() + 60_000);

function subject(
  algorithm: LicenseFileAlgorithm,
  kind: "license" | "machine",
  pair: typeof ed25519,
): Subject {
  const certificate = createLicenseFile({
    kind,
    algorithm,
    privateKey: pair.privateKey,
    data: { id: "lic-1", type: "licenses", attributes: { status: "ACTIVE" } },
    included: [{ id: "ent-1", type: "entitlements" }],
    issued,
    ttl: 7 * 24 * 3600,
    licenseKey,
    fingerprint,
  });
  return {
    name: `${algorithm} ${kind}`,
    certificate,
    publicKey: pair.publicKey,
    options: { algorithm, kind, licenseKey, fingerprint, now: within },
  };
}

const keygenMachineFile = keygenFileVectors().find((v) => v.kind === "machine")!;
const subjects: Subject[] = [
  subject("aes-256-gcm+ed25519", "machine", ed25519),
  subject("base64+ed25519", "license", ed25519),
  subject("base64+rsa-pss-sha256", "license", rsa),
  subject("aes-256-gcm+rsa-sha256", "license", rsa),
  {
    name: `Keygen ${keygenMachineFile.name}`,
    certificate: keygenMachineFile.certificate,
    publicKey: parsePublicKey(KEYGEN_PUBLIC_KEY_HEX),
    options: {
      algorithm: "aes-256-gcm+ed25519",
      kind: keygenMachineFile.kind,
      licenseKey: keygenMachineFile.licenseKey,
      ...(keygenMachineFile.fingerprint ? { fingerprint: keygenMachineFile.fingerprint } : {}),
      now: new Date(
        Date.parse((keygenMachineFile.decoded as { meta: { issued: string } }).meta.issued) + 1000,
      ),
    },
  },
];

describe("license file properties", () => {
  for (const { name, certificate, publicKey, options } of subjects) {
    describe(name, () => {
      it("the unchanged file verifies (so the properties below test the change)", async () => {
        for (const crypto of Object.values(PROVIDERS)) {
          const result = await verifyLicenseFile(certificate, publicKey, { ...options, crypto });
          assert.ok(result.ok, result.ok ? "" : result.error.message);
        }
      });

      it("changing any one character of the body never verifies", async () => {
        const offsets = bodyOffsets(certificate);
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...offsets),
            replacement,
            providers,
            async (offset, char, provider) => {
              fc.pre(certificate[offset] !== char);
              const changed = certificate.slice(0, offset) + char + certificate.slice(offset + 1);
              const result = await verifyLicenseFile(changed, publicKey, {
                ...options,
                crypto: PROVIDERS[provider],
              });
              assertRejected(result, BODY_CHANGE_CODES);
            },
          ),
          { numRuns: 300 },
        );
      });

      it("changing any one character of enc or sig (re-armored) → BAD_SIGNATURE", async () => {
        const read = readLicenseFileCertificate(certificate);
        assert.ok(read.ok);
        const { enc, sig } = read.value;
        await fc.assert(
          fc.asyncProperty(
            fc
              .constantFrom("enc" as const, "sig" as const)
              .chain((field) =>
                oneCharChange(field === "enc" ? enc : sig, replacement).map(
                  (changed) => [field, changed] as const,
                ),
              ),
            providers,
            async ([field, changed], provider) => {
              const text = writeLicenseFileCertificate({ ...read.value, [field]: changed });
              const result = await verifyLicenseFile(text, publicKey, {
                ...options,
                crypto: PROVIDERS[provider],
              });
              // A changed sig may no longer be (canonical) Base64; enc is signed as text.
              assertRejected(
                result,
                field === "enc" ? ["BAD_SIGNATURE"] : ["BAD_SIGNATURE", "BAD_ENCODING"],
              );
            },
          ),
          { numRuns: 300 },
        );
      });
    });
  }

  it("random text, random armored bodies and random payloads never throw nor verify", async () => {
    const target = subjects[0]!;
    const armor = (kind: string, body: string) =>
      `-----BEGIN ${kind} FILE-----\n${body}\n-----END ${kind} FILE-----\n`;
    const kinds = fc.constantFrom("LICENSE", "MACHINE");
    const payload = fc.record({
      enc: fc.oneof(fc.string(), fc.base64String()),
      sig: fc.oneof(fc.string(), fc.base64String({ minLength: 88, maxLength: 88 })),
      alg: fc.oneof(
        fc.constantFrom("aes-256-gcm+ed25519", "base64+ed25519", "base64+rsa-sha256"),
        fc.string(),
      ),
    });
    const text = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.tuple(kinds, fc.string({ unit: "binary" })).map(([kind, body]) => armor(kind, body)),
      fc.tuple(kinds, fc.base64String()).map(([kind, body]) => armor(kind, body)),
      fc
        .tuple(kinds, fc.jsonValue())
        .map(([kind, value]) =>
          armor(kind, Buffer.from(JSON.stringify(value) ?? "").toString("base64")),
        ),
      fc
        .tuple(fc.constantFrom<FileKind>("license", "machine"), payload)
        .map(([kind, value]) => writeLicenseFileCertificate({ kind, ...value })),
    );
    await fc.assert(
      fc.asyncProperty(text, providers, async (input, provider) => {
        const result = await verifyLicenseFile(input, target.publicKey, {
          ...target.options,
          kind: undefined,
          crypto: PROVIDERS[provider],
        });
        assertRejected(result, ALL_CODES);
      }),
      { numRuns: 500 },
    );
  });

  it("random public keys never throw: BAD_KEY or BAD_SIGNATURE", async () => {
    const target = subjects[1]!;
    const key = fc.record({
      type: fc.constantFrom("ed25519" as const, "rsa" as const),
      spki: fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.constant(rsa.publicKey.spki)),
    });
    await fc.assert(
      fc.asyncProperty(key, providers, async (publicKey, provider) => {
        const result = await verifyLicenseFile(target.certificate, publicKey, {
          ...target.options,
          crypto: PROVIDERS[provider],
        });
        assertRejected(result, ["BAD_KEY", "BAD_SIGNATURE"]);
      }),
      { numRuns: 200 },
    );
  });

  it("the validity window is exactly [issued, issued + ttl]", async () => {
    const target = subjects[0]!;
    const expiry = issued.getTime() + 7 * 24 * 3600 * 1000;
    const dates = fc.oneof(
      fc.date({ noInvalidDate: true }),
      fc.integer({ min: -5, max: 5 }).map((ms) => new Date(issued.getTime() + ms)),
      fc.integer({ min: -5, max: 5 }).map((ms) => new Date(expiry + ms)),
    );
    await fc.assert(
      fc.asyncProperty(dates, providers, async (now, provider) => {
        const result = await verifyLicenseFile(target.certificate, target.publicKey, {
          ...target.options,
          now,
          crypto: PROVIDERS[provider],
        });
        const t = now.getTime();
        if (t < issued.getTime()) {
          assert.equal(result.ok ? "ok" : result.error.code, "ISSUED_IN_FUTURE");
        } else if (t > expiry) {
          assert.equal(result.ok ? "ok" : result.error.code, "EXPIRED");
        } else {
          assert.equal(result.ok ? "ok" : result.error.code, "ok");
        }
        const document = result.ok ? result.value.document : result.error.document;
        assert.equal(document?.meta.issued, issued.toISOString());
      }),
      { numRuns: 200 },
    );
  });

  it("any JSON data and TTL round-trip through create → verify", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue(),
        fc.option(fc.integer({ min: 3600, max: 31_556_952 })),
        fc.constantFrom<LicenseFileAlgorithm>("aes-256-gcm+ed25519", "base64+ed25519"),
        fc.constantFrom("license" as const, "machine" as const),
        fc.string({ minLength: 1 }),
        providers,
        async (data, ttl, algorithm, kind, key, provider) => {
          const certificate = createLicenseFile({
            kind,
            algorithm,
            privateKey: ed25519.privateKey,
            data,
            issued,
            ttl,
            licenseKey: key,
            fingerprint: `${key}-fp`,
          });
          const result = await verifyLicenseFile(certificate, ed25519.publicKey, {
            algorithm,
            kind,
            licenseKey: key,
            fingerprint: `${key}-fp`,
            now: issued,
            crypto: PROVIDERS[provider],
          });
          if (!result.ok) assert.fail(result.error.message);
          assert.deepEqual(result.value.document.data, JSON.parse(JSON.stringify(data)));
          assert.deepEqual(result.value.document.meta, {
            issued: issued.toISOString(),
            expiry: ttl === null ? null : new Date(issued.getTime() + ttl * 1000).toISOString(),
            ttl,
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
