import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Keygen's published license files and keys (SPEC F6), kept in the repository with Keygen's
 * MIT notice (fixtures/keygen/LICENSE). Always there, so the tests that read them never skip.
 */
export const keygenVectorsDir = fileURLToPath(new URL("../fixtures/keygen", import.meta.url));

export interface KeygenFileVector {
  name: string;
  kind: "license" | "machine";
  certificate: string;
  decoded: unknown;
  /** The AES secret input: the license key (license files) or key + fingerprint (machine). */
  licenseKey: string;
  fingerprint?: string;
}

export const KEYGEN_PUBLIC_KEY_HEX =
  "e8601e48b69383ba520245fd07971e983d06d22c4257cfd82304601479cee788";

function readme(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const line of readFileSync(join(dir, "README.txt"), "utf8").split("\n")) {
    for (const match of line.matchAll(/(\w+)=(\S+)/g)) entries[match[1]!] ??= match[2]!;
  }
  return entries;
}

/** Every license/machine file vector with the secret needed to decrypt it. */
export function keygenFileVectors(): KeygenFileVector[] {
  const vectors: KeygenFileVector[] = [];
  for (const folder of readdirSync(keygenVectorsDir).sort()) {
    const dir = join(keygenVectorsDir, folder);
    if (!existsSync(join(dir, "README.txt"))) continue;
    const info = readme(dir);
    for (const file of readdirSync(dir).filter((name) => name.endsWith(".lic"))) {
      const base = file.slice(0, -".lic".length);
      const kind = base.endsWith("machine") ? "machine" : "license";
      const licenseKey = base.startsWith("legacy-376f0df")
        ? readFileSync(join(dir, "legacy-376f0df-license-key.txt"), "utf8").trim()
        : (info.license_key ?? info.key)!;
      vectors.push({
        name: `${folder}/${file}`,
        kind,
        certificate: readFileSync(join(dir, file), "utf8"),
        decoded: JSON.parse(readFileSync(join(dir, `${base}.decoded.json`), "utf8")),
        licenseKey,
        ...(info.fingerprint ? { fingerprint: info.fingerprint } : {}),
      });
    }
  }
  return vectors;
}
