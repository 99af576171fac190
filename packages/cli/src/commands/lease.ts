import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm, verifyLease } from "@keyward/formats";
import { nodeCrypto } from "@keyward/formats/node";
import type { Command } from "commander";
import { usageError } from "../errors.js";
import { helpText } from "../help.js";
import {
  type Context,
  collect,
  KEYS_HELP,
  loadTrustedKeys,
  PUBLIC_KEY_HELP,
  type TrustedKeyOptions,
} from "../io.js";
import { parseDate, pickName } from "../options.js";

interface VerifyOptions extends TrustedKeyOptions {
  algorithm: SignatureAlgorithm;
  leaseFile?: string;
  fingerprint?: string;
  productId?: string;
  now?: Date;
}

/** `keyward lease …`: the signed leases of online checks (SPEC R2–R4). */
export function registerLeaseCommands(program: Command, context: Context): void {
  const lease = program.command("lease").description("verify the signed lease of a check");

  lease
    .command("verify")
    .description("verify a lease and print its claims and state (valid, grace or locked)")
    .argument("[lease]", "the lease (default: --lease-file, else stdin)")
    .option("-p, --public-key <key>", PUBLIC_KEY_HELP, collect)
    .option("--keys <file>", KEYS_HELP)
    .option(
      "-a, --algorithm <alg>",
      `the algorithm: ${SIGNATURE_ALGORITHMS.join(", ")}`,
      (value: string) => pickName(value, SIGNATURE_ALGORITHMS, "signature algorithm"),
      "ed25519",
    )
    .option("--lease-file <file>", "read the lease from this file; - for stdin")
    .option("--fingerprint <fp>", "require this device fingerprint (fp)")
    .option("--product-id <id>", "require this product id (prod)")
    .option("--now <date>", "judge the lease at this time instead of the clock", parseDate("--now"))
    .addHelpText(
      "after",
      helpText(`
Prints {"claims", "state"} as JSON; the lease's kid names the key that signed it. Fails with
BAD_SIGNATURE (exit 10), ISSUED_IN_FUTURE (14) or MISMATCH (15).

Example:
  $ keyward signing-keys list --json > keys.json
  $ keyward lease verify --keys keys.json "lease/eyJ…"`),
    )
    .action(async (argument: string | undefined, options: VerifyOptions) => {
      if (argument !== undefined && options.leaseFile !== undefined) {
        throw usageError("give the lease either as an argument or with --lease-file, not both");
      }
      const keys = await loadTrustedKeys(context, options);
      const text = (argument ?? (await context.readText(options.leaseFile, "lease"))).trim();
      const result = await verifyLease(text, keys, {
        algorithm: options.algorithm,
        now: options.now ?? new Date(),
        crypto: nodeCrypto,
        ...(options.fingerprint === undefined ? {} : { fingerprint: options.fingerprint }),
        ...(options.productId === undefined ? {} : { productId: options.productId }),
      });
      if (!result.ok) throw result.error;
      await context.writeOutput(undefined, JSON.stringify(result.value, null, 2));
    });
}
