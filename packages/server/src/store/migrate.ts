import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import { dialectOf } from "./database.js";
import * as initial from "./migrations/0001_initial.js";
import * as licensing from "./migrations/0002_licensing.js";
import * as usersHandshakeCodes from "./migrations/0003_users_handshake_codes.js";
import * as machines from "./migrations/0004_machines.js";
import * as engine from "./migrations/0005_engine.js";
import * as offlineActivation from "./migrations/0006_offline_activation.js";
import * as trackable from "./migrations/0007_trackable.js";
import * as idempotentResponseHeaders from "./migrations/0008_idempotent_response_headers.js";
import * as secretsAndLoginSources from "./migrations/0009_secrets_and_login_sources.js";
import * as trialHardwareIds from "./migrations/0010_trial_hardware_ids.js";
import * as tokenScopeLastUsed from "./migrations/0011_token_scope_last_used.js";
import * as webhooks from "./migrations/0012_webhooks.js";
import * as auditLog from "./migrations/0013_audit_log.js";
import * as validationCounters from "./migrations/0014_validation_counters.js";
import * as signingKeyRotation from "./migrations/0015_signing_key_rotation.js";
import * as licenseSearch from "./migrations/0016_license_search.js";
import * as usageAlertState from "./migrations/0017_usage_alert_state.js";
import * as licenseSearchTrigrams from "./migrations/0018_license_search_trigrams.js";
import * as foreignKeyIndexes from "./migrations/0019_foreign_key_indexes.js";
import * as idempotencyKeysPerCaller from "./migrations/0020_idempotency_keys_per_caller.js";
import * as signingKeyEndorsements from "./migrations/0021_signing_key_endorsements.js";
import * as usageAlertLimits from "./migrations/0022_usage_alert_limits.js";
import * as offlinePreviousKeys from "./migrations/0023_offline_previous_keys.js";
import * as webhookPreviousSecrets from "./migrations/0024_webhook_previous_secrets.js";
import * as licenseImportedKeys from "./migrations/0025_license_imported_keys.js";
import type { Database } from "./schema.js";

// Migrations are imported, not read from disk, so they work the same from src/ and dist/.
// Exported for the tests that migrate a database only part of the way (an older version's).
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_initial": initial,
  "0002_licensing": licensing,
  "0003_users_handshake_codes": usersHandshakeCodes,
  "0004_machines": machines,
  "0005_engine": engine,
  "0006_offline_activation": offlineActivation,
  "0007_trackable": trackable,
  "0008_idempotent_response_headers": idempotentResponseHeaders,
  "0009_secrets_and_login_sources": secretsAndLoginSources,
  "0010_trial_hardware_ids": trialHardwareIds,
  "0011_token_scope_last_used": tokenScopeLastUsed,
  "0012_webhooks": webhooks,
  "0013_audit_log": auditLog,
  "0014_validation_counters": validationCounters,
  "0015_signing_key_rotation": signingKeyRotation,
  "0016_license_search": licenseSearch,
  "0017_usage_alert_state": usageAlertState,
  "0018_license_search_trigrams": licenseSearchTrigrams,
  "0019_foreign_key_indexes": foreignKeyIndexes,
  "0020_idempotency_keys_per_caller": idempotencyKeysPerCaller,
  "0021_signing_key_endorsements": signingKeyEndorsements,
  "0022_usage_alert_limits": usageAlertLimits,
  "0023_offline_previous_keys": offlinePreviousKeys,
  "0024_webhook_previous_secrets": webhookPreviousSecrets,
  "0025_license_imported_keys": licenseImportedKeys,
};

/** Every migration this version knows, oldest first (by name, as Kysely's migrator runs them). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export class MigrationError extends Error {
  override readonly name: string = "MigrationError";
}

/**
 * The database was migrated by a newer Keyward: this version does not know its newest
 * migration and must not run on it (a downgrade). The operator's mistake, not a bug.
 */
export class DatabaseNewerError extends MigrationError {
  override readonly name = "DatabaseNewerError";
}

