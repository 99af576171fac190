import {
  encodeActivationRequest,
  signActivationRequest,
  type UnsignedActivationRequest,
  verifyActivationResponse,
} from "@keyward/formats";
import { nodeCrypto } from "@keyward/formats/node";
import type { Command } from "commander";
import { CliError, ServerRefusal, usageError } from "../errors.js";
import { helpText } from "../help.js";
import type { Context } from "../io.js";

// `keyward offline …`: LicenseSpring-style offline activation (SPEC L1–L3, seed 003). The
// air-gapped device writes a signed request file, a connected machine trades it at the server
// for a response file, and the device checks that file with its shared key.

interface IdentityOptions {
  licenseKey?: string;
  username?: string;
}

interface KeyOptions {
  apiKey: string;
  sharedKey?: string;
  sharedKeyFile?: string;
}

interface RequestOptions extends IdentityOptions, KeyOptions {
  password?: string;
  hardwareId: string;
  product?: string;
  hostname?: string;
  osVersion?: string;
  appVersion?: string;
  variable: Record<string, string>;
  date?: string;
  deactivation?: boolean;
  out?: string;
}

interface ActivateOptions {
  server?: string;
  token?: string;
  requestFile?: string;
  deactivate?: boolean;
  out?: string;
}

interface VerifyOptions extends IdentityOptions, KeyOptions {
  hardwareId: string;
  responseFile?: string;
  maxAge?: number;
  json?: boolean;
}

