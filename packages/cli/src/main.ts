import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Command, CommanderError } from "commander";
import { registerAdminCommands } from "./admin/commands.js";
import { registerBackupCommands } from "./commands/backup.js";
import { registerFileCommands } from "./commands/file.js";
import { registerKeyCommands } from "./commands/key.js";
import { registerKeysCommands } from "./commands/keys.js";
import { registerLeaseCommands } from "./commands/lease.js";
import { registerOfflineCommands } from "./commands/offline.js";
import { registerOrgsCommands } from "./commands/orgs.js";
import { registerProofCommands } from "./commands/proof.js";
import { registerServeCommand } from "./commands/serve.js";
import { formatFailure, toFailure } from "./errors.js";
import { flowText, helpText, helpWidth } from "./help.js";
import { Context, type Io, processIo } from "./io.js";

/**
 * The package version, from package.json found by the package's name: src/, dist/ and the
 * bundle the bin runs (dist/bundle/) sit at different depths.
 */
export const VERSION: string = (() => {
  try {
    const text = readFileSync(
      createRequire(import.meta.url).resolve("keyward/package.json"),
      "utf8",
    );
    return (JSON.parse(text) as { version?: string }).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
})();

/**
 * Builds the command tree. Each command group registers itself from src/commands/; the admin
 * commands, one group per API resource, from the table in src/admin/resources.ts. Subcommands must be created with
 * `.command()` (not `.addCommand()`) so they inherit the exit and output settings below.
 */
export function createProgram(context: Context): Command {
  const { io } = context;
  const program = new Command("keyward")
    .description(
      "Keyward: self-hosted software licensing.\n" +
        "The license server (`keyward serve`), admin commands for its API (`keyward login`, then\n" +
        "`keyward licenses list`, …) and offline tools for signing keys, license keys, license\n" +
        "files and activation proofs.",
    )
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help for a command")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Errors are printed once, on one line, by main().
      outputError: () => {},
      getOutHelpWidth: () => helpWidth(io.stdout.isTTY ? io.stdout.columns : undefined),
      getErrHelpWidth: () => helpWidth(io.stderr.isTTY ? io.stderr.columns : undefined),
    })
    .configureHelp({ boxWrap: (text, width) => flowText(text, width) })
    .showSuggestionAfterError(true)
    .addHelpText(
      "after",
      helpText(
        "\nRun `keyward <command> --help` for the options of a command. Errors are printed on one\n" +
          "line as `keyward: error: <message> (<CODE>)`; docs/cli.md lists the exit codes.",
      ),
    );

  registerServeCommand(program);
  registerKeysCommands(program, context);
  registerKeyCommands(program, context);
  registerFileCommands(program, context);
  registerProofCommands(program, context);
  registerLeaseCommands(program, context);
  registerOrgsCommands(program, context);
  registerOfflineCommands(program, context);
  registerBackupCommands(program, context);
  registerAdminCommands(program, context);
  return program;
}

/**
 * Runs the command line and returns the exit status. Never calls process.exit, so it can run
 * inside tests and inside other programs; `bin/keyward.js` sets process.exitCode from it.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const context = new Context(io);
  try {
    const program = createProgram(context);
    await program.parseAsync(argv, { from: "node" });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version print and succeed; a group without a subcommand printed its help.
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
      if (error.code === "commander.help") return error.exitCode === 0 ? 0 : 2;
    }
    const failure = toFailure(error);
    if (failure.code === "INTERNAL" && process.env.KEYWARD_DEBUG && error instanceof Error) {
      io.stderr.write(`${error.stack}\n`);
    }
    io.stderr.write(formatFailure(failure));
    return failure.exitCode;
  }
}
