/**
 * @keyward/sdk/node — Node helpers: file storage with atomic writes, a hardware fingerprint from
 * the operating system's machine id, and the trackable client using that id for public trials.
 * Everything else is in the main entry.
 */
import { execFile } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { link, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { KeywardStorage } from "./storage.js";
import { TrackableClient, type TrackableClientOptions } from "./trackable.js";

export * from "./index.js";

/**
 * One file per value in `directory`. The directory is created when missing, mode 0700 (less the
 * umask); an existing one keeps its permissions: it may be the app's own, shared with other
 * files, and tightening it is the app's decision. Values are written mode 0600. A write goes to
 * a temporary file that is then renamed over the old one, so a crash leaves the old or the new
 * value, never half of one. `setIfAbsent` hard-links a complete temporary file to the value's
 * name instead: link(2) fails when the name exists, so of several processes creating the same
 * value at once exactly one wins, and no reader ever sees half of it.
 */
export function fileStorage(directory: string): KeywardStorage {
  const path = (key: string) => join(directory, `${encodeURIComponent(key)}.value`);
  /** Writes `value` to a new temporary file beside `key`'s, hands it to `place`, removes it. */
  const viaTemporary = async (
    key: string,
    value: string,
    place: (temporary: string) => Promise<void>,
  ) => {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const temporary = `${path(key)}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temporary, value, { mode: 0o600, flush: true });
      await place(temporary);
    } finally {
      await rm(temporary, { force: true });
    }
  };
  const storage: KeywardStorage = {
    async get(key) {
      try {
        return await readFile(path(key), "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    set: (key, value) => viaTemporary(key, value, (temporary) => rename(temporary, path(key))),
    async delete(key) {
      await rm(path(key), { force: true });
    },
    async setIfAbsent(key, value) {
      try {
        await viaTemporary(key, value, (temporary) => link(temporary, path(key)));
        return value;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      // Another process linked first (or the value was there): its value is the one.
      const stored = await storage.get(key);
      if (stored === null) throw new Error(`${path(key)} vanished while being created`);
      return stored;
    },
  };
  return storage;
}

const run = promisify(execFile);

/**
 * The operating system's machine id (Linux /etc/machine-id or /var/lib/dbus/machine-id, macOS
 * IOPlatformUUID, Windows MachineGuid); null when the system has none or it cannot be read.
 * Raw: hash it before it leaves the device (machineFingerprint, the trackable client do).
 */
export async function osMachineId(): Promise<string | null> {
  try {
    if (process.platform === "darwin") {
      const { stdout } = await run("ioreg", ["-rd1", "-c", "IOPlatformExpertDevice"]);
      return /"IOPlatformUUID" = "([^"]+)"/.exec(stdout)?.[1] ?? null;
    }
    if (process.platform === "win32") {
      const { stdout } = await run("reg", [
        "query",
        "HKLM\\SOFTWARE\\Microsoft\\Cryptography",
        "/v",
        "MachineGuid",
      ]);
      return /MachineGuid\s+REG_SZ\s+(\S+)/.exec(stdout)?.[1] ?? null;
    }
  } catch {
    return null;
  }
  for (const file of ["/etc/machine-id", "/var/lib/dbus/machine-id"]) {
    const id = await readFile(file, "utf8").then(
      (text) => text.trim(),
      () => "",
    );
    if (id !== "") return id;
  }
  return null;
}

/**
 * A hardware fingerprint: HMAC-SHA-256 of the machine id keyed with `appId`, in hex. The raw id
 * never leaves the device, and two apps get unrelated fingerprints for the same machine (as
 * machine-id(5) asks). Pass as `fingerprint: () => machineFingerprint("com.example.app")`.
 */
export async function machineFingerprint(appId = "keyward"): Promise<string> {
  const id = await osMachineId();
  if (id === null) {
    throw new Error("no machine id found on this system: use the default device UUID instead");
  }
  return createHmac("sha256", appId).update(id).digest("hex");
}

/**
 * The trackable client with the OS machine id (osMachineId) behind public trials: one trial per
 * machine and product, not only per device UUID. `machineId: null` turns that off.
 */
export function createTrackableClient(options: TrackableClientOptions): TrackableClient {
  return new TrackableClient(
    options.machineId === undefined ? { ...options, machineId: osMachineId } : options,
  );
}
