import assert from "node:assert/strict";
import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { assertFails, assertOk, keyward, run, tempDir, VECTORS } from "./support/cli.js";

const KEYGEN_PUBLIC_KEY = "e8601e48b69383ba520245fd07971e983d06d22c4257cfd82304601479cee788";
const KEYGEN_LICENSE_KEY = "DC00E8-CC6DA1-2E35BF-BBDC02-E80494-V3";
const KEYGEN_LICENSE = join(VECTORS, "example-node-cryptographic-license-files/license.lic");

describe("keyward file create / verify", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let edPrivate: string;
  let edPublic: string;
  let rsaPrivate: string;
  let rsaPublic: string;
  const license = { type: "licenses", id: "L-1", attributes: { key: "K-1", maxMachines: 3 } };
  const product = { type: "products", id: "P-1" };

  before(async () => {
    ({ dir, cleanup } = await tempDir());
    const [ed, rsa] = await Promise.all([
      run(["keys", "generate", "--out-dir", dir]),
      run(["keys", "generate", "--type", "rsa", "--out-dir", dir]),
    ]);
    assert.equal(ed.code, 0, ed.stderr);
    assert.equal(rsa.code, 0, rsa.stderr);
    edPrivate = join(dir, "ed25519-private.pem");
    edPublic = join(dir, "ed25519-public.pem");
    rsaPrivate = join(dir, "rsa-private.pem");
    rsaPublic = join(dir, "rsa-public.pem");
  });
  after(() => cleanup());

  test("a base64+ed25519 license file from a {data, included} document, via files", async () => {
    const data = join(dir, "license.json");
    const out = join(dir, "license.lic");
    await writeFile(data, JSON.stringify({ data: license, included: [product] }));
    const created = await keyward([
      "file",
      "create",
      "--kind",
      "license",
      "--algorithm",
      "base64+ed25519",
      "--private-key",
      edPrivate,
      "--data",
      data,
      "--ttl",
      "30d",
      "--out",
      out,
    ]);
    assert.equal(assertOk(created), "");
    const certificate = await readFile(out, "utf8");
    assert.match(
      certificate,
      /^-----BEGIN LICENSE FILE-----\n[\s\S]+\n-----END LICENSE FILE-----\n$/,
    );
    // A base64+ file holds the license (its key in clear): private.
    assert.equal((await stat(out)).mode & 0o777, 0o600);

    const [verified, wrongAlgorithm, wrongKind, wrongKey, inspected] = await Promise.all([
      keyward(["file", "verify", "--algorithm", "base64+ed25519", "--public-key", edPublic, out]),
      keyward([
        "file",
        "verify",
        "--algorithm",
        "aes-256-gcm+ed25519",
        "--public-key",
        edPublic,
        out,
      ]),
      run(["file", "verify", "-a", "base64+ed25519", "-p", edPublic, "--kind", "machine", out]),
      run(["file", "verify", "-a", "base64+ed25519", "-p", KEYGEN_PUBLIC_KEY, out]),
      run(["file", "inspect", out]),
    ]);
    const document = JSON.parse(assertOk(verified));
    assert.deepEqual(document.data, license);
    assert.deepEqual(document.included, [product]);
    assert.equal(document.meta.ttl, 30 * 86_400);
    assertFails(wrongAlgorithm, "WRONG_ALGORITHM", 12);
    assertFails(wrongKind, "BAD_FORMAT", 4);
    assertFails(wrongKey, "BAD_SIGNATURE", 10);
    assert.deepEqual(JSON.parse(assertOk(inspected)), {
      kind: "license",
      algorithm: "base64+ed25519",
      encrypted: false,
      verified: false,
      document,
    });
  });

  test("file create --out replaces an existing file and leaves it private (0600)", async () => {
    const out = join(dir, "replaced.lic");
    await writeFile(out, "old\n");
    await chmod(out, 0o644);
    assertOk(
      await run(
        ["file", "create", "-a", "base64+ed25519", "-k", edPrivate, "--ttl", "1h", "--out", out],
        { input: JSON.stringify({ data: license }) },
      ),
    );
    assert.match(await readFile(out, "utf8"), /^-----BEGIN LICENSE FILE-----\n/);
    assert.equal((await stat(out)).mode & 0o777, 0o600);
  });

  test("an encrypted machine file (aes-256-gcm+rsa-pss-sha256) through stdin/stdout", async () => {
    const machine = { type: "machines", id: "M-1", attributes: { fingerprint: "FP-1" } };
    const secret = ["--license-key", "K-1", "--fingerprint", "FP-1"];
    const created = await keyward(
      [
        "file",
        "create",
        "--kind",
        "machine",
        "--algorithm",
        "aes-256-gcm+rsa-pss-sha256",
        "--private-key",
        rsaPrivate,
        ...secret,
        "--issued",
        "2025-01-01T00:00:00Z",
        "--ttl",
        "1h",
      ],
      { input: JSON.stringify(machine) }, // a bare data object
    );
    const certificate = assertOk(created);
    assert.match(certificate, /^-----BEGIN MACHINE FILE-----\n/);
    const algorithm = ["--algorithm", "aes-256-gcm+rsa-pss-sha256", "--public-key", rsaPublic];
    const [verified, wrongFingerprint, noSecret, expired, allowed, future, tampered] =
      await Promise.all([
        keyward(["file", "verify", ...algorithm, ...secret, "--now", "2025-01-01T00:30:00Z", "-"], {
          input: certificate,
        }),
        run(
          [
            "file",
            "verify",
            ...algorithm,
            "--license-key",
            "K-1",
            "--fingerprint",
            "FP-2",
            "--now",
            "2025-01-01T00:30:00Z",
          ],
          { input: certificate },
        ),
        run(["file", "verify", ...algorithm, "--now", "2025-01-01T00:30:00Z"], {
          input: certificate,
        }),
        run(["file", "verify", ...algorithm, ...secret, "--now", "2025-01-01T02:00:00Z"], {
          input: certificate,
        }),
        run(
          [
            "file",
            "verify",
            ...algorithm,
            ...secret,
            "--now",
            "2025-01-01T02:00:00Z",
            "--allow-expired",
          ],
          { input: certificate },
        ),
        run(["file", "verify", ...algorithm, ...secret, "--now", "2024-12-31T00:00:00Z"], {
          input: certificate,
        }),
        run(["file", "verify", ...algorithm, ...secret, "--now", "2025-01-01T00:30:00Z"], {
          input: tamperBody(certificate),
        }),
      ]);
    const document = JSON.parse(assertOk(verified));
    assert.deepEqual(document.data, machine);
    assert.deepEqual(document.meta, {
      issued: "2025-01-01T00:00:00.000Z",
      expiry: "2025-01-01T01:00:00.000Z",
      ttl: 3600,
    });
    assertFails(wrongFingerprint, "CANNOT_DECRYPT", 11);
    assertFails(noSecret, "CANNOT_DECRYPT", 11);
    assertFails(expired, "EXPIRED", 13);
    assert.equal(allowed.code, 0);
    assert.deepEqual(JSON.parse(allowed.stdout), document);
    assert.match(allowed.stderr, /^keyward: warning: [^\n]+\(EXPIRED\)\n$/);
    assertFails(future, "ISSUED_IN_FUTURE", 14);
    assert.notEqual(tampered.code, 0);
    assert.match(
      tampered.stderr,
      /^keyward: error: [^\n]+ \((BAD_SIGNATURE|BAD_ENCODING|BAD_FORMAT)\)\n$/,
    );
  });

  test("create rejects bad input with one line", async () => {
    const [notJson, encryptedWithoutKey, badTtl, unknownAlgorithm, wrongKeyType] =
      await Promise.all([
        keyward(["file", "create", "--algorithm", "base64+ed25519", "--private-key", edPrivate], {
          input: "{not json",
        }),
        run(["file", "create", "--algorithm", "aes-256-gcm+ed25519", "--private-key", edPrivate], {
          input: "{}",
        }),
        run(
          [
            "file",
            "create",
            "--algorithm",
            "base64+ed25519",
            "--private-key",
            edPrivate,
            "--ttl",
            "soon",
          ],
          { input: "{}" },
        ),
        run(["file", "create", "--algorithm", "base64+ed448", "--private-key", edPrivate], {
          input: "{}",
        }),
        run(["file", "create", "--algorithm", "base64+rsa-sha256", "--private-key", edPrivate], {
          input: "{}",
        }),
      ]);
    assertFails(notJson, "BAD_FORMAT", 4);
    assertFails(encryptedWithoutKey, "BAD_KEY", 5);
    assertFails(badTtl, "USAGE", 2);
    assertFails(unknownAlgorithm, "UNSUPPORTED_ALGORITHM", 6);
    assertFails(wrongKeyType, "BAD_KEY", 5);
  });

  test("Keygen's example license file: EXPIRED, and printed with --allow-expired", async () => {
    const args = [
      "file",
      "verify",
      "--algorithm",
      "aes-256-gcm+ed25519",
      "--public-key",
      KEYGEN_PUBLIC_KEY,
      "--license-key",
      KEYGEN_LICENSE_KEY,
      KEYGEN_LICENSE,
    ];
    const [expired, allowed, wrongLicenseKey] = await Promise.all([
      keyward(args),
      keyward([...args, "--allow-expired"]),
      run([...args.slice(0, -3), "--license-key", "WRONG", KEYGEN_LICENSE]),
    ]);
    assertFails(expired, "EXPIRED", 13);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /^keyward: warning: license file expired at [^\n]+\(EXPIRED\)\n$/);
    const document = JSON.parse(allowed.stdout);
    const expected = JSON.parse(
      await readFile(
        join(VECTORS, "example-node-cryptographic-license-files/license.decoded.json"),
        "utf8",
      ),
    );
    assert.deepEqual(document, expected);
    assert.equal(document.data.attributes.key, KEYGEN_LICENSE_KEY);
    assertFails(wrongLicenseKey, "CANNOT_DECRYPT", 11);
  });
});

/** Flips one character inside the Base64 body of a certificate. */
function tamperBody(certificate: string): string {
  const lines = certificate.split("\n");
  const line = lines[3]!;
  lines[3] = line.slice(0, 10) + (line[10] === "A" ? "B" : "A") + line.slice(11);
  return lines.join("\n");
}
