import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  PostgresAdapter,
  sql,
} from "kysely";
import * as initial from "./migrations/0001_initial.js";
import * as licensing from "./migrations/0002_licensing.js";
import * as usersHandshakeCodes from "./migrations/0003_users_handshake_codes.js";
import * as machines from "./migrations/0004_machines.js";
import * as engine from "./migrations/0005_engine.js";
import * as offlineActivation from "./migrations/0006_offline_activation.js";
import * as trackable from "./migrations/0007_trackable.js";
import * as idempotentResponseHeaders from "./migrations/0008_idempotent_response_headers.js";
import * as secretsAndLoginSources from "./migrations/0009_secrets_and_login_sources.js";
import type { Database } from "./schema.js";

// Migrations are imported, not read from disk, so they work the same from src/ and dist/.
const MIGRATIONS: Record<string, Migration> = {
  "0001_initial": initial,
  "0002_licensing": licensing,
  "0003_users_handshake_codes": usersHandshakeCodes,
  "0004_machines": machines,
  "0005_engine": engine,
  "0006_offline_activation": offlineActivation,
  "0007_trackable": trackable,
  "0008_idempotent_response_headers": idempotentResponseHeaders,
  "0009_secrets_and_login_sources": secretsAndLoginSources,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export class MigrationError extends Error {
  override readonly name = "MigrationError";
}

/** Brings the schema up to date; safe to run from several processes at start (Kysely locks). */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, ...(await migrationTableSchema(db)) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === "Error")?.migrationName;
    throw new MigrationError(`migration ${failed ?? "?"} failed: ${String(error)}`);
  }
  return (results ?? []).map((result) => result.migrationName);
}

/**
 * On PostgreSQL, Kysely's own tables must be looked for in our schema: without a schema it
 * takes a kysely_migration table in *any* schema of the database (another application's, or
 * another Keyward's with a different search_path) as ours, skips creating it, then fails.
 */
async function migrationTableSchema(
  db: Kysely<Database>,
): Promise<{ migrationTableSchema?: string }> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return {};
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  );
  const schema = rows[0]?.schema;
  return schema ? { migrationTableSchema: schema } : {};
}
