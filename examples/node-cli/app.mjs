#!/usr/bin/env node
// An example command line app that refuses to run without a valid license (docs/sdk.md).
//
//   KEYWARD_SERVER_URL=https://license.example.com \
//   KEYWARD_PUBLIC_KEY="$(cat vendor-public-key.pem)" \
//   node app.mjs --license-key KEY-...        # runs the app
//   node app.mjs --online                     # runs it after asking the server (not the lease)
//   node app.mjs deactivate                   # frees this device's seat
//
// The license key is remembered after the first successful run; state lives in
// $KEYWARD_STATE_DIR (default ~/.example-cli): its random device id (the fingerprint the server
// sees) too, so another state directory is another device.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createClient, fileStorage } from "@keyward/sdk/node";

const EXIT_LICENSE = 1;
const EXIT_USAGE = 2;

const { values, positionals } = parseArgs({
  options: { "license-key": { type: "string" }, online: { type: "boolean" } },
  allowPositionals: true,
});
const stateDir = process.env.KEYWARD_STATE_DIR ?? join(homedir(), ".example-cli");
const keyFile = join(stateDir, "license-key");

const licenseKey =
  values["license-key"] ??
  (await readFile(keyFile, "utf8").then(
    (text) => text.trim(),
    () => null,
  ));
if (!licenseKey || !process.env.KEYWARD_SERVER_URL || !process.env.KEYWARD_PUBLIC_KEY) {
  console.error("usage: KEYWARD_SERVER_URL=… KEYWARD_PUBLIC_KEY=… app.mjs --license-key KEY");
  process.exit(EXIT_USAGE);
}

const client = createClient({
  serverUrl: process.env.KEYWARD_SERVER_URL,
  standbyUrl: process.env.KEYWARD_STANDBY_URL,
  licenseKey,
  publicKey: process.env.KEYWARD_PUBLIC_KEY,
  storage: fileStorage(join(stateDir, "state")),
  app: { identifier: "com.example.cli", version: "1.0.0", platform: process.platform },
  timeoutMs: 5000,
});

if (positionals[0] === "deactivate") {
  await client.deactivate();
  console.log("This device is deactivated.");
  process.exit(0);
}

// Checks the license; on a device the server does not know yet (the first run here, a new
// computer, a seat freed by the vendor) it activates this device first. While the signed lease
// holds (the policy's leaseDurationSeconds, a day by default) the answer comes from it without a
// request; --online asks the server anyway, so a suspension shows at once.
const status = await client.checkOrActivate({ force: values.online === true });
if (status.state === "locked") {
  console.error(`No valid license (${status.reason}${status.code ? `: ${status.code}` : ""}).`);
  const { error } = status;
  if (error?.code === "ACTIVATION_REFUSED") {
    // "activation refused: license has reached its limit of 2 machines (MACHINE_LIMIT_EXCEEDED)"
    console.error(`${error.message} (${error.serverCode}).`);
    if (error.serverCode === "MACHINE_LIMIT_EXCEEDED") {
      console.error("Run `app.mjs deactivate` on a device you no longer use, then try again.");
    }
  } else if (error?.code === "NETWORK") {
    console.error(`Could not reach the license server: ${error.message}`);
  } else if (error) {
    console.error(`The license server answered: ${error.message}`);
  }
  process.exit(EXIT_LICENSE);
}
if (status.state === "grace") {
  console.warn(
    `Offline: the license server could not be reached. Connect before ${status.graceEndsAt.toISOString()}.`,
  );
}
await mkdir(stateDir, { recursive: true, mode: 0o700 });
await writeFile(keyFile, `${licenseKey}\n`, { mode: 0o600 });

// The app itself.
console.log(`Hello from a licensed app (license ${status.licenseId}, ${status.state}).`);
