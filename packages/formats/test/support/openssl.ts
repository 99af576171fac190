import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SignatureAlgorithm } from "../../src/index.js";

/** Whether the openssl command line is installed. */
const opensslAvailable = spawnSync("openssl", ["version"]).status === 0;

/**
 * false, or why the openssl cross-checks are skipped (node:test `skip`): skipped with a visible
 * reason without openssl, except under CI=true, where they must run (and fail without it).
 */
export const opensslSkip: false | string =
  opensslAvailable || process.env.CI === "true"
    ? false
    : "no openssl command line (apt-get install openssl; .ci/run has it): openssl cross-checks skipped";
if (opensslSkip) console.warn(`SKIPPED: ${opensslSkip}`);

/** A scratch directory for files handed to openssl. */
export interface Scratch {
  /** Writes a file into the directory and returns its path. */
  write(name: string, data: string | Uint8Array): string;
}

/** Runs `run` with a fresh scratch directory, removed afterwards. */
export function withScratch<T>(run: (tmp: Scratch) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "keyward-openssl-"));
  try {
    return run({
      write(name, data) {
        const path = join(dir, name);
        writeFileSync(path, data);
        return path;
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs openssl and returns stdout; throws with stderr when it exits non-zero. */
export function openssl(args: string[], input?: Uint8Array): Buffer {
  return execFileSync("openssl", args, { input, stdio: ["pipe", "pipe", "pipe"] });
}

/** Runs openssl and reports only whether it exited 0 (for "Verified OK" / "Verification Failure"). */
export function opensslSucceeds(args: string[], input?: Uint8Array): boolean {
  return spawnSync("openssl", args, { input }).status === 0;
}

export interface OpensslSignatureOptions {
  /**
   * RSA-PSS only: openssl's `rsa_pss_saltlen` — a number of bytes, "max", "digest" or "auto"
   * (when verifying: any salt length; when signing: the maximum). Default "auto".
   */
  saltLength?: number | string;
}

/** The `-sigopt` arguments of `algorithm`: PSS with MGF1-SHA256 and the salt length, or none. */
function rsaPaddingArgs(algorithm: SignatureAlgorithm, options: OpensslSignatureOptions): string[] {
  if (algorithm !== "rsa-pss-sha256") return [];
  return [
    "-sigopt",
    "rsa_padding_mode:pss",
    "-sigopt",
    `rsa_pss_saltlen:${options.saltLength ?? "auto"}`,
    "-sigopt",
    "rsa_mgf1_md:sha256",
  ];
}

/**
 * Whether openssl verifies `signature` over `data` with the PEM public key: Ed25519 with
 * `pkeyutl -rawin`, RSA with `dgst -sha256` (PKCS#1 v1.5, or PSS for rsa-pss-sha256).
 */
export function opensslVerifies(
  algorithm: SignatureAlgorithm,
  publicKeyPem: string | Uint8Array,
  data: string | Uint8Array,
  signature: Uint8Array,
  options: OpensslSignatureOptions = {},
): boolean {
  return withScratch((tmp) => {
    const pub = tmp.write("pub.pem", publicKeyPem);
    const sig = tmp.write("sig.bin", signature);
    const file = tmp.write("data.bin", data);
    return opensslSucceeds(
      algorithm === "ed25519"
        ? ["pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-in", file, "-sigfile", sig]
        : [
            "dgst",
            "-sha256",
            "-verify",
            pub,
            "-signature",
            sig,
            ...rsaPaddingArgs(algorithm, options),
            file,
          ],
    );
  });
}

/** openssl's signature over `data` with the PEM private key, made as opensslVerifies checks it. */
export function opensslSign(
  algorithm: SignatureAlgorithm,
  privateKeyPem: string | Uint8Array,
  data: string | Uint8Array,
  options: OpensslSignatureOptions = {},
): Uint8Array {
  return withScratch((tmp) => {
    const key = tmp.write("key.pem", privateKeyPem);
    const file = tmp.write("data.bin", data);
    return new Uint8Array(
      openssl(
        algorithm === "ed25519"
          ? ["pkeyutl", "-sign", "-inkey", key, "-rawin", "-in", file]
          : ["dgst", "-sha256", "-sign", key, ...rsaPaddingArgs(algorithm, options), file],
      ),
    );
  });
}
