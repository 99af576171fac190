/**
 * Throughput of @keyward/formats next to raw node:crypto Ed25519 verification, in one run.
 *   npm run bench:formats [-- --seconds 2]
 * Goals (issue 2): our license-file / license-key verify >= 0.8x raw Ed25519 verify on the
 * same signing data; SDK-side (WebCrypto) verify < 1 ms per file.
 */
import { createPublicKey, verify as nodeVerify } from "node:crypto";
import {
  base64Decode,
  utf8Decode,
  utf8Encode,
  verifyLicenseFile,
  verifyLicenseKey,
  webCrypto,
} from "@keyward/formats";
import {
  createLicenseFile,
  generateKeyPair,
  nodeCrypto,
  signLicenseKey,
} from "@keyward/formats/node";

const secondsArg = process.argv.indexOf("--seconds");
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 2;

async function measure(name: string, op: () => unknown): Promise<number> {
  const warmupEnd = performance.now() + 300;
  while (performance.now() < warmupEnd) await op();
  let count = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) await op();
    count += 50;
  }
  const opsPerSecond = count / ((performance.now() - start) / 1000);
  console.log(
    `${name.padEnd(52)} ${opsPerSecond.toFixed(0).padStart(8)} ops/s  ${(1000 / opsPerSecond).toFixed(3)} ms/op`,
  );
  return opsPerSecond;
}

function signingDataOf(certificate: string): { data: Uint8Array; signature: Uint8Array } {
  const body = certificate.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const payload = JSON.parse(utf8Decode(base64Decode(body))) as { enc: string; sig: string };
  return { data: utf8Encode(`license/${payload.enc}`), signature: base64Decode(payload.sig) };
}

const { publicKey, privateKey } = generateKeyPair("ed25519");
const licenseKey = "DC00E8-CC6DA1-2E35BF-BBDC02-E80494-V3";
// A document of realistic size: a license with product, policy and a few entitlements.
const data = {
  id: "c34c6e96-9b39-44a9-809c-4394552e5b4d",
  type: "licenses",
  attributes: {
    name: "Bench License",
    key: licenseKey,
    expiry: null,
    status: "ACTIVE",
    metadata: {},
  },
};
const included = Array.from({ length: 6 }, (_, i) => ({
  id: `ent-${i}`,
  type: "entitlements",
  attributes: { code: `FEATURE_${i}`, name: `Feature ${i}`, metadata: { tier: "pro" } },
}));
const options = { kind: "license", privateKey, data, included, ttl: 2592000, licenseKey } as const;
const encryptedFile = createLicenseFile({ ...options, algorithm: "aes-256-gcm+ed25519" });
const plainFile = createLicenseFile({ ...options, algorithm: "base64+ed25519" });
const signedKey = signLicenseKey(
  "ED25519_SIGN",
  privateKey,
  JSON.stringify({ license: { id: data.id, expiry: null } }),
);

console.log(
  `Node ${process.version}, ${SECONDS}s per measurement, file ${encryptedFile.length} bytes`,
);
const fileSigning = signingDataOf(encryptedFile);
const rawKeyObject = createPublicKey({
  key: Buffer.from(publicKey.spki),
  format: "der",
  type: "spki",
});
const raw = await measure("raw node:crypto Ed25519 verify (file signing data)", () =>
  nodeVerify(null, fileSigning.data, rawKeyObject, fileSigning.signature),
);
const expectOk = async (result: Promise<{ ok: boolean }>) => {
  if (!(await result).ok) throw new Error("benchmark input failed to verify");
};
const fileVerify = { licenseKey, crypto: nodeCrypto } as const;
const encryptedNode = await measure("verifyLicenseFile aes-256-gcm+ed25519 (node)", () =>
  expectOk(
    verifyLicenseFile(encryptedFile, publicKey, {
      ...fileVerify,
      algorithm: "aes-256-gcm+ed25519",
    }),
  ),
);
const plainNode = await measure("verifyLicenseFile base64+ed25519 (node)", () =>
  expectOk(verifyLicenseFile(plainFile, publicKey, { ...fileVerify, algorithm: "base64+ed25519" })),
);
const keyNode = await measure("verifyLicenseKey ED25519_SIGN (node)", () =>
  expectOk(verifyLicenseKey(signedKey, publicKey, { scheme: "ED25519_SIGN", crypto: nodeCrypto })),
);
const encryptedWeb = await measure("verifyLicenseFile aes-256-gcm+ed25519 (WebCrypto)", () =>
  expectOk(
    verifyLicenseFile(encryptedFile, publicKey, {
      licenseKey,
      crypto: webCrypto,
      algorithm: "aes-256-gcm+ed25519",
    }),
  ),
);
const keyWeb = await measure("verifyLicenseKey ED25519_SIGN (WebCrypto)", () =>
  expectOk(verifyLicenseKey(signedKey, publicKey, { scheme: "ED25519_SIGN", crypto: webCrypto })),
);
const create = await measure("createLicenseFile aes-256-gcm+ed25519", () =>
  createLicenseFile({ ...options, algorithm: "aes-256-gcm+ed25519" }),
);

const ratio = (value: number) => `${(value / raw).toFixed(2)}x raw verify`;
console.log("\nratios (goal >= 0.80x raw verify; WebCrypto < 1 ms per file)");
console.log(`  license file, encrypted (node):  ${ratio(encryptedNode)}`);
console.log(`  license file, base64 (node):     ${ratio(plainNode)}`);
console.log(`  signed key (node):               ${ratio(keyNode)}`);
console.log(
  `  license file (WebCrypto):        ${ratio(encryptedWeb)}, ${(1000 / encryptedWeb).toFixed(3)} ms/file`,
);
console.log(
  `  signed key (WebCrypto):          ${ratio(keyWeb)}, ${(1000 / keyWeb).toFixed(3)} ms/key`,
);
console.log(`  create license file:             ${create.toFixed(0)} files/s`);
