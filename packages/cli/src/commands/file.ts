import {
  base64Decode,
  FILE_KINDS,
  type FileKind,
  isLicenseFileAlgorithm,
  LICENSE_FILE_ALGORITHMS,
  type LicenseFileAlgorithm,
  parseLicenseFileAlgorithm,
  readLicenseFileCertificate,
  verifyLicenseFile,
} from "@keyward/formats";
import { createLicenseFile, nodeCrypto } from "@keyward/formats/node";
import { type Command, Option } from "commander";
import { CliError, formatWarning } from "../errors.js";
import { helpText } from "../help.js";
import {
  type Context,
  collect,
  KEYS_HELP,
  loadPrivateKey,
  loadTrustedKeys,
  PUBLIC_KEY_HELP,
  type TrustedKeyOptions,
} from "../io.js";
import { parseDate, parseTtl, pickName } from "../options.js";

interface CreateOptions {
  kind: FileKind;
  algorithm: LicenseFileAlgorithm;
  privateKey: string;
  data?: string;
  ttl?: number | null;
  issued?: Date;
  licenseKey?: string;
  fingerprint?: string;
  out?: string;
}

interface VerifyOptions extends TrustedKeyOptions {
  algorithm: LicenseFileAlgorithm;
  kind?: FileKind;
  licenseKey?: string;
  fingerprint?: string;
  now?: Date;
  allowExpired?: boolean;
}

export function parseFileAlgorithm(value: string): LicenseFileAlgorithm {
  return pickName(value, LICENSE_FILE_ALGORITHMS, "license file algorithm");
}

const ALGORITHM_HELP = `one of ${LICENSE_FILE_ALGORITHMS.join(", ")}`;

