/**
 * The verify/decode/decrypt path must run in browsers. This test bundles the browser entry for
 * the browser platform (esbuild refuses Node built-ins there), then runs the bundle in a fresh
 * VM context that has WebCrypto, TextEncoder and TextDecoder — and no Buffer, process or
 * require — and verifies real artifacts with it: every Keygen vector and one of each kind
 * produced by the Node signing side.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { build } from "esbuild";
import type * as Formats from "../src/index.js";
import { exportPublicKey, signActivationRequest } from "../src/index.js";
import {
  createActivationProof,
  createLease,
  createLicenseFile,
  generateKeyPair,
  signLicenseKey,
  signResponse,
} from "../src/node.js";
import { KEYGEN_PUBLIC_KEY_HEX, keygenFileVectors } from "./support/keygen-vectors.js";

const entry = join(dirname(fileURLToPath(import.meta.url)), "../src/index.ts");

let bundle: string;
let browser: typeof Formats;

before(async () => {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "KeywardFormats",
    target: "es2022",
    write: false,
    metafile: true,
  });
  bundle = result.outputFiles[0]!.text;
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(
    inputs.every((input) => !input.includes("/src/node/")),
    `browser bundle pulled in Node-only code: ${inputs.filter((input) => input.includes("/src/node/"))}`,
  );
  const context = vm.createContext({ crypto: globalThis.crypto, TextEncoder, TextDecoder });
  browser = vm.runInContext(`${bundle}\nKeywardFormats`, context) as typeof Formats;
});

/** A string from the outer realm, so nothing of Node's leaks into the VM through arguments. */
const text = (value: string | Uint8Array) => String(value);