/** `--variable name=value`, repeatable: device variables (SPEC L6). */
function collectVariable(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf("=");
  if (at <= 0) throw usageError(`--variable expects name=value, got '${value}'`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

function parseSeconds(value: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw usageError(`--max-age expects whole seconds, got '${value}'`);
  }
  return Number(value.trim());
}

function identity(options: IdentityOptions): { license_key: string } | { username: string } {
  if ((options.licenseKey === undefined) === (options.username === undefined)) {
    throw usageError("give exactly one of --license-key and --username");
  }
  return options.licenseKey !== undefined
    ? { license_key: options.licenseKey }
    : { username: options.username! };
}

/** The shared key from --shared-key or --shared-key-file (keeps it out of `ps` and history). */
async function sharedKey(context: Context, options: KeyOptions): Promise<string> {
  if ((options.sharedKey === undefined) === (options.sharedKeyFile === undefined)) {
    throw usageError("give exactly one of --shared-key and --shared-key-file");
  }
  if (options.sharedKey !== undefined) return options.sharedKey;
  return (await context.readText(options.sharedKeyFile, "shared key")).trim();
}

const KEY_HELP = `
The api key and shared key are the organization's offline keys: an admin reads them with
GET /v1/organization/offline-keys. The shared key signs requests and verifies responses.`;

/** `keyward offline …`: request, activate and verify offline activation files. */
export function registerOfflineCommands(program: Command, context: Context): void {
  const offline = program
    .command("offline")
    .description(
      "offline activation by request/response file (LicenseSpring-compatible, seed 003)",
    );

  offline
    .command("request")
    .description("on the air-gapped device: write a signed activation (or deactivation) request")
    .option("-l, --license-key <key>", "the license key (or give --username)")
    .option("-u, --username <name>", "the license user (with --password)")
    .option("--password <password>", "the license user's password")
    .requiredOption("--hardware-id <id>", "the device's hardware id (its fingerprint)")
    .requiredOption("--api-key <key>", "the organization's offline api key")
    .option("--shared-key <key>", "the organization's shared key")
    .option("--shared-key-file <file>", "read the shared key from this file")
    .option("--product <code>", "the product's code (a license user with several licenses)")
    .option("--hostname <name>", "the device's name")
    .option("--os-version <version>", "the device's operating system version")
    .option("--app-version <version>", "the application's version")
    .option("--variable <name=value>", "a device variable (repeatable)", collectVariable, {})
    .option("--date <date>", "the request date (default: now, RFC 7231)")
    .option("--deactivation", "a deactivation request (frees the device's seat)")
    .option("-o, --out <file>", "write the request file here instead of stdout")
    .addHelpText(
      "after",
      helpText(`${KEY_HELP}

The request file is Base64 of the request JSON. Its signature is the Base64 of an
HMAC-SHA256, keyed by the shared key, over five lines: "licenseSpring", "date: <date>", the
license key or username, the hardware id and the api key.

Example:
  $ keyward offline request --license-key "$KEY" \\
      --hardware-id "$(cat /etc/machine-id)" --api-key "$API_KEY" \\
      --shared-key-file shared.key --out activation.req`),
    )
    .action(async (options: RequestOptions) => {
      const fields = {
        ...identity(options),
        ...(options.password !== undefined ? { password: options.password } : {}),
        hardware_id: options.hardwareId,
        api_key: options.apiKey,
        date: options.date ?? new Date().toUTCString(),
        request: options.deactivation ? "deactivation" : "activation",
        ...(options.product !== undefined ? { product: options.product } : {}),
        ...(options.hostname !== undefined ? { hostname: options.hostname } : {}),
        ...(options.osVersion !== undefined ? { os_ver: options.osVersion } : {}),
        ...(options.appVersion !== undefined ? { app_ver: options.appVersion } : {}),
        ...(Object.keys(options.variable).length > 0 ? { variables: options.variable } : {}),
      } as UnsignedActivationRequest;
      const signed = await signActivationRequest(fields, await sharedKey(context, options), {
        crypto: nodeCrypto,
      });
      // The request holds the license key, or the license user's password: 0600, replaced
      // (atomically) when --out exists.
      await context.writeOutput(options.out, encodeActivationRequest(signed), {
        secret: true,
        force: true,
        what: "request file",
      });
    });

  offline
    .command("activate")
    .description("on a connected machine: trade a request file at the server for a response file")
    .argument("[request]", "the request file (default: --request-file, else stdin)")
    .option("--server <url>", "the Keyward server (default: $KEYWARD_URL)")
    .option("--token <token>", "an admin or product token (default: $KEYWARD_TOKEN)")
    .option("--request-file <file>", "read the request from this file; - for stdin")
    .option("--deactivate", "send a deactivation request: frees the device's seat")
    .option("-o, --out <file>", "write the response file here instead of stdout")
    .addHelpText(
      "after",
      helpText(`
Posts the request to <server>/v1/offline/activate (or /deactivate) with the token as
Authorization and the current Date, and writes the response file (Base64 of the signed JSON
response) for the device. A refusal prints the server's error code, e.g. MACHINE_LIMIT_EXCEEDED.

Example:
  $ KEYWARD_TOKEN=kw_admin_… keyward offline activate \\
      --server https://licenses.example.com activation.req --out activation.res`),
    )
    .action(async (argument: string | undefined, options: ActivateOptions) => {
      if (argument !== undefined && options.requestFile !== undefined) {
        throw usageError("give the request either as an argument or with --request-file");
      }
      const server = options.server ?? process.env.KEYWARD_URL;
      const token = options.token ?? process.env.KEYWARD_TOKEN;
      if (!server) throw usageError("no server: give --server or set KEYWARD_URL");
      if (!token) throw usageError("no token: give --token or set KEYWARD_TOKEN");
      const request = (await context.readText(argument ?? options.requestFile, "request")).trim();
      const path = options.deactivate
        ? "/v1/offline/deactivate"
        : "/v1/offline/activate?format=file";
      const text = await post(new URL(path, server), token, request);
      // The response file holds the license key (of a license-key request): 0600 like the
      // request file.
      await context.writeOutput(options.out, text, {
        secret: true,
        force: true,
        what: options.deactivate ? "deactivation result" : "response file",
      });
    });

  offline
    .command("verify")
    .description("on the device: check a response file's offline_signature, date and device")
    .argument("[response]", "the response file (default: --response-file, else stdin)")
    .option("-l, --license-key <key>", "the license key the device asked with")
    .option("-u, --username <name>", "the license user the device asked with")
    .requiredOption("--hardware-id <id>", "this device's hardware id")
    .requiredOption("--api-key <key>", "the organization's offline api key")
    .option("--shared-key <key>", "the organization's shared key")
    .option("--shared-key-file <file>", "read the shared key from this file")
    .option("--response-file <file>", "read the response from this file; - for stdin")
    .option("--max-age <seconds>", "refuse a response signed longer ago than this", parseSeconds)
    .option("--json", "print the whole response JSON instead of a summary")
    .addHelpText(
      "after",
      helpText(`${KEY_HELP}

Fails with BAD_SIGNATURE (exit 10) for another key, identity, device or api key, MISMATCH (15)
when the response names another license key or hardware id, EXPIRED (13) past --max-age and
ISSUED_IN_FUTURE (14) for a date ahead of the clock.

Example:
  $ keyward offline verify --license-key "$KEY" \\
      --hardware-id "$(cat /etc/machine-id)" --api-key "$API_KEY" \\
      --shared-key-file shared.key activation.res`),
    )
    .action(async (argument: string | undefined, options: VerifyOptions) => {
      if (argument !== undefined && options.responseFile !== undefined) {
        throw usageError("give the response either as an argument or with --response-file");
      }
      const who = identity(options);
      const key = await sharedKey(context, options);
      const text = await context.readText(argument ?? options.responseFile, "response");
      const result = await verifyActivationResponse(text, {
        sharedKey: key,
        ...("license_key" in who ? { licenseKey: who.license_key } : { username: who.username }),
        hardwareId: options.hardwareId,
        apiKey: options.apiKey,
        crypto: nodeCrypto,
        ...(options.maxAge !== undefined ? { maxAgeSeconds: options.maxAge } : {}),
      });
      if (!result.ok) throw result.error;
      const { response, date } = result.value;
      if (options.json) {
        await context.writeOutput(undefined, JSON.stringify(response, null, 2));
        return;
      }
      await context.writeStdout(
        `valid: license ${String(response.license_id)} (${String(response.license_type)}), ` +
          `device ${options.hardwareId}, signed ${date}\n`,
      );
    });
}

/** POSTs the request text; the server's JSON error becomes a one-line CLI error with its code. */
async function post(url: URL, token: string, body: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        date: new Date().toUTCString(),
        "content-type": "text/plain",
      },
      body,
    });
  } catch (error) {
    throw new CliError("NETWORK_ERROR", `cannot reach ${url.origin}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (response.ok) return text;
  let code = `HTTP_${response.status}`;
  let message = text.slice(0, 200);
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    code = parsed.error?.code ?? code;
    message = parsed.error?.message ?? message;
  } catch {
    // Not our JSON error (a proxy's page, say): keep the status and the start of the body.
  }
  // The server's own code, so scripts can tell MACHINE_LIMIT_EXCEEDED from STALE_DATE.
  throw new ServerRefusal(code, `the server refused the request (${response.status}): ${message}`);
}
