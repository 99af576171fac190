import assert from "node:assert/strict";
import { createDecipheriv, createHash, createPublicKey, verify as nodeVerify } from "node:crypto";
import { describe, it } from "node:test";
import {
  base64Decode,
  base64Encode,
  DEFAULT_LICENSE_FILE_TTL,
  type FormatErrorCode,
  isLicenseFileAlgorithm,
  LICENSE_FILE_ALGORITHMS,
  type LicenseFileAlgorithm,
  LicenseFileError,
  type LicenseFileResult,
  licenseFileAlgorithm,
  licenseFileAlgorithmFor,
  licenseFileMeta,
  MAX_LICENSE_FILE_TTL,
  MIN_LICENSE_FILE_TTL,
  parseLicenseFileAlgorithm,
  parsePublicKey,
  readLicenseFileCertificate,
  utf8Decode,
  verifyLicenseFile,
  writeLicenseFileCertificate,
} from "../src/index.js";
import {
  type CreateLicenseFileOptions,
  createLicenseFile,
  generateKeyPair,
  type KeyPair,
} from "../src/node.js";
import { replaceCharAt } from "./support/arbitraries.js";
import { assertThrowsCode, expectFailure } from "./support/assertions.js";
import { PROVIDERS, SEED_004_FILE_SIGNATURES, testKeyPair } from "./support/fixtures.js";
import {
  KEYGEN_PUBLIC_KEY_HEX,
  type KeygenFileVector,
  keygenFileVectors,
} from "./support/keygen-vectors.js";

const DAY = 24 * 60 * 60 * 1000;

