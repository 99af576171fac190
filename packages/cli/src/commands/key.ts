import { KEY_SCHEMES, type KeyScheme, verifyLicenseKey } from "@keyward/formats";
import { nodeCrypto, signLicenseKey } from "@keyward/formats/node";
import type { Command } from "commander";
import { usageError } from "../errors.js";
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
import { parseDate, pickName } from "../options.js";

interface SignOptions {
  scheme: KeyScheme;
  privateKey: string;
  dataset?: string;
  trim: boolean;
  out?: string;
}

interface VerifyOptions extends TrustedKeyOptions {
  scheme: KeyScheme;
  keyFile?: string;
  now?: Date;
  issuer?: string;
  audience?: string;
  json?: boolean;
}

export function parseScheme(value: string): KeyScheme {
  return pickName(value, KEY_SCHEMES, "license key scheme");
}

const SCHEME_HELP = `one of ${KEY_SCHEMES.join(", ")}`;

/** `keyward key …`: cryptographic license keys (SPEC K1–K3). */
export function registerKeyCommands(program: Command, context: Context): void {
  const key = program
    .command("key")
    .description("sign and verify cryptographic license keys (ED25519_SIGN, RSA_2048_*)");

  key
    .command("sign")
    .description(
      "make a license key that embeds a dataset, signed (or encrypted) with a private key",
    )
    .requiredOption("-s, --scheme <scheme>", SCHEME_HELP, parseScheme)
    .requiredOption(
      "-k, --private-key <file>",
      "private key file: Ed25519 for ED25519_SIGN, RSA otherwise",
    )
    .option("-d, --dataset <file>", "the dataset to embed; - for stdin (default: stdin)")
    .option("--no-trim", "keep a trailing newline of the dataset (by default one is removed)")
    .option("-o, --out <file>", "write the key to this file instead of stdout")
    .addHelpText(
      "after",
      helpText(`
The dataset is embedded as is (any text; JSON is usual). RSA_2048_PKCS1_ENCRYPT datasets are
limited to 245 bytes; RSA_2048_JWT_RS256 datasets must be a JSON object of claims.

Examples:
  $ echo '{"license":"L-1","expiry":"2026-01-01"}' | keyward key sign \\
      --scheme ED25519_SIGN --private-key keys/ed25519-private.pem
  $ keyward key sign --scheme RSA_2048_PKCS1_PSS_SIGN_V2 \\
      --private-key keys/rsa-private.pem --dataset dataset.json \\
      --out license.key`),
    )
    .action(async (options: SignOptions) => {
      context.assertOneStdin({ "private key": options.privateKey, dataset: options.dataset });
      const privateKey = await loadPrivateKey(context, options.privateKey);
      let dataset = await context.readText(options.dataset, "dataset");
      if (options.trim) dataset = dataset.replace(/\r?\n$/, "");
      const licenseKey = signLicenseKey(options.scheme, privateKey, dataset);
      // The key is the license: 0600, and replaced (atomically) when --out exists.
      await context.writeOutput(options.out, licenseKey, {
        secret: true,
        force: true,
        what: "license key",
      });
    });

  key
    .command("verify")
    .description("verify a license key and print the dataset it embeds (JWT: its claims)")
    .argument("[key]", "the license key (default: --key-file, else stdin)")
    .requiredOption("-s, --scheme <scheme>", SCHEME_HELP, parseScheme)
    .option("-p, --public-key <key>", PUBLIC_KEY_HELP, collect)
    .option("--keys <file>", KEYS_HELP)
    .option("--key-file <file>", "read the license key from this file; - for stdin")
    .option("--now <date>", "JWT only: check exp/nbf/iat against this time", parseDate("--now"))
    .option("--issuer <iss>", "JWT only: require this iss claim")
    .option("--audience <aud>", "JWT only: require this aud claim")
    .option("--json", 'print {"scheme", "dataset", "claims"} as JSON instead of the dataset')
    .addHelpText(
      "after",
      helpText(`
Prints the dataset exactly as embedded, followed by a newline; for RSA_2048_JWT_RS256 keys
the claims, as indented JSON. Fails with BAD_SIGNATURE (exit 10), CANNOT_DECRYPT (11),
WRONG_ALGORITHM (12), EXPIRED (13), ISSUED_IN_FUTURE (14) or MISMATCH (15).

Examples:
  $ keyward key verify --scheme ED25519_SIGN \\
      --public-key keys/ed25519-public.pem "key/eyJ…"
  $ keyward key verify --scheme RSA_2048_JWT_RS256 \\
      --public-key keys/rsa-public.pem < license.key`),
    )
    .action(async (argument: string | undefined, options: VerifyOptions) => {
      if (argument !== undefined && options.keyFile !== undefined) {
        throw usageError("give the license key either as an argument or with --key-file, not both");
      }
      const publicKey = await loadTrustedKeys(context, options);
      const licenseKey = (
        argument ?? (await context.readText(options.keyFile, "license key"))
      ).trim();
      const result = await verifyLicenseKey(licenseKey, publicKey, {
        scheme: options.scheme,
        crypto: nodeCrypto,
        ...(options.now === undefined ? {} : { now: options.now }),
        ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
        ...(options.audience === undefined ? {} : { audience: options.audience }),
      });
      if (!result.ok) throw result.error;
      const { value } = result;
      if (options.json) {
        await context.writeOutput(undefined, JSON.stringify(value, null, 2));
      } else if (value.claims !== undefined) {
        await context.writeOutput(undefined, JSON.stringify(value.claims, null, 2));
      } else {
        await context.writeStdout(`${value.dataset}\n`);
      }
    });
}
