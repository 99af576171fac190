#!/usr/bin/env node
// An example command line app that refuses to run without a valid license (docs/sdk.md).
//
//   KEYWARD_SERVER_URL=https://license.example.com \
//   KEYWARD_PUBLIC_KEY="$(cat vendor-public-key.pem)" \
//   KEYWARD_PRODUCT_ID=prod_... \
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
import { createClient, fileStorage, isKeywardError } from "@keyward/sdk/node";

const EXIT_LICENSE = 1;
const EXIT_USAGE = 2;
const USAGE =
  "usage: KEYWARD_SERVER_URL=… KEYWARD_PUBLIC_KEY=… KEYWARD_PRODUCT_ID=… app.mjs [--license-key KEY] [--online] [deactivate]";

/** Prints `lines` on stderr and ends with `code`: no stack trace for what the user can fix. */
function fail(code, ...lines) {
  for (const line of lines) console.error(line);
  process.exit(code);
}

/** One line on a KeywardError: what went wrong, in the user's terms. */
function explain(error) {
  if (error.code === "NETWORK") return `Could not reach the license server: ${error.message}`;
  if (error.code === "RATE_LIMITED") return `The license server is busy: ${error.message}`;
  return `The license server answered: ${error.message}`;
}

/** "2 days", "3 hours", "12 minutes": how far the clock is off. */
function duration(seconds) {
  const [value, unit] =
    seconds >= 86_400
      ? [seconds / 86_400, "day"]
      : seconds >= 3600
        ? [seconds / 3600, "hour"]
        : [seconds / 60, "minute"];
  const rounded = Math.round(value);
  return `${rounded} ${unit}${rounded === 1 ? "" : "s"}`;
}

let values;
let positionals;
try {
  ({ values, positionals } = parseArgs({
    options: { "license-key": { type: "string" }, online: { type: "boolean" } },
    allowPositionals: true,
  }));
} catch (error) {
  fail(EXIT_USAGE, USAGE, error.message);
}
const deactivating = positionals.length === 1 && positionals[0] === "deactivate";
if (positionals.length > 0 && !deactivating) {
  fail(EXIT_USAGE, USAGE, `unknown command: ${positionals.join(" ")}`);
}
const stateDir = process.env.KEYWARD_STATE_DIR ?? join(homedir(), ".example-cli");
const keyFile = join(stateDir, "license-key");

const licenseKey =
  values["license-key"] ??
  (await readFile(keyFile, "utf8").then(
    (text) => text.trim(),
    () => null,
  ));
const { KEYWARD_SERVER_URL, KEYWARD_PUBLIC_KEY, KEYWARD_PRODUCT_ID } = process.env;
if (!licenseKey || !KEYWARD_SERVER_URL || !KEYWARD_PUBLIC_KEY || !KEYWARD_PRODUCT_ID) {
  fail(EXIT_USAGE, USAGE);
}

let client;
try {
  client = createClient({
    serverUrl: KEYWARD_SERVER_URL,
    standbyUrl: process.env.KEYWARD_STANDBY_URL || undefined,
    licenseKey,
    publicKey: KEYWARD_PUBLIC_KEY,
    // This app's product: a key of the vendor's other products is refused (WRONG_PRODUCT). A
    // real app hard-codes it; the example reads it so that one copy runs against any server.
    productId: KEYWARD_PRODUCT_ID,
    storage: fileStorage(join(stateDir, "state")),
    app: { identifier: "com.example.cli", version: "1.0.0", platform: process.platform },
    timeoutMs: 5000,
  });
} catch (error) {
  // CONFIG: a KEYWARD_PUBLIC_KEY that is no public key, a URL that is no URL, …
  if (!isKeywardError(error)) throw error;
  fail(
    EXIT_USAGE,
    USAGE,
    `Bad configuration: ${error.message} (check KEYWARD_SERVER_URL, KEYWARD_STANDBY_URL and KEYWARD_PUBLIC_KEY).`,
  );
}

try {
  if (deactivating) await deactivate();
  else await run();
} catch (error) {
  // What is left: the state directory cannot be read or written, and the like.
  fail(EXIT_LICENSE, `example-cli: ${error.message}`);
}

async function deactivate() {
  try {
    await client.deactivate();
  } catch (error) {
    if (!isKeywardError(error)) throw error;
    if (error.code === "NOT_ACTIVATED") {
      // Run twice, or before the app ever ran here: there is no seat to free.
      fail(EXIT_LICENSE, "This device is not activated: there is nothing to deactivate.");
    }
    fail(EXIT_LICENSE, "Could not deactivate this device.", explain(error));
  }
  console.log("This device is deactivated.");
}

async function run() {
  // Checks the license; on a device the server does not know yet (the first run here, a new
  // computer, a seat freed by the vendor) it activates this device first. While the signed
  // lease holds (the policy's leaseDurationSeconds, a day by default) the answer comes from it
  // without a request; --online asks the server anyway, so a suspension shows at once.
  const status = await client.checkOrActivate({ force: values.online === true });
  if (status.state === "locked") {
    const lines = [`No valid license (${status.reason}${status.code ? `: ${status.code}` : ""}).`];
    const { error } = status;
    if (status.reason === "CLOCK_ROLLBACK") {
      lines.push(
        "This device's clock is behind the license server's: set it right, then try again.",
      );
    }
    if (error?.code === "UNKNOWN_KEY") {
      lines.push("The license server does not know this license key: check it for typos.");
    } else if (error?.code === "WRONG_PRODUCT") {
      lines.push("This license key is for another product.");
    } else if (error?.code === "ACTIVATION_REFUSED") {
      // "activation refused: license has reached its limit of 2 machines (MACHINE_LIMIT_EXCEEDED)"
      lines.push(`${error.message} (${error.serverCode}).`);
      if (error.serverCode === "MACHINE_LIMIT_EXCEEDED") {
        lines.push("Run `app.mjs deactivate` on a device you no longer use, then try again.");
      }
    } else if (error) {
      lines.push(explain(error));
    }
    fail(EXIT_LICENSE, ...lines);
  }
  if (status.state === "grace") {
    // Running on the stored lease: the server could not confirm it now.
    const until = `Connect before ${status.graceEndsAt.toISOString()}.`;
    console.warn(
      status.error?.code === "NETWORK"
        ? `Offline: the license server could not be reached. ${until}`
        : `The license could not be confirmed (${status.error?.message ?? "no answer"}). ${until}`,
    );
  }
  if (status.reason === "CLOCK_AHEAD") {
    // The server has just confirmed the license, but offline the lease would end early.
    console.warn(
      `This device's clock is ${duration(status.clockOffsetSeconds)} ahead of the license ` +
        "server's: set it right, or working offline ends early by as much.",
    );
  }
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  await writeFile(keyFile, `${licenseKey}\n`, { mode: 0o600 });

  // The app itself.
  console.log(`Hello from a licensed app (license ${status.licenseId}, ${status.state}).`);
}
