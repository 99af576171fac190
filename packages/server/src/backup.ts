import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  linkSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
} from "node:fs";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { preparePrivateDir, type Warn, warnOnStderr } from "./data-dir.js";
import { SQLITE_FILE } from "./store/database.js";
import { MIGRATION_NAMES } from "./store/migrate.js";

// Backups of the SQLite database (PostgreSQL has pg_dump: docs/server.md, Backups). A backup is
// one self-contained SQLite file, 0600, holding the database as of one moment while the server
// goes on writing; it is useless without the server secret that sealed its keys.

/** io: a file or directory is in the way or unreadable; invalid: not a usable backup. */
export class BackupError extends Error {
  override readonly name = "BackupError";
  constructor(
    readonly kind: "io" | "invalid",
    message: string,
  ) {
    super(message);
  }
}

// Pages per backup step: all of them, so the copy is one step under one read transaction (a
// snapshot as of its start). In steps, every write of the server in between would restart the
// copy, which under steady writes might never end. The cost: the copying process does nothing
// else meanwhile (measured: 205 MB in 1.1 s on a 2-core machine); the server's writes go on
// (WAL readers block no writer).
const ALL_PAGES = 0x7fffffff;

/**
 * Copies `dataDir`'s database to `out` (which must not exist yet: never overwritten). Returns
 * false, copying nothing, when `out` appeared meanwhile (another instance's scheduled backup).
 */
export async function backupDatabase(dataDir: string, out: string): Promise<boolean> {
  const source = join(dataDir, SQLITE_FILE);
  if (!existsSync(source)) throw new BackupError("io", `no Keyward database at ${source}`);
  const partial = `${out}.partial-${randomBytes(6).toString("hex")}`;
  // Read-only: the backup never writes the live database.
  const live = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    live.pragma("busy_timeout = 5000");
    try {
      // Created 0600 before the first page lands in it; SQLite keeps an existing file's mode.
      closeSync(openSync(partial, "wx", 0o600));
    } catch (error) {
      throw new BackupError("io", `cannot write ${partial}: ${(error as Error).message}`);
    }
    await live.backup(partial, { progress: () => ALL_PAGES });
    // Out of WAL mode: the copy is one file, readable without creating -wal and -shm beside it.
    const copy = new SQLite(partial);
    copy.pragma("journal_mode = DELETE");
    copy.close();
    try {
      // A hard link never replaces a file, unlike rename: concurrent instances write one each.
      linkSync(partial, out);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw new BackupError("io", `cannot write ${out}: ${(error as Error).message}`);
    }
    return true;
  } finally {
    live.close();
    rmSync(partial, { force: true });
  }
}

/**
 * Checks that `file` is an intact Keyward database this version can open (PRAGMA
 * integrity_check, its migrations all known here) and returns its latest migration.
 */
export function checkBackup(file: string): string {
  if (!existsSync(file)) throw new BackupError("io", `${file} does not exist`);
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const problems = db.pragma("integrity_check", { simple: false }) as Array<{
      integrity_check: string;
    }>;
    const report = problems.map((row) => row.integrity_check);
    if (report.join() !== "ok") {
      throw new BackupError("invalid", `${file} fails PRAGMA integrity_check: ${report[0]}`);
    }
    const hasMigrations = db
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get();
    if (!hasMigrations) throw new BackupError("invalid", `${file} is not a Keyward database`);
    const applied = db
      .prepare("select name from kysely_migration order by name")
      .pluck()
      .all() as string[];
    const unknown = applied.filter((name) => !MIGRATION_NAMES.includes(name));
    if (unknown.length > 0) {
      throw new BackupError(
        "invalid",
        `${file} was made by a newer Keyward (migration ${unknown[0]} is unknown to this version)`,
      );
    }
    const latest = applied.at(-1);
    if (latest === undefined) throw new BackupError("invalid", `${file} has no migrations`);
    return latest;
  } catch (error) {
    if (error instanceof BackupError) throw error;
    if (String((error as { code?: unknown }).code).startsWith("SQLITE_CORRUPT")) {
      throw new BackupError(
        "invalid",
        `${file} fails PRAGMA integrity_check: ${(error as Error).message}`,
      );
    }
    // SQLITE_NOTADB and the like: not a database at all.
    throw new BackupError(
      "invalid",
      `${file} is not a SQLite database (${(error as Error).message})`,
    );
  } finally {
    db?.close();
  }
}

/**
 * Puts the backup `file` into `dataDir` as its database, after checkBackup. The data dir must
 * be missing or empty, so a restore never mixes with or replaces a live database. Returns the
 * database's latest migration (the server applies newer ones at its next start).
 */
export function restoreDatabase(file: string, dataDir: string, warn: Warn = warnOnStderr): string {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new BackupError(
      "io",
      `${dataDir} is not empty: restore into a new data dir, then copy the secret into it`,
    );
  }
  const migration = checkBackup(file);
  preparePrivateDir(dataDir, warn);
  const target = join(dataDir, SQLITE_FILE);
  const partial = `${target}.partial`;
  try {
    copyFileSync(file, partial);
    chmodSync(partial, 0o600);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return migration;
}

/** Name of a scheduled backup: the start of its interval, in UTC to the minute. */
export function scheduledBackupName(slotStart: Date): string {
  const stamp = slotStart.toISOString().replace(/[-:]/g, "").slice(0, 13);
  return `keyward-${stamp}Z.sqlite`;
}

const SCHEDULED = /^keyward-\d{8}T\d{4}Z\.sqlite$/;

export interface ScheduledBackupOptions {
  dataDir: string;
  dir: string;
  intervalMinutes: number;
  keep: number;
  /** Says that the backup dir had to be tightened (default: on stderr). */
  warn?: Warn;
}

/**
 * One scheduled backup at `now`: the file of the current interval, unless an instance sharing
 * the backup dir already wrote it; then only the newest `keep` scheduled backups stay. Returns
 * the file written, or null. Several instances may run it at once: the name is the interval's,
 * so they write it once (backupDatabase never replaces), and pruning tolerates files gone.
 */
export async function runScheduledBackup(
  options: ScheduledBackupOptions,
  now: Date,
): Promise<string | null> {
  const intervalMs = options.intervalMinutes * 60_000;
  const slot = new Date(Math.floor(now.getTime() / intervalMs) * intervalMs);
  preparePrivateDir(options.dir, options.warn ?? warnOnStderr);
  const file = join(options.dir, scheduledBackupName(slot));
  const written = existsSync(file) ? false : await backupDatabase(options.dataDir, file);
  const backups = readdirSync(options.dir)
    .filter((name) => SCHEDULED.test(name))
    .sort();
  for (const name of backups.slice(0, Math.max(0, backups.length - options.keep))) {
    rmSync(join(options.dir, name), { force: true });
  }
  return written ? file : null;
}

export interface ScheduledBackups {
  stop(): Promise<void>;
}

/** Runs runScheduledBackup now and then every interval, until stopped. */
export function scheduleBackups(
  options: ScheduledBackupOptions & {
    onBackup: (file: string) => void;
    onError: (error: unknown) => void;
  },
): ScheduledBackups {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      try {
        const file = await runScheduledBackup(options, new Date());
        if (file) options.onBackup(file);
      } catch (error) {
        options.onError(error);
      }
    });
  };
  run();
  const timer = setInterval(run, options.intervalMinutes * 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
