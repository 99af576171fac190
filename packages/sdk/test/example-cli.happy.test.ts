// The guide's example app (examples/node-cli) against a real server: it runs with a valid
// license on as many devices as the license has seats (each device: its own state directory),
// keeps running on its lease while the server is down, and refuses without a license.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { databases } from "../../server/test/support/databases.js";
import { useKeywardServer } from "./support/server.js";

const APP = fileURLToPath(new URL("../../../examples/node-cli/app.mjs", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the app; `preload`: a module Node imports first (e.g. one that moves the clock). */
function runApp(args: string[], env: Record<string, string>, preload?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--conditions=@keyward/source",
        "--import",
        "tsx",
        ...(preload ? ["--import", pathToFileURL(preload).href] : []),
        APP,
        ...args,
      ],
      { env: { PATH: process.env.PATH ?? "", ...env } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A stack trace's frames: what the app must never print for what a user can fix. */
const STACK = /^\s+at /m;

/** A module that moves the app's clock `ms` ahead (new Date(), Date.now()). */
const CLOCK_AHEAD = (ms: number) => `const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) { if (args.length === 0) super(RealDate.now() + ${ms}); else super(...args); }
  static now() { return RealDate.now() + ${ms}; }
};
`;

// SQLite only: the app sees HTTP, and each run starts a Node process (slow on 2 cores).
const sqlite = databases().find((db) => db.name === "sqlite")!;

describe("example Node CLI app [sqlite]", () => {
  const db = sqlite;
  const server = useKeywardServer(db);
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** A new device's environment (its own state directory) for the app of `productId`. */
  async function env(productId: string): Promise<Record<string, string>> {
    const stateDir = await mkdtemp(join(tmpdir(), "keyward-example-"));
    dirs.push(stateDir);
    return {
      KEYWARD_SERVER_URL: server().url,
      KEYWARD_PUBLIC_KEY: server().publicKey,
      KEYWARD_STATE_DIR: stateDir,
      KEYWARD_PRODUCT_ID: productId,
    };
  }

  test("runs with a valid license, then on its lease while the server is down", async () => {
    const { key, id, productId } = await server().createLicense();
    const environment = await env(productId);
    const first = await runApp(["--license-key", key], environment);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`licensed app \\(license ${id}, valid\\)`));

    await server().stop();
    try {
      // The key was remembered; the stored lease answers without the server.
      const offline = await runApp([], environment);
      assert.equal(offline.code, 0, offline.stderr);
    } finally {
      await server().start();
    }

    const deactivated = await runApp(["deactivate"], environment);
    assert.equal(deactivated.code, 0, deactivated.stderr);
    const machines = await server().admin("GET", `/v1/machines?licenseId=${id}`);
    assert.deepEqual(machines.body.data, []);
  });

  test("two devices on a two-seat license both run; a third is refused until one deactivates", async () => {
    const { key, id, productId } = await server().createLicense({ floating: true, maxMachines: 2 });
    const [laptop, desktop, spare] = [
      await env(productId),
      await env(productId),
      await env(productId),
    ];
    for (const device of [laptop, desktop]) {
      const run = await runApp(["--license-key", key], device);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`licensed app \\(license ${id}, valid\\)`));
    }

    const refused = await runApp(["--license-key", key], spare);
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, "");
    assert.equal(
      refused.stderr,
      "No valid license (NOT_ACTIVATED: FINGERPRINT_SCOPE_MISMATCH).\n" +
        "activation refused: license has reached its limit of 2 machines (MACHINE_LIMIT_EXCEEDED).\n" +
        "Run `app.mjs deactivate` on a device you no longer use, then try again.\n",
    );

    const deactivated = await runApp(["deactivate"], laptop);
    assert.equal(deactivated.code, 0, deactivated.stderr);
    const admitted = await runApp(["--license-key", key], spare);
    assert.equal(admitted.code, 0, admitted.stderr);
    const machines = await server().admin("GET", `/v1/machines?licenseId=${id}`);
    assert.equal(machines.body.data.length, 2);
  });

  test("refuses to run for a suspended license, an unknown key, another product's key or no key", async () => {
    const { key, id, productId } = await server().createLicense();
    await server().admin("POST", `/v1/licenses/${id}/actions/suspend`);
    const suspended = await runApp(["--license-key", key], await env(productId));
    assert.equal(suspended.code, 1);
    assert.match(suspended.stderr, /No valid license \(SERVER_LOCK: SUSPENDED\)/);
    assert.equal(suspended.stdout, "");

    const unknown = await runApp(["--license-key", "NOT-A-KEY"], await env(productId));
    assert.equal(unknown.code, 1);
    assert.equal(
      unknown.stderr,
      "No valid license (NO_LEASE).\n" +
        "The license server does not know this license key: check it for typos.\n",
    );

    const other = await server().createLicense();
    const wrong = await runApp(["--license-key", other.key], await env(productId));
    assert.equal(wrong.code, 1);
    assert.equal(
      wrong.stderr,
      "No valid license (NO_LEASE).\nThis license key is for another product.\n",
    );

    const none = await runApp([], await env(productId));
    assert.equal(none.code, 2);
    assert.match(none.stderr, /usage/);
  });

  test("deactivate twice, or with the server down: a clear message and exit 1, no stack trace", async () => {
    const { key, id, productId } = await server().createLicense();
    const environment = await env(productId);
    assert.equal((await runApp(["--license-key", key], environment)).code, 0);

    await server().stop();
    let down: Run;
    try {
      down = await runApp(["deactivate"], environment);
    } finally {
      await server().start();
    }
    assert.equal(down.code, 1);
    assert.equal(down.stdout, "");
    assert.match(
      down.stderr,
      /^Could not deactivate this device\.\nCould not reach the license server: DELETE http:\/\/127\.0\.0\.1:\d+\/v1\/machines\/mach_\w+ failed: connection refused \(ECONNREFUSED\)\n$/,
    );
    const machines = await server().admin("GET", `/v1/machines?licenseId=${id}`);
    assert.equal(machines.body.data.length, 1, "the seat is still taken");

    const deactivated = await runApp(["deactivate"], environment);
    assert.equal(deactivated.code, 0, deactivated.stderr);
    assert.equal(deactivated.stdout, "This device is deactivated.\n");
    const again = await runApp(["deactivate"], environment);
    assert.deepEqual(again, {
      code: 1,
      stdout: "",
      stderr: "This device is not activated: there is nothing to deactivate.\n",
    });
  });

  test("a malformed public key or server URL, an unknown option or command: the usage line, exit 2", async () => {
    const { key, productId } = await server().createLicense();
    const environment = await env(productId);
    const usage =
      /^usage: KEYWARD_SERVER_URL=… KEYWARD_PUBLIC_KEY=… KEYWARD_PRODUCT_ID=… app\.mjs /;
    const badKey = await runApp(["--license-key", key], {
      ...environment,
      KEYWARD_PUBLIC_KEY: "not-a-public-key",
    });
    assert.equal(badKey.code, 2);
    assert.match(badKey.stderr, usage);
    assert.match(
      badKey.stderr,
      /\nBad configuration: publicKey is not a valid public key \(check KEYWARD_SERVER_URL, KEYWARD_STANDBY_URL and KEYWARD_PUBLIC_KEY\)\.\n$/,
    );
    const badUrl = await runApp(["--license-key", key], {
      ...environment,
      KEYWARD_SERVER_URL: "license server",
    });
    assert.equal(badUrl.code, 2);
    assert.match(badUrl.stderr, /\nBad configuration: serverUrl /);
    for (const args of [["--licence-key", key], ["deactivat"]]) {
      const wrong = await runApp(args, environment);
      assert.equal(wrong.code, 2, wrong.stderr);
      assert.match(wrong.stderr, usage);
    }
    for (const run of [badKey, badUrl]) {
      assert.doesNotMatch(run.stderr, STACK);
      assert.equal(run.stdout, "");
    }
  });

  test("a device clock 2 days ahead: runs, and says the clock is ahead (not offline)", async () => {
    const { key, id, productId } = await server().createLicense();
    const environment = await env(productId);
    const preload = join(environment.KEYWARD_STATE_DIR!, "..", `clock-ahead-${id}.mjs`);
    await writeFile(preload, CLOCK_AHEAD(2 * 86_400_000));
    try {
      const run = await runApp(["--license-key", key], environment, preload);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`licensed app \\(license ${id}, valid\\)`));
      assert.equal(
        run.stderr,
        "This device's clock is 2 days ahead of the license server's: set it right, or " +
          "working offline ends early by as much.\n",
      );
    } finally {
      await rm(preload, { force: true });
    }
  });
});