/**
 * Brings the schema up to date, all pending migrations or none; safe to run from several
 * processes at once. PostgreSQL: Kysely's migrator takes an advisory lock and runs them in one
 * transaction. SQLite: Kysely neither locks nor uses a transaction there, so two processes
 * would both create the same tables; the whole run goes in one `begin immediate` transaction
 * (SQLite's DDL is transactional), which waits for another process's run (busy_timeout) and
 * leaves nothing half done if the process dies.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  onWait: () => void = () => {},
): Promise<string[]> {
  if (dialectOf(db) === "postgres") {
    if (!(await postgresLockFree(db))) onWait();
    return migrateWith(db, await migrationTableSchema(db));
  }
  return db.connection().execute(async (connection) => {
    await beginImmediate(connection, onWait);
    try {
      const applied = await migrateWith(connection, {});
      await sql`commit`.execute(connection);
      return applied;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}

/**
 * Kysely's migration lock on PostgreSQL: the session advisory lock of its postgres-adapter.js,
 * copied (Kysely does not export it; should it change, a wait goes unsaid, nothing else).
 */
export const POSTGRES_MIGRATION_LOCK = "3853314791062309107";

/**
 * Whether no other instance holds the migration lock right now, asked without waiting (and let
 * go at once): only for saying that the run waits. The lock can change hands between this and
 * the migrator's own, so a short wait may go unsaid.
 */
async function postgresLockFree(db: Kysely<Database>): Promise<boolean> {
  return db.connection().execute(async (connection) => {
    const lock = sql.lit(POSTGRES_MIGRATION_LOCK);
    const { rows } = await sql<{
      free: boolean;
    }>`select pg_try_advisory_lock(${lock}) as free`.execute(connection);
    if (rows[0]?.free) await sql`select pg_advisory_unlock(${lock})`.execute(connection);
    return rows[0]?.free === true;
  });
}

/**
 * SQLite's write lock for the run: tried without waiting first, so that a wait for another
 * process's run is said (onWait), then waited for up to the connection's busy timeout.
 */
async function beginImmediate(connection: Kysely<Database>, onWait: () => void): Promise<void> {
  const { rows } = await sql<{ timeout: number }>`pragma busy_timeout`.execute(connection);
  const timeout = Number(rows[0]?.timeout ?? 0);
  await sql`pragma busy_timeout = 0`.execute(connection);
  try {
    await sql`begin immediate`.execute(connection);
    return;
  } catch (error) {
    if ((error as { code?: unknown }).code !== "SQLITE_BUSY") throw error;
  } finally {
    await sql.raw(`pragma busy_timeout = ${timeout}`).execute(connection);
  }
  onWait();
  await sql`begin immediate`.execute(connection);
}

async function migrateWith(
  db: Kysely<Database>,
  options: { migrationTableSchema?: string },
): Promise<string[]> {
  const migrator = new Migrator({ db, provider, ...options });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const unknown = await unknownMigration(db, options.migrationTableSchema);
    if (unknown !== undefined) {
      throw new DatabaseNewerError(
        `the database was migrated by a newer version of Keyward (it has migration ${unknown}, ` +
          `this version's last is ${MIGRATION_NAMES.at(-1)}): run that version or a newer one; ` +
          "going back needs the backup taken before the upgrade (docs/server.md, Upgrading)",
      );
    }
    const failed = results?.find((result) => result.status === "Error")?.migrationName;
    throw new MigrationError(`migration ${failed ?? "?"} failed: ${String(error)}`);
  }
  return (results ?? []).map((result) => result.migrationName);
}

/**
 * The first migration the database has run that this version does not know: why the migrator
 * refused it (read from Kysely's table rather than from its error's wording). Asked only after
 * a failure, so a start pays nothing for it.
 */
async function unknownMigration(
  db: Kysely<Database>,
  schema: string | undefined,
): Promise<string | undefined> {
  const table = sql.table(schema ? `${schema}.kysely_migration` : "kysely_migration");
  try {
    const { rows } = await sql<{ name: string }>`select name from ${table} order by name`.execute(
      db,
    );
    return rows.map((row) => row.name).find((name) => !(name in MIGRATIONS));
  } catch {
    return undefined; // no table yet: the failure is another one
  }
}

/**
 * On PostgreSQL, Kysely's own tables must be looked for in our schema: without a schema it
 * takes a kysely_migration table in *any* schema of the database (another application's, or
 * another Keyward's with a different search_path) as ours, skips creating it, then fails.
 */
async function migrationTableSchema(
  db: Kysely<Database>,
): Promise<{ migrationTableSchema?: string }> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  );
  const schema = rows[0]?.schema;
  return schema ? { migrationTableSchema: schema } : {};
}
