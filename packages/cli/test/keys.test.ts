import assert from "node:assert/strict";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { assertFails, assertOk, keyward, run, tempDir } from "./support/cli.js";

describe("keyward keys", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  after(() => cleanup());

  test("generate --out-dir writes a 0600 private key and refuses to overwrite it", async () => {
    const keys = join(dir, "keys");
    const first = await keyward(["keys", "generate", "--out-dir", keys]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, "");
    assert.match(first.stderr, /wrote private key to .*ed25519-private\.pem/);
    const privatePath = join(keys, "ed25519-private.pem");
    const publicPath = join(keys, "ed25519-public.pem");
    assert.equal((await stat(privatePath)).mode & 0o777, 0o600);
    const privatePem = await readFile(privatePath, "utf8");
    const publicPem = await readFile(publicPath, "utf8");
    assert.match(privatePem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.match(publicPem, /^-----BEGIN PUBLIC KEY-----\n/);

    const [again, derived] = await Promise.all([
      keyward(["keys", "generate", "--out-dir", keys]),
      run(["keys", "public", "--private-key", privatePath]),
    ]);
    assertFails(again, "IO_ERROR", 3);
    assert.match(again.stderr, /--force/);
    assert.equal(await readFile(privatePath, "utf8"), privatePem, "the key was not replaced");
    assert.equal(assertOk(derived), publicPem, "keys public derives the same public key");

    const forced = await keyward(["keys", "generate", "--out-dir", keys, "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.notEqual(await readFile(privatePath, "utf8"), privatePem);
    assert.equal((await stat(privatePath)).mode & 0o777, 0o600);
  });

  test("generate prints both keys on stdout without outputs; hex is labelled", async () => {
    const [pem, hex, der, rsaHex] = await Promise.all([
      keyward(["keys", "generate"]),
      run(["keys", "generate", "--format", "hex"]),
      run(["keys", "generate", "--format", "der"]),
      run(["keys", "generate", "--type", "rsa", "--format", "hex"]),
    ]);
    assert.match(
      assertOk(pem),
      /^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/,
    );
    assert.match(assertOk(hex), /^private: [0-9a-f]{64}\npublic: [0-9a-f]{64}\n$/);
    assertFails(der, "USAGE", 2);
    assertFails(rsaHex, "BAD_KEY");
  });

  test("generate --type rsa with --private-out/--public-out in DER and Base64", async () => {
    const privateOut = join(dir, "rsa.der");
    const [der, base64] = await Promise.all([
      keyward([
        "keys",
        "generate",
        "--type",
        "rsa",
        "--format",
        "der",
        "--private-out",
        privateOut,
        "--public-out",
        join(dir, "rsa-pub.der"),
      ]),
      keyward([
        "keys",
        "generate",
        "--type",
        "rsa",
        "--format",
        "base64",
        "--private-out",
        join(dir, "rsa.b64"),
      ]),
    ]);
    assert.equal(der.code, 0, der.stderr);
    assert.equal((await stat(privateOut)).mode & 0o777, 0o600);
    assert.equal((await readFile(privateOut))[0], 0x30, "DER starts with a SEQUENCE");
    // With only --private-out, the public key is printed.
    assert.equal(base64.code, 0, base64.stderr);
    assert.match(base64.stdout, /^MIIB[A-Za-z0-9+/]+=*\n$/);

    // The DER private key is readable back and derives the public key printed above.
    const derived = await run([
      "keys",
      "public",
      "--private-key",
      join(dir, "rsa.b64"),
      "--format",
      "base64",
    ]);
    assert.equal(assertOk(derived), base64.stdout);
  });

  test("keys public rejects a public key, garbage and missing files with one line", async () => {
    const garbage = join(dir, "garbage.pem");
    await writeFile(garbage, "not a key\n");
    const { stdout: pair } = await run(["keys", "generate"]);
    const publicPem = pair.slice(pair.indexOf("-----BEGIN PUBLIC KEY-----"));
    const publicFile = join(dir, "only-public.pem");
    await writeFile(publicFile, publicPem);
    const [bad, missing, wrongKind, badOption] = await Promise.all([
      keyward(["keys", "public", "--private-key", garbage]),
      run(["keys", "public", "--private-key", join(dir, "nope.pem")]),
      run(["keys", "public", "--private-key", publicFile]),
      run(["keys", "generate", "--type", "dsa"]),
    ]);
    assertFails(bad, "BAD_KEY", 5);
    assertFails(missing, "IO_ERROR", 3);
    assertFails(wrongKind, "BAD_KEY");
    assert.match(wrongKind.stderr, /holds a public key/);
    assertFails(badOption, "USAGE", 2);
  });
});
