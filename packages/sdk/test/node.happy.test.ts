// Node helpers: file storage (atomic replace, private files, survives restarts) and the hashed
// machine id fingerprint.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileStorage, machineFingerprint } from "../src/node.js";

describe("fileStorage", () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  async function directory(): Promise<string> {
    const parent = await mkdtemp(join(tmpdir(), "keyward-sdk-"));
    dirs.push(parent);
    return join(parent, "state");
  }

  test("set, get, replace, delete; values survive a new instance", async () => {
    const dir = await directory();
    const storage = fileStorage(dir);
    assert.equal(await storage.get("lease.abc"), null);
    await storage.set("lease.abc", "first");
    await storage.set("lease.abc", "second");
    assert.equal(await fileStorage(dir).get("lease.abc"), "second");
    await storage.delete("lease.abc");
    await storage.delete("lease.abc");
    assert.equal(await storage.get("lease.abc"), null);
  });

  test("writes leave no temporary files and are private to the user", async () => {
    const dir = await directory();
    const storage = fileStorage(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => storage.set("device", `value-${i}`)));
    assert.deepEqual(await readdir(dir), ["device.value"]);
    assert.match((await storage.get("device")) ?? "", /^value-\d+$/);
    assert.equal((await stat(join(dir, "device.value"))).mode & 0o077, 0);
    assert.equal((await stat(dir)).mode & 0o077, 0);
  });

  test("keys cannot escape the directory", async () => {
    const dir = await directory();
    await fileStorage(dir).set("../escape", "x");
    assert.deepEqual(await readdir(dir), [`${encodeURIComponent("../escape")}.value`]);
  });
});

describe("machineFingerprint", () => {
  const machineIdFile = ["/etc/machine-id", "/var/lib/dbus/machine-id"].find((file) =>
    existsSync(file),
  );
  test("HMAC-SHA-256 of the machine id keyed by the app: stable, not the raw id", {
    skip: process.platform === "linux" && !machineIdFile ? "no machine id file here" : false,
  }, async () => {
    const fingerprint = await machineFingerprint("com.example.app");
    assert.match(fingerprint, /^[0-9a-f]{64}$/);
    assert.equal(await machineFingerprint("com.example.app"), fingerprint);
    assert.notEqual(await machineFingerprint("com.example.other"), fingerprint);
    if (machineIdFile) {
      const id = (await readFile(machineIdFile, "utf8")).trim();
      const expected = createHmac("sha256", "com.example.app").update(id).digest("hex");
      assert.equal(fingerprint, expected);
      assert.ok(!fingerprint.includes(id));
    }
  });
});
