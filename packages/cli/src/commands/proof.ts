import {
  type KeyType,
  SIGNATURE_ALGORITHMS,
  type SignatureAlgorithm,
  verifyActivationProof,
} from "@keyward/formats";
import { createActivationProof, nodeCrypto } from "@keyward/formats/node";
import type { Command } from "commander";
import { usageError } from "../errors.js";
import { helpText } from "../help.js";
import {
  type Context,
  collect,
  firstKeyType,
  KEYS_HELP,
  loadPrivateKey,
  loadTrustedKeys,
  PUBLIC_KEY_HELP,
  type TrustedKeyOptions,
} from "../io.js";
import { pickName } from "../options.js";

interface CreateOptions {
  privateKey: string;
  algorithm?: SignatureAlgorithm;
  dataset?: string;
  trim: boolean;
  out?: string;
}

interface VerifyOptions extends TrustedKeyOptions {
  algorithm?: SignatureAlgorithm;
  proofFile?: string;
  fingerprint?: string;
  licenseKey?: string;
  productId?: string;
  json?: boolean;
}

export function parseSignatureAlgorithm(value: string): SignatureAlgorithm {
  return pickName(value, SIGNATURE_ALGORITHMS, "signature algorithm");
}

/** Ed25519 keys sign with ed25519; RSA keys default to RSA-PSS, the recommended RSA padding. */
function defaultAlgorithm(type: KeyType): SignatureAlgorithm {
  return type === "ed25519" ? "ed25519" : "rsa-pss-sha256";
}

const ALGORITHM_HELP =
  `${SIGNATURE_ALGORITHMS.join(", ")} ` +
  "(default: ed25519 for Ed25519 keys, rsa-pss-sha256 for RSA keys)";

/** `keyward proof …`: activation proofs for air-gapped devices (SPEC K6). */
export function registerProofCommands(program: Command, context: Context): void {
  const proof = program
    .command("proof")
    .description("create and verify activation proofs (a license bound to a device, offline)");

  proof
    .command("create")
    .description("sign a dataset into an activation proof: proof/<dataset>.<signature>")
    .requiredOption("-k, --private-key <file>", "signing private key file (Ed25519 or RSA)")
    .option("-a, --algorithm <alg>", ALGORITHM_HELP, parseSignatureAlgorithm)
    .option(
      "-d, --dataset <file>",
      "the dataset to sign (usually JSON); - for stdin (default: stdin)",
    )
    .option("--no-trim", "keep a trailing newline of the dataset (by default one is removed)")
    .option("-o, --out <file>", "write the proof to this file instead of stdout")
    .addHelpText(
      "after",
      helpText(`
The dataset is signed exactly as given. Keyward's default dataset is the JSON object
{"account":{"id"}, "product":{"id"}, "license":{"id","key","expiry"},
"machine":{"id","fingerprint","created"}, "issued"}; \`proof verify --fingerprint\`,
\`--license-key\` and \`--product-id\` check machine.fingerprint, license.key and product.id.

Example:
  $ keyward proof create --private-key keys/ed25519-private.pem \\
      --dataset proof.json > proof.txt`),
    )
    .action(async (options: CreateOptions) => {
      context.assertOneStdin({ "private key": options.privateKey, dataset: options.dataset });
      const privateKey = await loadPrivateKey(context, options.privateKey);
      let dataset = await context.readText(options.dataset, "dataset");
      if (options.trim) dataset = dataset.replace(/\r?\n$/, "");
      const text = createActivationProof({
        algorithm: options.algorithm ?? defaultAlgorithm(privateKey.type),
        privateKey,
        dataset,
      });
      await context.writeOutput(options.out, text, { what: "activation proof" });
    });

  proof
    .command("verify")
    .description("verify an activation proof and print its dataset")
    .argument("[proof]", "the proof (default: --proof-file, else stdin)")
    .option("-p, --public-key <key>", PUBLIC_KEY_HELP, collect)
    .option("--keys <file>", KEYS_HELP)
    .option("-a, --algorithm <alg>", ALGORITHM_HELP, parseSignatureAlgorithm)
    .option("--proof-file <file>", "read the proof from this file; - for stdin")
    .option("--fingerprint <fp>", "require this machine fingerprint (machine.fingerprint)")
    .option("-l, --license-key <key>", "require this license key (license.key)")
    .option("--product-id <id>", "require this product id (product.id)")
    .option("--json", 'print {"dataset", "claims"} as JSON instead of the dataset')
    .addHelpText(
      "after",
      helpText(`
Fails with BAD_SIGNATURE (exit 10) or, when --fingerprint, --license-key or --product-id
differ from the proof, MISMATCH (15).

Example:
  $ keyward proof verify --public-key keys/ed25519-public.pem \\
      --fingerprint "$FP" < proof.txt`),
    )
    .action(async (argument: string | undefined, options: VerifyOptions) => {
      if (argument !== undefined && options.proofFile !== undefined) {
        throw usageError("give the proof either as an argument or with --proof-file, not both");
      }
      const publicKey = await loadTrustedKeys(context, options);
      const text = (argument ?? (await context.readText(options.proofFile, "proof"))).trim();
      const result = await verifyActivationProof(text, publicKey, {
        algorithm: options.algorithm ?? defaultAlgorithm(firstKeyType(publicKey) ?? "ed25519"),
        crypto: nodeCrypto,
        ...(options.fingerprint === undefined ? {} : { fingerprint: options.fingerprint }),
        ...(options.licenseKey === undefined ? {} : { licenseKey: options.licenseKey }),
        ...(options.productId === undefined ? {} : { productId: options.productId }),
      });
      if (!result.ok) throw result.error;
      if (options.json) {
        await context.writeOutput(undefined, JSON.stringify(result.value, null, 2));
      } else {
        await context.writeStdout(`${result.value.dataset}\n`);
      }
    });
}