describe("browser entry", () => {
  it("has no reference to Node globals or modules", () => {
    for (const forbidden of ["require(", "Buffer", "process.", 'from "node:']) {
      assert.ok(!bundle.includes(forbidden), `bundle mentions ${forbidden}`);
    }
  });

  it("the VM context really lacks Node globals", () => {
    const probe = vm.runInContext(
      "[typeof Buffer, typeof process, typeof require, typeof crypto.subtle]",
      vm.createContext({ crypto: globalThis.crypto }),
    );
    assert.deepEqual([...probe], ["undefined", "undefined", "undefined", "object"]);
  });

  it("verifies and decrypts every Keygen vector, reported expired with its document", async () => {
    const publicKey = browser.parsePublicKey(KEYGEN_PUBLIC_KEY_HEX);
    const vectors = keygenFileVectors();
    assert.ok(vectors.length >= 11);
    for (const vector of vectors) {
      const result = await browser.verifyLicenseFile(vector.certificate, publicKey, {
        algorithm: "aes-256-gcm+ed25519",
        licenseKey: vector.licenseKey,
        ...(vector.fingerprint ? { fingerprint: vector.fingerprint } : {}),
      });
      const document = result.ok ? result.value.document : result.error.document;
      if (!result.ok) assert.equal(result.error.code, "EXPIRED", vector.name);
      assert.deepEqual(JSON.parse(JSON.stringify(document)), vector.decoded, vector.name);
    }
  });

  it("rejects a tampered Keygen vector", async () => {
    const [vector] = keygenFileVectors();
    const lines = vector!.certificate.split("\n");
    const line = lines[3]!;
    lines[3] = (line[0] === "A" ? "B" : "A") + line.slice(1);
    const result = await browser.verifyLicenseFile(
      lines.join("\n"),
      browser.parsePublicKey(KEYGEN_PUBLIC_KEY_HEX),
      { algorithm: "aes-256-gcm+ed25519", licenseKey: vector!.licenseKey },
    );
    assert.equal(result.ok, false);
    assert.ok(
      !result.ok && ["BAD_SIGNATURE", "BAD_FORMAT", "BAD_ENCODING"].includes(result.error.code),
    );
  });

  it("verifies an RSA-PSS encrypted machine file, an RSA key and a JWT signed by the Node side", async () => {
    const { publicKey, privateKey } = generateKeyPair("rsa");
    const browserKey = browser.parsePublicKey(text(exportPublicKey(publicKey, "pem")));
    const file = createLicenseFile({
      kind: "machine",
      algorithm: "aes-256-gcm+rsa-pss-sha256",
      privateKey,
      data: { id: "m1", attributes: { fingerprint: "fp-1" } },
      licenseKey: "LIC-KEY",
      fingerprint: "fp-1",
    });
    const verified = await browser.verifyLicenseFile(file, browserKey, {
      algorithm: "aes-256-gcm+rsa-pss-sha256",
      licenseKey: "LIC-KEY",
      fingerprint: "fp-1",
    });
    assert.ok(verified.ok, !verified.ok ? verified.error.message : "");
    assert.deepEqual(JSON.parse(JSON.stringify(verified.value.document.data)), {
      id: "m1",
      attributes: { fingerprint: "fp-1" },
    });
    const wrongMachine = await browser.verifyLicenseFile(file, browserKey, {
      algorithm: "aes-256-gcm+rsa-pss-sha256",
      licenseKey: "LIC-KEY",
      fingerprint: "fp-2",
    });
    assert.ok(!wrongMachine.ok && wrongMachine.error.code === "CANNOT_DECRYPT");

    for (const scheme of ["RSA_2048_PKCS1_SIGN_V2", "RSA_2048_PKCS1_ENCRYPT"] as const) {
      const key = signLicenseKey(scheme, privateKey, '{"seats":5}');
      const result = await browser.verifyLicenseKey(key, browserKey, { scheme });
      assert.ok(result.ok && result.value.dataset === '{"seats":5}', scheme);
    }
    const claims = { sub: "lic-1", exp: Math.floor(Date.now() / 1000) + 60 };
    const jwt = signLicenseKey("RSA_2048_JWT_RS256", privateKey, JSON.stringify(claims));
    const decoded = await browser.verifyLicenseKey(jwt, browserKey, {
      scheme: "RSA_2048_JWT_RS256",
    });
    assert.ok(decoded.ok && decoded.value.claims?.sub === "lic-1");
  });

  it("verifies an Ed25519 proof, a lease and a signed response, and checks an offline HMAC", async () => {
    const { publicKey, privateKey } = generateKeyPair("ed25519");
    const browserKey = browser.parsePublicKey(text(exportPublicKey(publicKey, "hex")));
    const proof = createActivationProof({
      privateKey,
      dataset: { machine: { fingerprint: "fp" } },
    });
    const proofResult = await browser.verifyActivationProof(proof, browserKey, {
      algorithm: "ed25519",
      fingerprint: "fp",
    });
    assert.ok(proofResult.ok);

    const now = Math.floor(Date.now() / 1000);
    const lease = createLease({
      privateKey,
      claims: {
        v: 1,
        lic: "lic-1",
        fp: "fp",
        ok: true,
        code: "VALID",
        iat: now,
        exp: now + 60,
        gr: now + 120,
        n: "nonce-123",
      },
    });
    const leaseResult = await browser.verifyLease(lease, browserKey, {
      algorithm: "ed25519",
      now: new Date(),
      fingerprint: "fp",
      nonce: "nonce-123",
    });
    assert.ok(leaseResult.ok && leaseResult.value.state === "valid");

    const body = '{"valid":true,"code":"VALID"}';
    const request = {
      method: "POST",
      target: "/v1/licenses/actions/validate-key",
      host: "keyward.test",
    };
    const headers = signResponse({
      ...request,
      privateKey,
      algorithm: "ed25519",
      keyId: "k1",
      body,
    });
    const response = await browser.verifyResponseSignature({
      ...request,
      ...headers,
      body,
      publicKey: browserKey,
      algorithm: "ed25519",
    });
    assert.ok(response.ok);
    const tampered = await browser.verifyResponseSignature({
      ...request,
      ...headers,
      body: body.replace("true", "fals"),
      publicKey: browserKey,
      algorithm: "ed25519",
    });
    assert.ok(!tampered.ok && tampered.error.code === "BAD_SIGNATURE");

    const signed = await signActivationRequest(
      {
        license_key: "KEY-1",
        hardware_id: "hw-1",
        api_key: "api-1",
        date: "Tue, 07 Jun 2011 20:51:35 GMT",
      },
      "shared-secret",
    );
    const decodedRequest = browser.decodeActivationRequest(browser.encodeActivationRequest(signed));
    assert.ok(decodedRequest.ok);
    const inBrowser = await browser.verifyActivationRequest(decodedRequest.value, {
      sharedKey: "shared-secret",
    });
    assert.ok(inBrowser.ok, !inBrowser.ok ? inBrowser.error.message : "");
    const wrongKey = await browser.verifyActivationRequest(decodedRequest.value, {
      sharedKey: "other-secret",
    });
    assert.ok(!wrongKey.ok && wrongKey.error.code === "BAD_SIGNATURE");
  });
});
