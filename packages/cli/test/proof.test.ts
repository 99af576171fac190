import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { assertFails, assertOk, keyward, run, tamper, tempDir } from "./support/cli.js";

describe("keyward proof create / verify", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const dataset = {
    account: { id: "A-1" },
    product: { id: "P-1" },
    license: { id: "L-1", key: "K-1", expiry: null },
    machine: { id: "M-1", fingerprint: "FP-1", created: "2025-01-01T00:00:00.000Z" },
    issued: "2025-01-01T00:00:00.000Z",
  };

  before(async () => {
    ({ dir, cleanup } = await tempDir());
    const [ed, rsa] = await Promise.all([
      run(["keys", "generate", "--out-dir", dir]),
      run(["keys", "generate", "--type", "rsa", "--out-dir", dir]),
    ]);
    assert.equal(ed.code, 0, ed.stderr);
    assert.equal(rsa.code, 0, rsa.stderr);
  });
  after(() => cleanup());

  test("an Ed25519 proof through files and stdin, bound to fingerprint, key and product", async () => {
    const datasetFile = join(dir, "proof.json");
    await writeFile(datasetFile, `${JSON.stringify(dataset)}\n`);
    const edPublic = join(dir, "ed25519-public.pem");
    const proof = assertOk(
      await keyward([
        "proof",
        "create",
        "--private-key",
        join(dir, "ed25519-private.pem"),
        "--dataset",
        datasetFile,
      ]),
    ).trim();
    assert.match(proof, /^proof\/[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]+$/);
    const bound = ["--fingerprint", "FP-1", "--license-key", "K-1", "--product-id", "P-1"];
    const [verified, json, otherDevice, tampered, rsaAlgorithm] = await Promise.all([
      keyward(["proof", "verify", "--public-key", edPublic, ...bound], { input: `${proof}\n` }),
      run(["proof", "verify", "--public-key", edPublic, "--json", proof]),
      keyward(["proof", "verify", "--public-key", edPublic, "--fingerprint", "FP-2", proof]),
      run(["proof", "verify", "--public-key", edPublic, tamper(proof, 10)]),
      run(["proof", "verify", "--public-key", edPublic, "--algorithm", "rsa-sha256", proof]),
    ]);
    assert.equal(assertOk(verified), `${JSON.stringify(dataset)}\n`);
    assert.deepEqual(JSON.parse(assertOk(json)), {
      dataset: JSON.stringify(dataset),
      claims: dataset,
    });
    assertFails(otherDevice, "MISMATCH", 15);
    assertFails(tampered, "BAD_SIGNATURE", 10);
    assertFails(rsaAlgorithm, "BAD_KEY", 5);
  });

  test("RSA keys default to rsa-pss-sha256; an explicit other padding does not verify", async () => {
    const rsaPublic = join(dir, "rsa-public.pem");
    const proof = assertOk(
      await run(["proof", "create", "--private-key", join(dir, "rsa-private.pem")], {
        input: JSON.stringify(dataset),
      }),
    ).trim();
    const [pss, pkcs1, unknown] = await Promise.all([
      run(["proof", "verify", "--public-key", rsaPublic, "--algorithm", "rsa-pss-sha256", proof]),
      run(["proof", "verify", "--public-key", rsaPublic, "--algorithm", "rsa-sha256", proof]),
      run(["proof", "verify", "--public-key", rsaPublic, "--algorithm", "hmac", proof]),
    ]);
    assert.equal(assertOk(pss), `${JSON.stringify(dataset)}\n`);
    assertFails(pkcs1, "BAD_SIGNATURE", 10);
    assertFails(unknown, "UNSUPPORTED_ALGORITHM", 6);
  });
});
