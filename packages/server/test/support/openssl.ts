import { execFileSync, spawnSync } from "node:child_process";

/** The skip of tests that make certificates with the openssl command (required in CI). */
export const OPENSSL_SKIP =
  spawnSync("openssl", ["version"]).status === 0 || process.env.CI === "true"
    ? false
    : "openssl command line not installed (set CI=true to fail instead)";

/** Runs openssl in `dir`; throws with its stderr when it fails. */
export function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

/**
 * A self-signed P-256 certificate for `name` (a day long) in `dir`: key.pem and cert.pem. An
 * `altName` (`DNS:localhost`) goes in subjectAltName, which clients check against the host.
 */
export function selfSignedCertificate(dir: string, name: string, altName?: string): void {
  openssl(dir, [
    ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"],
    ...["-days", "1", "-subj", `/CN=${name}`, "-keyout", "key.pem", "-out", "cert.pem"],
    ...(altName === undefined ? [] : ["-addext", `subjectAltName=${altName}`]),
  ]);
}