function expectOk(result: LicenseFileResult) {
  if (!result.ok) assert.fail(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function expectError(result: LicenseFileResult, ...codes: FormatErrorCode[]): LicenseFileError {
  const error = expectFailure(result, codes);
  assert.ok(error instanceof LicenseFileError, "error is a LicenseFileError");
  return error;
}

function metaOf(vector: KeygenFileVector): { issued: string; expiry: string | null } {
  return (vector.decoded as { meta: { issued: string; expiry: string | null } }).meta;
}

function vectorOptions(vector: KeygenFileVector) {
  return {
    algorithm: "aes-256-gcm+ed25519" as const,
    kind: vector.kind,
    licenseKey: vector.licenseKey,
    ...(vector.fingerprint ? { fingerprint: vector.fingerprint } : {}),
  };
}

/** The body lines of a certificate (between header and footer). */
function bodyLines(certificate: string): string[] {
  const lines = certificate.split("\n");
  assert.match(lines[0]!, /^-----BEGIN (LICENSE|MACHINE) FILE-----$/);
  const end = lines.findIndex((line) => line.startsWith("-----END "));
  assert.ok(end > 1, "has a footer after a body");
  return lines.slice(1, end);
}

/** Replaces one character of enc inside the payload and re-armors the certificate. */
function withEnc(certificate: string, change: (enc: string) => string): string {
  const read = readLicenseFileCertificate(certificate);
  assert.ok(read.ok);
  return writeLicenseFileCertificate({ ...read.value, enc: change(read.value.enc) });
}

describe("license file algorithms", () => {
  it("lists the six algorithms of seed 004 and splits each into encoding and signature", () => {
    assert.deepEqual(
      LICENSE_FILE_ALGORITHMS.map((alg) => [alg, parseLicenseFileAlgorithm(alg)]),
      [
        ["aes-256-gcm+ed25519", { encrypted: true, signature: "ed25519" }],
        ["aes-256-gcm+rsa-pss-sha256", { encrypted: true, signature: "rsa-pss-sha256" }],
        ["aes-256-gcm+rsa-sha256", { encrypted: true, signature: "rsa-sha256" }],
        ["base64+ed25519", { encrypted: false, signature: "ed25519" }],
        ["base64+rsa-pss-sha256", { encrypted: false, signature: "rsa-pss-sha256" }],
        ["base64+rsa-sha256", { encrypted: false, signature: "rsa-sha256" }],
      ],
    );
    for (const alg of LICENSE_FILE_ALGORITHMS) {
      const { signature, encrypted } = parseLicenseFileAlgorithm(alg);
      assert.equal(licenseFileAlgorithm(signature, encrypted), alg);
    }
  });

  it("rejects unknown names with UNSUPPORTED_ALGORITHM", () => {
    for (const name of [
      "",
      "aes-256-cbc+ed25519",
      "AES-256-GCM+ED25519",
      "base64+rsa",
      "toString",
    ]) {
      assert.equal(isLicenseFileAlgorithm(name), false, name);
      assertThrowsCode(() => parseLicenseFileAlgorithm(name), "UNSUPPORTED_ALGORITHM");
    }
  });

  it("defaults follow the scheme mapping of seed 004", () => {
    for (const [scheme, signature] of SEED_004_FILE_SIGNATURES) {
      assert.equal(licenseFileAlgorithmFor(scheme, true), `aes-256-gcm+${signature}`);
      assert.equal(licenseFileAlgorithmFor(scheme, false), `base64+${signature}`);
    }
    assertThrowsCode(() => licenseFileAlgorithmFor("NOPE" as never, true), "UNSUPPORTED_ALGORITHM");
  });
});

describe("Keygen license and machine file vectors", () => {
  const vectors = keygenFileVectors();
  const keygenKey = parsePublicKey(KEYGEN_PUBLIC_KEY_HEX);

  it("covers license files, machine files and files that never expire", () => {
    assert.ok(vectors.length >= 11, `found ${vectors.length} vectors`);
    assert.ok(vectors.some((vector) => vector.kind === "machine"));
    assert.ok(vectors.some((vector) => metaOf(vector).expiry === null));
  });

  for (const [providerName, crypto] of PROVIDERS) {
    for (const vector of vectors) {
      it(`${vector.name} (${providerName}): verifies and decrypts to the published JSON`, async () => {
        const { issued, expiry } = metaOf(vector);
        const justIssued = new Date(Date.parse(issued) + 1);
        const value = expectOk(
          await verifyLicenseFile(vector.certificate, keygenKey, {
            ...vectorOptions(vector),
            now: justIssued,
            crypto,
          }),
        );
        assert.equal(value.kind, vector.kind);
        assert.equal(value.algorithm, "aes-256-gcm+ed25519");
        assert.deepEqual(value.document, vector.decoded);

        // Today: expired (signature valid, document still available), or fine without expiry.
        const today = await verifyLicenseFile(vector.certificate, keygenKey, {
          ...vectorOptions(vector),
          crypto,
        });
        if (expiry === null) {
          assert.deepEqual(expectOk(today).document, vector.decoded);
        } else {
          assert.ok(Date.parse(expiry) < Date.now(), "published expiry is in the past");
          const error = expectError(today, "EXPIRED");
          assert.deepEqual(error.document, vector.decoded);
          assert.match(error.message, new RegExp(expiry.replace(/\./g, "\\.")));
        }

        // Before it was issued: the clock was set back.
        const before = await verifyLicenseFile(vector.certificate, keygenKey, {
          ...vectorOptions(vector),
          now: new Date(Date.parse(issued) - 1),
          crypto,
        });
        assert.deepEqual(expectError(before, "ISSUED_IN_FUTURE").document, vector.decoded);
      });
    }
  }

  it("verifies without an expected kind, with CRLF and surrounding whitespace", async () => {
    for (const vector of vectors) {
      const mangled = `\n  \r\n${vector.certificate.trim().replace(/\n/g, "\r\n")}\r\n\r\n\n`;
      const { kind: _kind, ...options } = vectorOptions(vector);
      const now = new Date(Date.parse(metaOf(vector).issued) + 1000);
      const value = expectOk(await verifyLicenseFile(mangled, keygenKey, { ...options, now }));
      assert.equal(value.kind, vector.kind, vector.name);
      const withoutNewline = vector.certificate.trimEnd();
      expectOk(await verifyLicenseFile(withoutNewline, keygenKey, { ...options, now }));
    }
  });

  it("rejects a tampered body or enc with BAD_SIGNATURE (or an encoding error)", async () => {
    for (const vector of vectors) {
      const now = new Date(Date.parse(metaOf(vector).issued) + 1000);
      const options = { ...vectorOptions(vector), now };
      // One character of enc (the first Base64 character of the ciphertext), re-armored.
      const encTampered = withEnc(vector.certificate, (enc) =>
        replaceCharAt(enc, 0, enc[0] === "A" ? "B" : "A"),
      );
      expectError(await verifyLicenseFile(encTampered, keygenKey, options), "BAD_SIGNATURE");
      // The IV and the tag are signed as well.
      const ivTampered = withEnc(vector.certificate, (enc) => {
        const dot = enc.indexOf(".") + 1;
        return replaceCharAt(enc, dot, enc[dot] === "A" ? "B" : "A");
      });
      expectError(await verifyLicenseFile(ivTampered, keygenKey, options), "BAD_SIGNATURE");
      // One character in the middle of the certificate body.
      const lines = vector.certificate.split("\n");
      const line = lines[3]!;
      lines[3] = replaceCharAt(line, 10, line[10] === "x" ? "y" : "x");
      expectError(
        await verifyLicenseFile(lines.join("\n"), keygenKey, options),
        "BAD_SIGNATURE",
        "BAD_ENCODING",
        "BAD_FORMAT",
      );
    }
  });

  it("rejects Keygen's files under another Ed25519 key with BAD_SIGNATURE", async () => {
    const { publicKey } = testKeyPair("ed25519");
    for (const vector of vectors) {
      const result = await verifyLicenseFile(vector.certificate, publicKey, vectorOptions(vector));
      expectError(result, "BAD_SIGNATURE");
    }
  });

  it("wrong license key, missing or wrong fingerprint → CANNOT_DECRYPT", async () => {
    for (const vector of vectors) {
      const now = new Date(Date.parse(metaOf(vector).issued) + 1000);
      const options = { ...vectorOptions(vector), now };
      const wrongKey = await verifyLicenseFile(vector.certificate, keygenKey, {
        ...options,
        licenseKey: `${vector.licenseKey}X`,
      });
      expectError(wrongKey, "CANNOT_DECRYPT");
      const { licenseKey: _licenseKey, ...noKey } = options;
      expectError(await verifyLicenseFile(vector.certificate, keygenKey, noKey), "CANNOT_DECRYPT");
      if (vector.kind === "machine") {
        const { fingerprint: _fingerprint, ...noFingerprint } = options;
        const error = expectError(
          await verifyLicenseFile(vector.certificate, keygenKey, noFingerprint),
          "CANNOT_DECRYPT",
        );
        assert.match(error.message, /fingerprint/);
        assert.equal(error.document, undefined);
        const wrongFingerprint = await verifyLicenseFile(vector.certificate, keygenKey, {
          ...options,
          fingerprint: "0".repeat(64),
        });
        expectError(wrongFingerprint, "CANNOT_DECRYPT");
      }
    }
  });

  it("checks the expected algorithm, kind and key type before anything else", async () => {
    const { publicKey: rsaKey } = testKeyPair("rsa");
    for (const vector of vectors) {
      const options = vectorOptions(vector);
      for (const algorithm of LICENSE_FILE_ALGORITHMS.filter((alg) => alg !== options.algorithm)) {
        const result = await verifyLicenseFile(vector.certificate, keygenKey, {
          ...options,
          algorithm,
        });
        expectError(result, "WRONG_ALGORITHM");
      }
      const otherKind = vector.kind === "license" ? "machine" : "license";
      const kindError = expectError(
        await verifyLicenseFile(vector.certificate, keygenKey, { ...options, kind: otherKind }),
        "BAD_FORMAT",
      );
      assert.match(kindError.message, new RegExp(`expected a ${otherKind} file`));
      expectError(await verifyLicenseFile(vector.certificate, rsaKey, options), "BAD_KEY");
    }
  });

  it("signs `<kind>/<enc>`: a license body re-armored as a machine file fails", async () => {
    for (const vector of vectors) {
      const other = vector.kind === "license" ? "MACHINE" : "LICENSE";
      const swapped = vector.certificate.replace(
        /^-----(BEGIN|END) (LICENSE|MACHINE) FILE-----$/gm,
        `-----$1 ${other} FILE-----`,
      );
      const result = await verifyLicenseFile(swapped, keygenKey, {
        ...vectorOptions(vector),
        kind: other.toLowerCase() as "license" | "machine",
        fingerprint: vector.fingerprint ?? "fp",
      });
      expectError(result, "BAD_SIGNATURE");
    }
  });
});

describe("creating license and machine files", () => {
  const pairs: Record<"ed25519" | "rsa", KeyPair> = {
    ed25519: testKeyPair("ed25519"),
    rsa: testKeyPair("rsa"),
  };
  const pairFor = (algorithm: LicenseFileAlgorithm) =>
    pairs[algorithm.endsWith("ed25519") ? "ed25519" : "rsa"];
  const licenseKey = "9A1B2C-3D4E5F-60718A-9BACBD-CEDFE0-V3";
  const fingerprint = "4d:Eq:UV:D3:XZ:tL:WN:Bz:mA:Eg:E6:Mk:YX:dK:NC";
  const data = {
    id: "f5a618af-7076-407c-93bc-495caafa65c2",
    type: "licenses",
    attributes: { name: "Example License", key: licenseKey, expiry: null, "naïve ✓": [1, 2.5] },
  };
  const included = [{ id: "p1", type: "products", attributes: { name: "Product" } }];
  const issued = new Date("2026-03-01T12:00:00.000Z");

  function create(
    algorithm: LicenseFileAlgorithm,
    kind: "license" | "machine",
    extra: Partial<CreateLicenseFileOptions> = {},
  ): string {
    return createLicenseFile({
      kind,
      algorithm,
      privateKey: pairFor(algorithm).privateKey,
      data,
      included,
      issued,
      licenseKey,
      fingerprint,
      ...extra,
    });
  }

  for (const algorithm of LICENSE_FILE_ALGORITHMS) {
    for (const kind of ["license", "machine"] as const) {
      it(`${algorithm} ${kind} file: round trip on both providers`, async () => {
        const certificate = create(algorithm, kind);
        const label = kind.toUpperCase();
        assert.ok(certificate.startsWith(`-----BEGIN ${label} FILE-----\n`));
        assert.ok(certificate.endsWith(`\n-----END ${label} FILE-----\n`));
        const lines = bodyLines(certificate);
        assert.ok(lines.length > 1);
        for (const line of lines.slice(0, -1)) assert.equal(line.length, 60);
        assert.ok(lines.at(-1)!.length > 0 && lines.at(-1)!.length <= 60);

        const payload = utf8Decode(base64Decode(lines.join("")));
        assert.match(payload, /^\{"enc":"[^"]+","sig":"[^"]+","alg":"[^"]+"\}$/);
        const read = readLicenseFileCertificate(certificate);
        assert.ok(read.ok);
        assert.equal(read.value.kind, kind);
        assert.equal(read.value.alg, algorithm);

        const { encrypted } = parseLicenseFileAlgorithm(algorithm);
        if (encrypted) {
          const parts = read.value.enc.split(".").map(base64Decode);
          assert.equal(parts.length, 3);
          assert.equal(parts[1]!.length, 12, "96-bit IV");
          assert.equal(parts[2]!.length, 16, "128-bit tag");
          assert.doesNotMatch(payload, /Example License/);
        } else {
          assert.deepEqual(JSON.parse(utf8Decode(base64Decode(read.value.enc))).data, data);
        }

        const expected = {
          data,
          included,
          meta: {
            issued: "2026-03-01T12:00:00.000Z",
            expiry: "2026-03-31T12:00:00.000Z",
            ttl: 2592000,
          },
        };
        for (const [, crypto] of PROVIDERS) {
          const now = new Date(issued.getTime() + DAY);
          const value = expectOk(
            await verifyLicenseFile(certificate, pairFor(algorithm).publicKey, {
              algorithm,
              kind,
              licenseKey,
              fingerprint,
              now,
              crypto,
            }),
          );
          assert.deepEqual(value, { kind, algorithm, document: expected });
          // The wrong key type for the algorithm is refused before verifying.
          const otherKey = pairs[pairFor(algorithm) === pairs.rsa ? "ed25519" : "rsa"].publicKey;
          const wrongKey = await verifyLicenseFile(certificate, otherKey, {
            algorithm,
            licenseKey,
            fingerprint,
            now,
            crypto,
          });
          expectError(wrongKey, "BAD_KEY");
          // A freshly generated key of the right type does not verify it.
          if (pairFor(algorithm) === pairs.ed25519) {
            const stranger = generateKeyPair("ed25519").publicKey;
            const result = await verifyLicenseFile(certificate, stranger, {
              algorithm,
              licenseKey,
              fingerprint,
              now,
              crypto,
            });
            expectError(result, "BAD_SIGNATURE");
          }
          if (encrypted) {
            const noSecret = await verifyLicenseFile(certificate, pairFor(algorithm).publicKey, {
              algorithm,
              now,
              crypto,
              ...(kind === "machine" ? { licenseKey } : { fingerprint }),
            });
            expectError(noSecret, "CANNOT_DECRYPT");
          } else {
            // Unencrypted files need no secret.
            const plain = await verifyLicenseFile(certificate, pairFor(algorithm).publicKey, {
              algorithm,
              now,
              crypto,
            });
            assert.deepEqual(expectOk(plain).document, expected);
          }
        }
      });
    }
  }

  it("is readable the way seed 004 tells Keygen's clients to (node:crypto by hand)", () => {
    for (const kind of ["license", "machine"] as const) {
      const certificate = create("aes-256-gcm+ed25519", kind);
      const label = kind.toUpperCase();
      const body = certificate
        .replace(`-----BEGIN ${label} FILE-----\n`, "")
        .replace(`-----END ${label} FILE-----\n`, "");
      const { enc, sig, alg } = JSON.parse(Buffer.from(body, "base64").toString());
      assert.equal(alg, "aes-256-gcm+ed25519");
      const keyObject = createPublicKey({
        key: Buffer.from(pairs.ed25519.publicKey.spki),
        format: "der",
        type: "spki",
      });
      assert.ok(
        nodeVerify(null, Buffer.from(`${kind}/${enc}`), keyObject, Buffer.from(sig, "base64")),
      );
      const secret = createHash("sha256")
        .update(kind === "license" ? licenseKey : licenseKey + fingerprint)
        .digest();
      const [ciphertext, iv, tag] = enc
        .split(".")
        .map((part: string) => Buffer.from(part, "base64"));
      const decipher = createDecipheriv("aes-256-gcm", secret, iv!);
      decipher.setAuthTag(tag!);
      decipher.setAAD(Buffer.alloc(0));
      const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString();
      assert.deepEqual(JSON.parse(plaintext).data, data);
    }
  });

  it("a kid member (key rotation) is written after alg; Keygen's by-hand reading still works", async () => {
    const kid = "key_01jq0000000000000000000000";
    for (const kind of ["license", "machine"] as const) {
      const certificate = create("aes-256-gcm+ed25519", kind, { keyId: kid });
      const label = kind.toUpperCase();
      const body = certificate
        .replace(`-----BEGIN ${label} FILE-----\n`, "")
        .replace(`-----END ${label} FILE-----\n`, "")
        .replaceAll("\n", "");
      const payload = JSON.parse(Buffer.from(body, "base64").toString());
      assert.deepEqual(Object.keys(payload), ["enc", "sig", "alg", "kid"]);
      assert.equal(payload.kid, kid);
      // Keygen's clients read enc, sig and alg only: the signature and decryption hold.
      const { enc, sig } = payload;
      const keyObject = createPublicKey({
        key: Buffer.from(pairs.ed25519.publicKey.spki),
        format: "der",
        type: "spki",
      });
      assert.ok(
        nodeVerify(null, Buffer.from(`${kind}/${enc}`), keyObject, Buffer.from(sig, "base64")),
      );
      const secret = createHash("sha256")
        .update(kind === "license" ? licenseKey : licenseKey + fingerprint)
        .digest();
      const [ciphertext, iv, tag] = enc
        .split(".")
        .map((part: string) => Buffer.from(part, "base64"));
      const decipher = createDecipheriv("aes-256-gcm", secret, iv!);
      decipher.setAuthTag(tag!);
      const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString();
      assert.deepEqual(JSON.parse(plaintext).data, data);
      // And so does Keyward's own verifier, with one key or a set picked by kid.
      const options = {
        algorithm: "aes-256-gcm+ed25519" as const,
        licenseKey,
        fingerprint,
        now: issued,
      };
      expectOk(await verifyLicenseFile(certificate, pairs.ed25519.publicKey, options));
      const other = generateKeyPair("ed25519").publicKey;
      const set = [
        { id: "key_other", publicKey: other },
        { id: kid, publicKey: pairs.ed25519.publicKey },
      ];
      expectOk(await verifyLicenseFile(certificate, set, options));
      // A set without the signing key refuses; without any Ed25519 key it is BAD_KEY.
      expectError(
        await verifyLicenseFile(certificate, [{ id: kid, publicKey: other }], options),
        "BAD_SIGNATURE",
      );
      expectError(
        await verifyLicenseFile(certificate, [{ publicKey: pairs.rsa.publicKey }], options),
        "BAD_KEY",
      );
      // A key-independent failure is answered as such, not as the other keys' BAD_SIGNATURE.
      const expired = await verifyLicenseFile(certificate, [{ publicKey: other }, ...set], {
        ...options,
        now: new Date(issued.getTime() + 400 * DAY),
      });
      expectError(expired, "EXPIRED");
      // Files without a kid (issued before rotation) verify with a set too.
      const old = create("aes-256-gcm+ed25519", kind);
      assert.equal(expectOk(await verifyLicenseFile(old, set, options)).kind, kind);
    }
  });

  it("defaults: 30-day TTL, issued now, no included member when none is given", async () => {
    assert.equal(DEFAULT_LICENSE_FILE_TTL, 2592000);
    const before = Date.now();
    const certificate = createLicenseFile({
      kind: "license",
      algorithm: "base64+ed25519",
      privateKey: pairs.ed25519.privateKey,
      data: { id: "x" },
    });
    const after = Date.now();
    const read = readLicenseFileCertificate(certificate);
    assert.ok(read.ok);
    const document = JSON.parse(utf8Decode(base64Decode(read.value.enc)));
    assert.deepEqual(Object.keys(document), ["data", "meta"]);
    const issuedAt = Date.parse(document.meta.issued);
    assert.ok(issuedAt >= before && issuedAt <= after, "issued is the current time");
    assert.equal(document.meta.ttl, 30 * 24 * 60 * 60);
    assert.equal(Date.parse(document.meta.expiry) - issuedAt, 30 * DAY);
    const verified = await verifyLicenseFile(certificate, pairs.ed25519.publicKey, {
      algorithm: "base64+ed25519",
    });
    assert.deepEqual(expectOk(verified).document, document);
  });

  it("meta: expiry = issued + ttl; TTL must be whole seconds within 1 hour .. 1 year", () => {
    assert.deepEqual(licenseFileMeta(issued, 3600), {
      issued: "2026-03-01T12:00:00.000Z",
      expiry: "2026-03-01T13:00:00.000Z",
      ttl: 3600,
    });
    assert.deepEqual(licenseFileMeta(issued, MAX_LICENSE_FILE_TTL), {
      issued: "2026-03-01T12:00:00.000Z",
      expiry: new Date(issued.getTime() + 31556952000).toISOString(),
      ttl: 31556952,
    });
    assert.equal(licenseFileMeta(issued).ttl, DEFAULT_LICENSE_FILE_TTL);
    assert.deepEqual(licenseFileMeta(issued, null), {
      issued: "2026-03-01T12:00:00.000Z",
      expiry: null,
      ttl: null,
    });
    const bad = [MIN_LICENSE_FILE_TTL - 1, MAX_LICENSE_FILE_TTL + 1, 3600.5, 0, -1, Number.NaN];
    for (const ttl of [...bad, Number.POSITIVE_INFINITY, "3600" as never]) {
      assertThrowsCode(() => licenseFileMeta(issued, ttl), "BAD_FORMAT", String(ttl));
      assertThrowsCode(() => create("base64+ed25519", "license", { ttl }), "BAD_FORMAT");
    }
    assertThrowsCode(() => licenseFileMeta(new Date(Number.NaN)), "BAD_FORMAT");
  });

  it("ttl null: expiry and ttl null, and the file never expires", async () => {
    const certificate = create("aes-256-gcm+rsa-sha256", "license", { ttl: null });
    const farFuture = new Date("9999-12-31T23:59:59.999Z");
    const value = expectOk(
      await verifyLicenseFile(certificate, pairs.rsa.publicKey, {
        algorithm: "aes-256-gcm+rsa-sha256",
        licenseKey,
        now: farFuture,
      }),
    );
    assert.deepEqual(value.document.meta, {
      issued: "2026-03-01T12:00:00.000Z",
      expiry: null,
      ttl: null,
    });
  });

  it("issued after now → ISSUED_IN_FUTURE; expiry before now → EXPIRED; both carry the document", async () => {
    const certificate = create("base64+ed25519", "machine", { ttl: 3600 });
    const verifyAt = (now: Date) =>
      verifyLicenseFile(certificate, pairs.ed25519.publicKey, { algorithm: "base64+ed25519", now });
    const expiry = issued.getTime() + 3600 * 1000;

    const early = expectError(await verifyAt(new Date(issued.getTime() - 1)), "ISSUED_IN_FUTURE");
    assert.deepEqual(early.document?.data, data);
    assert.match(early.message, /clock/);
    expectOk(await verifyAt(issued));
    expectOk(await verifyAt(new Date(expiry)));
    const late = expectError(await verifyAt(new Date(expiry + 1)), "EXPIRED");
    assert.deepEqual(late.document, {
      data,
      included,
      meta: { issued: issued.toISOString(), expiry: new Date(expiry).toISOString(), ttl: 3600 },
    });
    assert.match(late.message, /2026-03-01T13:00:00\.000Z/);
  });

  it("refuses to create with a missing secret, a mismatched key or bad input", () => {
    const throwsCode = (code: FormatErrorCode, run: () => unknown) => assertThrowsCode(run, code);
    throwsCode("BAD_KEY", () => create("aes-256-gcm+ed25519", "license", { licenseKey: "" }));
    throwsCode("BAD_KEY", () =>
      create("aes-256-gcm+ed25519", "license", { licenseKey: undefined as never }),
    );
    throwsCode("BAD_KEY", () =>
      create("aes-256-gcm+ed25519", "machine", { fingerprint: undefined as never }),
    );
    throwsCode("BAD_KEY", () =>
      create("base64+rsa-sha256", "license", { privateKey: pairs.ed25519.privateKey }),
    );
    throwsCode("BAD_KEY", () =>
      create("base64+ed25519", "license", { privateKey: pairs.rsa.privateKey }),
    );
    throwsCode("UNSUPPORTED_ALGORITHM", () =>
      create("aes-128-gcm+ed25519" as LicenseFileAlgorithm, "license"),
    );
    throwsCode("BAD_FORMAT", () => create("base64+ed25519", "seat" as never));
    throwsCode("BAD_FORMAT", () => create("base64+ed25519", "license", { data: undefined }));
    throwsCode("BAD_FORMAT", () => create("base64+ed25519", "license", { data: { n: 1n } }));
    // Unencrypted files need no license key.
    const plain = create("base64+ed25519", "machine", {
      licenseKey: undefined as never,
      fingerprint: undefined as never,
    });
    assert.ok(readLicenseFileCertificate(plain).ok);
  });

  it("rejects bad options and unknown algorithms without throwing", async () => {
    const certificate = create("base64+ed25519", "license");
    const { publicKey } = pairs.ed25519;
    const now = new Date(issued.getTime() + 1000);
    expectError(
      await verifyLicenseFile(certificate, publicKey, { algorithm: "base64" as never, now }),
      "UNSUPPORTED_ALGORITHM",
    );
    expectError(
      await verifyLicenseFile(certificate, publicKey, undefined as never),
      "UNSUPPORTED_ALGORITHM",
    );
    expectError(
      await verifyLicenseFile(certificate, publicKey, {
        algorithm: "base64+ed25519",
        now: new Date(Number.NaN),
      }),
      "BAD_FORMAT",
    );
    expectError(
      await verifyLicenseFile(certificate, publicKey, {
        algorithm: "base64+ed25519",
        kind: "seat" as never,
        now,
      }),
      "BAD_FORMAT",
    );
    expectError(
      await verifyLicenseFile(
        certificate,
        { type: "ed25519", spki: new Uint8Array(7) },
        {
          algorithm: "base64+ed25519",
          now,
        },
      ),
      "BAD_KEY",
    );
    expectError(
      await verifyLicenseFile(certificate, null as never, { algorithm: "base64+ed25519", now }),
      "BAD_KEY",
    );
    expectError(
      await verifyLicenseFile(42 as never, publicKey, { algorithm: "base64+ed25519", now }),
      "BAD_FORMAT",
    );
    const read = readLicenseFileCertificate(certificate);
    assert.ok(read.ok);
    const unknown = writeLicenseFileCertificate({ ...read.value, alg: "aes-256-cbc+ed25519" });
    expectError(
      await verifyLicenseFile(unknown, publicKey, { algorithm: "base64+ed25519", now }),
      "UNSUPPORTED_ALGORITHM",
    );
  });
});

describe("certificate armor", () => {
  const payload = { kind: "license" as const, enc: "ZW5j", sig: "c2ln", alg: "base64+ed25519" };

  it("writes Keygen's layout and reads it back", () => {
    const text = writeLicenseFileCertificate({ ...payload, enc: "x".repeat(200) });
    const lines = bodyLines(text);
    assert.deepEqual(
      lines.map((line) => line.length),
      // {"enc":"x…x","sig":"c2ln","alg":"base64+ed25519"}: 246 bytes, 328 Base64 characters.
      [60, 60, 60, 60, 60, 28],
    );
    assert.ok(text.endsWith("-----END LICENSE FILE-----\n"));
    const read = readLicenseFileCertificate(text);
    assert.deepEqual(read, { ok: true, value: { ...payload, enc: "x".repeat(200) } });
    const machine = writeLicenseFileCertificate({ ...payload, kind: "machine" });
    assert.match(machine, /^-----BEGIN MACHINE FILE-----\n[\s\S]*\n-----END MACHINE FILE-----\n$/);
  });

  it("tolerates indentation and blank lines; ignores unsigned extra payload members", () => {
    const text = writeLicenseFileCertificate(payload);
    const indented = text
      .split("\n")
      .map((line) => `    ${line}  `)
      .join("\n");
    assert.deepEqual(readLicenseFileCertificate(indented), { ok: true, value: payload });
    const body = base64Encode(
      new TextEncoder().encode(JSON.stringify({ ...payload, kind: undefined, extra: 1 })),
    );
    const extra = `-----BEGIN LICENSE FILE-----\n${body.slice(0, 5)}\n\n${body.slice(5)}\n-----END LICENSE FILE-----`;
    assert.deepEqual(readLicenseFileCertificate(extra), { ok: true, value: payload });
  });

  it("reports malformed certificates with BAD_FORMAT or BAD_ENCODING", () => {
    const armor = (body: string, label = "LICENSE") =>
      `-----BEGIN ${label} FILE-----\n${body}\n-----END ${label} FILE-----\n`;
    const b64 = (value: unknown) => base64Encode(new TextEncoder().encode(JSON.stringify(value)));
    const cases: [string, FormatErrorCode][] = [
      ["", "BAD_FORMAT"],
      ["hello", "BAD_FORMAT"],
      [armor(b64(payload)).replace("END LICENSE", "END MACHINE"), "BAD_FORMAT"],
      [armor(b64(payload), "PUBLIC KEY").replace(/ FILE/g, ""), "BAD_FORMAT"],
      [armor(b64(payload), "LICENCE"), "BAD_FORMAT"],
      [armor("!!!!"), "BAD_ENCODING"],
      [armor(b64(payload).slice(0, -1)), "BAD_ENCODING"],
      [armor(base64Encode(Uint8Array.of(0xff, 0xfe, 0xfd))), "BAD_ENCODING"],
      [armor(b64(payload).slice(0, -4)), "BAD_FORMAT"],
      [armor(""), "BAD_FORMAT"],
      [armor(b64([payload])), "BAD_FORMAT"],
      [armor(b64({ ...payload, sig: 1 })), "BAD_FORMAT"],
      [armor(b64({ enc: "a", alg: "b" })), "BAD_FORMAT"],
      // Compact JSON only: a tab after the payload would give a second body for one payload.
      [armor(base64Encode(new TextEncoder().encode(`${JSON.stringify(payload)}\t`))), "BAD_FORMAT"],
      [armor(base64Encode(new TextEncoder().encode(` ${JSON.stringify(payload)}`))), "BAD_FORMAT"],
    ];
    for (const [text, code] of cases) {
      const read = readLicenseFileCertificate(text);
      assert.equal(read.ok ? "ok" : read.error.code, code, text);
    }
  });
});
