// One device, one identity: copies of an app starting for the first time at once on one device
// (real processes sharing one fileStorage directory) take one seat, not one each, and
// deactivate() frees this device's machine whatever the storage says.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { databases } from "../../server/test/support/databases.js";
import { fileStorage, memoryStorage } from "../src/node.js";
import { sdkClient, useKeywardServer } from "./support/server.js";

const SDK = new URL("../src/node.ts", import.meta.url).href;

/**
 * An app's first start: it loads the SDK, says "ready", waits for a line on stdin (so that every
 * copy starts its check at the same moment), then runs checkOrActivate() and prints the status.
 */
const APP = `
const { createClient, fileStorage } = await import(${JSON.stringify(SDK)});
const client = createClient({
  serverUrl: process.env.SERVER_URL,
  licenseKey: process.env.LICENSE_KEY,
  publicKey: process.env.PUBLIC_KEY,
  storage: fileStorage(process.env.STATE_DIR),
  retry: { retries: 0 },
});
process.stdout.write("ready\\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
const status = await client.checkOrActivate();
process.stdout.write(JSON.stringify({ state: status.state, machineId: status.machineId }) + "\\n");
process.exit(0);
`;

interface Copy {
  ready: Promise<void>;
  go(): void;
  done: Promise<{ state: string; machineId: string | null }>;
}

function startCopy(env: Record<string, string>): Copy {
  const child = spawn(
    process.execPath,
    ["--conditions=@keyward/source", "--import", "tsx", "--input-type=module", "-e", APP],
    { env: { PATH: process.env.PATH ?? "", ...env } },
  );
  let stdout = "";
  let stderr = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
    if (stdout.startsWith("ready\n")) markReady();
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<{ state: string; machineId: string | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`the app exited ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.split("\n")[1]!));
    });
  });
  return { ready, go: () => child.stdin.end("go\n"), done };
}

// SQLite only: each copy is a Node process (slow on 2 cores).
const sqlite = databases().find((db) => db.name === "sqlite")!;

describe("one device identity per storage [sqlite]", () => {
  const server = useKeywardServer(sqlite);
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  test("four copies starting at once on one device take one seat of a two-seat license", async () => {
    const { key, id } = await server().createLicense({ floating: true, maxMachines: 2 });
    const stateDir = await mkdtemp(join(tmpdir(), "keyward-identity-"));
    dirs.push(stateDir);
    const env = {
      SERVER_URL: server().url,
      LICENSE_KEY: key,
      PUBLIC_KEY: server().publicKey,
      STATE_DIR: stateDir,
    };
    const copies = Array.from({ length: 4 }, () => startCopy(env));
    await Promise.all(copies.map((copy) => copy.ready));
    for (const copy of copies) copy.go();
    const statuses = await Promise.all(copies.map((copy) => copy.done));

    const machines = await server().admin("GET", `/v1/machines?licenseId=${id}`);
    assert.equal(machines.body.data.length, 1, JSON.stringify(machines.body.data));
    const [machine] = machines.body.data;
    assert.equal(machine.fingerprint, await fileStorage(stateDir).get("device"));
    for (const status of statuses) {
      assert.deepEqual(status, { state: "valid", machineId: machine.id });
    }
  });

  test("deactivate() frees the machine of this device's lease, not a stored id of another", async () => {
    const { key, id } = await server().createLicense({ floating: true, maxMachines: 2 });
    const storage = memoryStorage();
    const laptop = sdkClient(server(), key, { storage });
    const desktop = sdkClient(server(), key);
    assert.equal((await laptop.sdk.checkOrActivate()).state, "valid");
    const desktopMachine = (await desktop.sdk.checkOrActivate()).machineId!;
    // The laptop's storage names the desktop's machine (as a concurrent first start wrote it).
    const scope = createHash("sha256").update(key).digest("hex").slice(0, 16);
    await storage.set(`machine.${scope}`, desktopMachine);

    await laptop.sdk.deactivate();
    const machines = await server().admin("GET", `/v1/machines?licenseId=${id}`);
    assert.deepEqual(
      machines.body.data.map((machine: { id: string }) => machine.id),
      [desktopMachine],
    );
  });
});
