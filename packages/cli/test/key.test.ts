import assert from "node:assert/strict";
import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { assertFails, assertOk, keyward, run, tamper, tempDir } from "./support/cli.js";

describe("keyward key sign / verify", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let edPrivate: string;
  let edPublicHex: string;
  let rsaPrivate: string;
  let rsaPublic: string;
  const dataset = '{"license":{"id":"L-1","expiry":"2030-01-01T00:00:00.000Z"},"seats":5}';

  before(async () => {
    ({ dir, cleanup } = await tempDir());
    edPrivate = join(dir, "ed25519-private.pem");
    rsaPrivate = join(dir, "rsa-private.pem");
    rsaPublic = join(dir, "rsa-public.pem");
    // Key generation itself is covered by keys.test.ts: in-process here.
    const [ed, rsa] = await Promise.all([
      run(["keys", "generate", "--format", "pem", "--private-out", edPrivate]),
      run(["keys", "generate", "--type", "rsa", "--out-dir", dir]),
    ]);
    assert.equal(ed.code, 0, ed.stderr);
    assert.equal(rsa.code, 0, rsa.stderr);
    edPublicHex = assertOk(
      await run(["keys", "public", "--private-key", edPrivate, "--format", "hex"]),
    ).trim();
  });
  after(() => cleanup());

  test("ED25519_SIGN round trip through stdin/stdout, hex public key, tampering", async () => {
    const key = assertOk(
      await keyward(["key", "sign", "--scheme", "ED25519_SIGN", "--private-key", edPrivate], {
        input: `${dataset}\n`,
      }),
    ).trim();
    assert.match(key, /^key\/[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]+$/);
    const [fromStdin, fromArgument, tampered, wrongScheme, rsaKey] = await Promise.all([
      keyward(["key", "verify", "--scheme", "ED25519_SIGN", "--public-key", edPublicHex], {
        input: `${key}\n`,
      }),
      run(["key", "verify", "-s", "ed25519_sign", "-p", edPublicHex, key]),
      keyward([
        "key",
        "verify",
        "--scheme",
        "ED25519_SIGN",
        "--public-key",
        edPublicHex,
        tamper(key, 8),
      ]),
      run(["key", "verify", "--scheme", "NOPE_SIGN", "--public-key", edPublicHex, key]),
      run(["key", "verify", "--scheme", "ED25519_SIGN", "--public-key", rsaPublic, key]),
    ]);
    // The trailing newline of the piped dataset is not part of the signed dataset.
    assert.equal(assertOk(fromStdin), `${dataset}\n`);
    assert.equal(assertOk(fromArgument), `${dataset}\n`);
    assertFails(tampered, "BAD_SIGNATURE", 10);
    assertFails(wrongScheme, "UNSUPPORTED_ALGORITHM", 6);
    assertFails(rsaKey, "BAD_KEY", 5);
  });

  test("RSA_2048_PKCS1_PSS_SIGN_V2 round trip through files", async () => {
    const datasetFile = join(dir, "dataset.json");
    const keyFile = join(dir, "license.key");
    await writeFile(datasetFile, dataset);
    const signed = await keyward([
      "key",
      "sign",
      "--scheme",
      "RSA_2048_PKCS1_PSS_SIGN_V2",
      "--private-key",
      rsaPrivate,
      "--dataset",
      datasetFile,
      "--out",
      keyFile,
    ]);
    assert.equal(assertOk(signed), "");
    const [verified, json, legacy] = await Promise.all([
      keyward([
        "key",
        "verify",
        "--scheme",
        "RSA_2048_PKCS1_PSS_SIGN_V2",
        "--public-key",
        rsaPublic,
        "--key-file",
        keyFile,
      ]),
      run([
        "key",
        "verify",
        "--scheme",
        "RSA_2048_PKCS1_PSS_SIGN_V2",
        "--public-key",
        rsaPublic,
        "--key-file",
        keyFile,
        "--json",
      ]),
      // The same key read as the legacy scheme is not shaped like one.
      run([
        "key",
        "verify",
        "--scheme",
        "RSA_2048_PKCS1_PSS_SIGN",
        "--public-key",
        rsaPublic,
        "--key-file",
        keyFile,
      ]),
    ]);
    assert.equal(assertOk(verified), `${dataset}\n`);
    assert.deepEqual(JSON.parse(assertOk(json)), {
      scheme: "RSA_2048_PKCS1_PSS_SIGN_V2",
      dataset,
    });
    assert.notEqual(legacy.code, 0);
    assert.match(
      legacy.stderr,
      /^keyward: error: [^\n]+\((BAD_FORMAT|BAD_ENCODING|BAD_SIGNATURE)\)\n$/,
    );
    assert.match(await readFile(keyFile, "utf8"), /^key\/.+\n$/);
    // The key is the license: private, also when --out already existed readable by others.
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
  });

  test("key sign --out replaces an existing file and leaves it private (0600)", async () => {
    const keyFile = join(dir, "replaced.key");
    await writeFile(keyFile, "old\n");
    await chmod(keyFile, 0o644);
    assertOk(
      await run(
        ["key", "sign", "--scheme", "ED25519_SIGN", "--private-key", edPrivate, "--out", keyFile],
        { input: dataset },
      ),
    );
    assert.match(await readFile(keyFile, "utf8"), /^key\/.+\n$/);
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
  });

  test("RSA_2048_JWT_RS256 prints the claims; expiry and bad claims fail with a code", async () => {
    const claims = { sub: "L-1", exp: 1_900_000_000 };
    const [jwt, notClaims, tooLarge] = await Promise.all([
      run(["key", "sign", "--scheme", "RSA_2048_JWT_RS256", "--private-key", rsaPrivate], {
        input: JSON.stringify(claims),
      }),
      run(["key", "sign", "--scheme", "RSA_2048_JWT_RS256", "--private-key", rsaPrivate], {
        input: "not json",
      }),
      run(["key", "sign", "--scheme", "RSA_2048_PKCS1_ENCRYPT", "--private-key", rsaPrivate], {
        input: "x".repeat(300),
      }),
    ]);
    const token = assertOk(jwt).trim();
    assertFails(notClaims, "BAD_FORMAT", 4);
    assertFails(tooLarge, "TOO_LARGE", 7);
    const [now, later] = await Promise.all([
      run([
        "key",
        "verify",
        "--scheme",
        "RSA_2048_JWT_RS256",
        "--public-key",
        rsaPublic,
        token,
        "--now",
        "2030-01-01T00:00:00Z",
      ]),
      run([
        "key",
        "verify",
        "--scheme",
        "RSA_2048_JWT_RS256",
        "--public-key",
        rsaPublic,
        token,
        "--now",
        "2031-01-01T00:00:00Z",
      ]),
    ]);
    assert.deepEqual(JSON.parse(assertOk(now)), claims);
    assertFails(later, "EXPIRED", 13);
  });

  test("bad inputs: missing files, wrong private key type, missing options", async () => {
    const [missingDataset, missingKey, wrongType, noScheme, both] = await Promise.all([
      run([
        "key",
        "sign",
        "--scheme",
        "ED25519_SIGN",
        "--private-key",
        edPrivate,
        "--dataset",
        join(dir, "none.json"),
      ]),
      run(["key", "sign", "--scheme", "ED25519_SIGN", "--private-key", join(dir, "none.pem")], {
        input: "x",
      }),
      run(["key", "sign", "--scheme", "RSA_2048_PKCS1_SIGN_V2", "--private-key", edPrivate], {
        input: "x",
      }),
      run(["key", "verify", "--public-key", edPublicHex, "key/abc.def"]),
      run([
        "key",
        "verify",
        "-s",
        "ED25519_SIGN",
        "-p",
        edPublicHex,
        "--key-file",
        "-",
        "key/abc.def",
      ]),
    ]);
    assertFails(missingDataset, "IO_ERROR", 3);
    assertFails(missingKey, "IO_ERROR", 3);
    assertFails(wrongType, "BAD_KEY", 5);
    assertFails(noScheme, "USAGE", 2);
    assertFails(both, "USAGE", 2);
  });
});