/** `keyward file …`: license files and machine files (SPEC F1–F6). */
export function registerFileCommands(program: Command, context: Context): void {
  const file = program
    .command("file")
    .description("create and verify license files and machine files (offline licenses)");

  file
    .command("create")
    .description("sign (and optionally encrypt) a license or machine file")
    .addOption(
      new Option("--kind <kind>", "license file or machine file")
        .choices(FILE_KINDS)
        .default("license"),
    )
    .requiredOption("-a, --algorithm <alg>", ALGORITHM_HELP, parseFileAlgorithm)
    .requiredOption("-k, --private-key <file>", "signing private key file (Ed25519 or RSA)")
    .option(
      "-d, --data <file>",
      'JSON file with {"data": …, "included": […]} or just the data object; - for stdin (default: stdin)',
    )
    .option(
      "--ttl <seconds>",
      "time to live: seconds (or 90m, 12h, 30d, 2w) from 1 hour to 1 year, or none (default: 30d)",
      parseTtl,
    )
    .option(
      "--issued <date>",
      "issue time, ISO 8601 or Unix seconds (default: now)",
      parseDate("--issued"),
    )
    .option("-l, --license-key <key>", "license key: the encryption secret of aes-256-gcm files")
    .option(
      "--fingerprint <fp>",
      "machine fingerprint: with the license key, the secret of encrypted machine files",
    )
    .option("-o, --out <file>", "write the certificate to this file instead of stdout")
    .addHelpText(
      "after",
      helpText(`
The --data document is the JSON:API shape Keygen puts in a file: an object with a "data"
member (the license or machine resource) and optionally "included" (related resources).
An object without a "data" member is taken as the data itself. "meta" (issued, expiry, ttl)
is always generated from --issued and --ttl; a "meta" member in the input is ignored.

Examples:
  $ keyward file create --algorithm base64+ed25519 \\
      --private-key keys/ed25519-private.pem --data license.json --ttl 30d \\
      --out license.lic
  $ keyward file create --kind machine --algorithm aes-256-gcm+ed25519 \\
      --private-key keys/ed25519-private.pem --license-key "$KEY" \\
      --fingerprint "$FP" --data machine.json > machine.lic`),
    )
    .action(async (options: CreateOptions) => {
      context.assertOneStdin({ "private key": options.privateKey, "data document": options.data });
      const privateKey = await loadPrivateKey(context, options.privateKey);
      const input = parseDataDocument(await context.readText(options.data, "data document"));
      const certificate = createLicenseFile({
        kind: options.kind,
        algorithm: options.algorithm,
        privateKey,
        data: input.data,
        ...(input.included === undefined ? {} : { included: input.included }),
        ...(options.issued === undefined ? {} : { issued: options.issued }),
        ...(options.ttl === undefined ? {} : { ttl: options.ttl }),
        ...(options.licenseKey === undefined ? {} : { licenseKey: options.licenseKey }),
        ...(options.fingerprint === undefined ? {} : { fingerprint: options.fingerprint }),
      });
      // A base64+ file holds the license key in clear; any file is the license: 0600, replaced
      // (atomically) when --out exists.
      await context.writeOutput(options.out, certificate, {
        secret: true,
        force: true,
        what: "license file",
      });
    });

  file
    .command("verify")
    .description("verify (and decrypt) a license or machine file and print its JSON document")
    .argument("[file]", "the certificate file; - or omitted for stdin")
    .requiredOption(
      "-a, --algorithm <alg>",
      `the algorithm the file must use: ${ALGORITHM_HELP}`,
      parseFileAlgorithm,
    )
    .option("-p, --public-key <key>", PUBLIC_KEY_HELP, collect)
    .option("--keys <file>", KEYS_HELP)
    .addOption(new Option("--kind <kind>", "require this kind of file").choices(FILE_KINDS))
    .option("-l, --license-key <key>", "license key: decrypts aes-256-gcm files")
    .option(
      "--fingerprint <fp>",
      "machine fingerprint: with the license key, decrypts machine files",
    )
    .option(
      "--now <date>",
      "check issued/expiry against this time instead of the clock",
      parseDate("--now"),
    )
    .option("--allow-expired", "print the document of an expired file (exit 0, warning on stderr)")
    .addHelpText(
      "after",
      helpText(`
Fails (exit status in parentheses) with BAD_SIGNATURE (10), CANNOT_DECRYPT (11),
WRONG_ALGORITHM (12), EXPIRED (13) or ISSUED_IN_FUTURE (14, the clock was set back).

Examples:
  $ keyward file verify --algorithm base64+ed25519 \\
      --public-key keys/ed25519-public.pem license.lic
  $ KEY=e8601e48b69383ba520245fd07971e983d06d22c4257cfd82304601479cee788
  $ keyward file verify --algorithm aes-256-gcm+ed25519 --public-key "$KEY" \\
      --license-key DC00E8-CC6DA1-2E35BF-BBDC02-E80494-V3 \\
      --allow-expired license.lic
  $ keyward signing-keys list --json > keys.json    # all keys, after a rotation
  $ keyward file verify --algorithm base64+ed25519 --keys keys.json license.lic`),
    )
    .action(async (path: string | undefined, options: VerifyOptions) => {
      const publicKey = await loadTrustedKeys(context, options);
      const certificate = await context.readText(path, "license file");
      const result = await verifyLicenseFile(certificate, publicKey, {
        algorithm: options.algorithm,
        crypto: nodeCrypto,
        ...(options.kind === undefined ? {} : { kind: options.kind }),
        ...(options.licenseKey === undefined ? {} : { licenseKey: options.licenseKey }),
        ...(options.fingerprint === undefined ? {} : { fingerprint: options.fingerprint }),
        ...(options.now === undefined ? {} : { now: options.now }),
      });
      if (result.ok) {
        await context.writeOutput(undefined, JSON.stringify(result.value.document, null, 2));
        return;
      }
      const { error } = result;
      if (error.code === "EXPIRED" && options.allowExpired && error.document !== undefined) {
        await context.writeStderr(
          formatWarning(`${error.message}; printed anyway (--allow-expired)`, error.code),
        );
        await context.writeOutput(undefined, JSON.stringify(error.document, null, 2));
        return;
      }
      throw error;
    });

  file
    .command("inspect")
    .description("show a file's kind and algorithm WITHOUT verifying it (to pick --algorithm)")
    .argument("[file]", "the certificate file; - or omitted for stdin")
    .addHelpText(
      "after",
      helpText(`
Prints {"kind", "algorithm", "encrypted", "verified": false} and, for unencrypted base64+…
files, the "document" as it reads. Nothing here is verified: use \`file verify\` before
trusting any of it.

Example:
  $ keyward file inspect license.lic`),
    )
    .action(async (path: string | undefined) => {
      const result = readLicenseFileCertificate(await context.readText(path, "license file"));
      if (!result.ok) throw result.error;
      const { kind, alg, enc } = result.value;
      const known = isLicenseFileAlgorithm(alg);
      const encrypted = known ? parseLicenseFileAlgorithm(alg).encrypted : undefined;
      const summary: Record<string, unknown> = {
        kind,
        algorithm: alg,
        ...(known ? { encrypted } : { supported: false }),
        verified: false,
      };
      if (encrypted === false) {
        try {
          summary.document = JSON.parse(new TextDecoder().decode(base64Decode(enc)));
        } catch {
          // Not a readable document: verification would fail with BAD_FORMAT; show the summary.
        }
      }
      await context.writeOutput(undefined, JSON.stringify(summary, null, 2));
    });
}

/** The --data input: a `{data, included}` document, or a bare data object. */
export function parseDataDocument(text: string): { data: unknown; included?: unknown[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError("BAD_FORMAT", `the data document is not JSON: ${reason}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new CliError("BAD_FORMAT", "the data document must be a JSON object");
  }
  if (!Object.hasOwn(value, "data")) return { data: value };
  const { data, included } = value as { data: unknown; included?: unknown };
  if (included === undefined) return { data };
  if (!Array.isArray(included)) {
    throw new CliError("BAD_FORMAT", 'the data document\'s "included" must be an array');
  }
  return { data, included };
}
