import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether the openssl command line is installed; tests skip with a message when it is not. */
export const opensslAvailable = spawnSync("openssl", ["version"]).status === 0;
export const opensslSkip = opensslAvailable ? false : "openssl command line not installed";

/** A scratch directory for files handed to openssl; removed by the returned cleanup. */
export function scratch(): {
  dir: string;
  write(name: string, data: string | Uint8Array): string;
  cleanup(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), "keyward-openssl-"));
  return {
    dir,
    write(name, data) {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs openssl and returns stdout; throws with stderr when it exits non-zero. */
export function openssl(args: string[], input?: Uint8Array): Buffer {
  return execFileSync("openssl", args, { input, stdio: ["pipe", "pipe", "pipe"] });
}

/** Runs openssl and reports only whether it exited 0 (for "Verified OK" / "Verification Failure"). */
export function opensslSucceeds(args: string[], input?: Uint8Array): boolean {
  return spawnSync("openssl", args, { input }).status === 0;
}
