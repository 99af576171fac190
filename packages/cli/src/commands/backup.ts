import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { CliError, usageError } from "../errors.js";
import type { Context } from "../io.js";

interface DatabaseOptions {
  dataDir?: string;
  databaseUrl?: string;
}

const SECRET_NOTE =
  "The backup holds the signing keys sealed with the server secret (KEYWARD_SECRET or\n" +
  "<data dir>/secret): keep the secret with every backup, or the keys cannot be opened.";

/** The server's data dir, by the rules of `keyward serve`; PostgreSQL is pg_dump's job. */
async function sqliteDataDir(options: DatabaseOptions, command: string): Promise<string> {
  // Imported here, not at the top: the offline commands must start without the server.
  const { ConfigError, loadConfig } = await import("@keyward/server");
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ dataDir: options.dataDir, databaseUrl: options.databaseUrl });
  } catch (error) {
    if (error instanceof ConfigError) throw usageError(error.message);
    throw error;
  }
  if (config.databaseUrl !== null) {
    throw usageError(
      `keyward ${command} is for SQLite; back up PostgreSQL with pg_dump and restore with ` +
        "pg_restore (docs/server.md, Backups)",
    );
  }
  return config.dataDir;
}

/** A BackupError as the CLI reports it: a file in the way (3) or not a usable backup (4). */
async function asCliError(error: unknown): Promise<unknown> {
  const { BackupError } = await import("@keyward/server");
  if (!(error instanceof BackupError)) return error;
  return new CliError(error.kind === "io" ? "IO_ERROR" : "BAD_FORMAT", error.message);
}

/** `keyward backup` and `keyward restore`: SQLite backups, online. */
export function registerBackupCommands(program: Command, context: Context): void {
  program
    .command("backup")
    .summary("copy the SQLite database, also while the server runs")
    .description(
      "Copy the server's SQLite database to a new file (0600): a consistent snapshot taken\n" +
        "while the server goes on serving and writing (SQLite's online backup). The database is\n" +
        "only read. --data-dir / KEYWARD_DATA_DIR (./data) names it; with DATABASE_URL\n" +
        `(PostgreSQL) use pg_dump instead.\n${SECRET_NOTE}`,
    )
    .requiredOption("-o, --out <file>", "the backup file to write (must not exist)")
    .option("--data-dir <dir>", "data directory of the server")
    .option("--database-url <url>", "PostgreSQL URL (refused: use pg_dump)")
    .action(async (options: DatabaseOptions & { out: string }) => {
      const dataDir = await sqliteDataDir(options, "backup");
      const out = resolve(options.out);
      const exists = () => new CliError("IO_ERROR", `${out} exists: choose another file`);
      if (existsSync(out)) throw exists();
      const { backupDatabase } = await import("@keyward/server");
      const written = await backupDatabase(dataDir, out).catch(async (error: unknown) => {
        throw await asCliError(error);
      });
      if (!written) throw exists();
      await context.writeStdout(`backup written to ${out}\n`);
    });

  program
    .command("restore")
    .summary("put a backup into an empty data dir")
    .description(
      "Check a backup made by `keyward backup` (PRAGMA integrity_check, a Keyward database of\n" +
        "this or an older version) and make it the database of a new, empty data dir (0700, the\n" +
        "database 0600). Then copy the secret the backup was made with into the data dir as\n" +
        "`secret` (0600) or set KEYWARD_SECRET, and start the server on it: it applies newer\n" +
        "migrations at start.",
    )
    .argument("<file>", "the backup file")
    .option("--data-dir <dir>", "the data directory to create (missing or empty)")
    .option("--database-url <url>", "PostgreSQL URL (refused: use pg_restore)")
    .action(async (file: string, options: DatabaseOptions) => {
      const dataDir = await sqliteDataDir(options, "restore");
      const { restoreDatabase } = await import("@keyward/server");
      let migration: string;
      try {
        migration = restoreDatabase(resolve(file), dataDir);
      } catch (error) {
        throw await asCliError(error);
      }
      await context.writeStdout(
        `restored ${resolve(file)} (migration ${migration}) into ${dataDir}\n` +
          `copy the server secret into ${dataDir}/secret (mode 0600) or set KEYWARD_SECRET\n`,
      );
    });
}
