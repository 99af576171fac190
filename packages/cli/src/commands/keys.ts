import { join } from "node:path";
import { exportPublicKey, type KeyType, type PublicKeyFormat } from "@keyward/formats";
import { exportPrivateKey, generateKeyPair, publicKeyOf } from "@keyward/formats/node";
import { type Command, Option } from "commander";
import { CliError, usageError } from "../errors.js";
import { helpText } from "../help.js";
import { type Context, ensureDirectory, loadPrivateKey, refuseOverwrite } from "../io.js";

const KEY_TYPES: readonly KeyType[] = ["ed25519", "rsa"];
const KEY_FORMATS: readonly PublicKeyFormat[] = ["pem", "der", "base64", "hex"];
const EXTENSIONS: Record<PublicKeyFormat, string> = {
  pem: "pem",
  der: "der",
  base64: "b64",
  hex: "hex",
};

interface GenerateOptions {
  type: KeyType;
  format: PublicKeyFormat;
  outDir?: string;
  privateOut?: string;
  publicOut?: string;
  force?: boolean;
}

interface PublicOptions {
  privateKey: string;
  format: PublicKeyFormat;
  out?: string;
}

/** `keyward keys …`: signing key pairs (the vendor's, not license keys). */
export function registerKeysCommands(program: Command, context: Context): void {
  const keys = program
    .command("keys")
    .description("generate signing key pairs and derive public keys");

  keys
    .command("generate")
    .summary("generate an Ed25519 or RSA-2048 signing key pair")
    .description(
      "generate an Ed25519 or RSA-2048 signing key pair.\n" +
        "The private key signs license keys, license files and proofs; ship the public key in your app.",
    )
    .addOption(new Option("-t, --type <type>", "key type").choices(KEY_TYPES).default("ed25519"))
    .addOption(
      new Option("-f, --format <format>", "encoding of both keys (hex: Ed25519 only)")
        .choices(KEY_FORMATS)
        .default("pem"),
    )
    .option(
      "-o, --out-dir <dir>",
      "write <type>-private.<ext> (mode 0600) and <type>-public.<ext> into this directory",
    )
    .option("--private-out <file>", "write the private key to this file (mode 0600); - for stdout")
    .option("--public-out <file>", "write the public key to this file; - for stdout")
    .option("--force", "overwrite existing key files")
    .addHelpText(
      "after",
      helpText(`
Without --out-dir/--private-out/--public-out both keys are printed on stdout: the private
key first. With --private-out alone the public key is printed on stdout. An existing private
key file is never replaced unless --force is given.

Examples:
  $ keyward keys generate --out-dir ./keys
  $ keyward keys generate --type rsa --private-out rsa.key --public-out rsa.pub
  $ keyward keys generate --format hex --private-out ed25519.key`),
    )
    .action(async (options: GenerateOptions) => {
      await generate(context, options);
    });

  keys
    .command("public")
    .description("print the public key of a private key")
    .requiredOption("-k, --private-key <file>", "private key file (PEM, DER, Base64 DER or hex)")
    .addOption(
      new Option("-f, --format <format>", "output encoding (hex: Ed25519 only)")
        .choices(KEY_FORMATS)
        .default("pem"),
    )
    .option("-o, --out <file>", "write to this file instead of stdout")
    .addHelpText(
      "after",
      helpText(`
Example:
  $ keyward keys public --private-key keys/ed25519-private.pem --format hex`),
    )
    .action(async (options: PublicOptions) => {
      const privateKey = await loadPrivateKey(context, options.privateKey);
      const publicKey = publicKeyOf(privateKey);
      await context.writeOutput(options.out, exportPublicKey(publicKey, options.format), {
        what: "public key",
      });
    });
}

async function generate(context: Context, options: GenerateOptions): Promise<void> {
  const { type, format, force } = options;
  if (format === "hex" && type !== "ed25519") {
    throw new CliError("BAD_KEY", "--format hex is only for Ed25519 keys; use pem, der or base64");
  }
  let privateOut = options.privateOut;
  let publicOut = options.publicOut;
  if (options.outDir !== undefined) {
    if (privateOut !== undefined || publicOut !== undefined) {
      throw usageError("--out-dir cannot be combined with --private-out or --public-out");
    }
    privateOut = join(options.outDir, `${type}-private.${EXTENSIONS[format]}`);
    publicOut = join(options.outDir, `${type}-public.${EXTENSIONS[format]}`);
  }
  const privateToStdout = privateOut === undefined || privateOut === "-";
  const publicToStdout = publicOut === undefined || publicOut === "-";
  if (format === "der" && privateToStdout && publicToStdout) {
    throw usageError("DER keys are binary: use --out-dir, or --private-out and --public-out");
  }

  // Refuse before generating or writing anything, so a refusal leaves no partial output.
  if (!privateToStdout) await refuseOverwrite(privateOut!, force, "private key");
  if (!publicToStdout) await refuseOverwrite(publicOut!, force, "public key");
  if (options.outDir !== undefined) await ensureDirectory(options.outDir);

  const pair = generateKeyPair(type);
  const privateText = exportPrivateKey(pair.privateKey, format);
  const publicText = exportPublicKey(pair.publicKey, format);

  if (privateToStdout && publicToStdout) {
    // Both on stdout: PEM blocks label themselves; the one-line encodings get a label.
    const both =
      format === "pem"
        ? `${privateText as string}${publicText as string}`
        : `private: ${privateText as string}\npublic: ${publicText as string}\n`;
    await context.writeOutput(undefined, both);
    return;
  }
  await context.writeOutput(privateOut, privateText, { secret: true, force, what: "private key" });
  // Public keys are not secret (ordinary permissions); an existing one was refused above.
  await context.writeOutput(publicOut, publicText, { force: true, what: "public key" });
  for (const [label, path] of [
    ["private key", privateToStdout ? undefined : privateOut],
    ["public key", publicToStdout ? undefined : publicOut],
  ] as const) {
    if (path !== undefined) await context.writeStderr(`keyward: wrote ${label} to ${path}\n`);
  }
}
